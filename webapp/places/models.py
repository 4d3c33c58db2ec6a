"""The Place table. Codes are the national statistical division codes, which nest by prefix."""

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class Level(StrEnum):
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    COMMUNITY = "community"


class Place(db.Model):
    __tablename__ = "place"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(12), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)

    parent: Mapped["Place | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Place"]] = relationship(back_populates="parent", order_by="Place.code")

    def __repr__(self) -> str:
        return f"<Place {self.code} {self.level}>"

    def contains(self, other: "Place") -> bool:
        """True when `other` is this place or lies below it."""
        return other.code.startswith(self.code)

    def lineage(self) -> list["Place"]:
        """From the city down to this place."""
        chain: list[Place] = []
        node: Place | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))
