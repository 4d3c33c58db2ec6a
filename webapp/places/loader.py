"""Load the statistical division codes (webapp/places/data/divisions.csv) into the Place table."""

import csv
from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.places.models import Place

DATA_FILE = Path(__file__).parent / "data" / "divisions.csv"


def read_divisions(path: Path = DATA_FILE, prefixes: tuple[str, ...] | None = None) -> list[dict]:
    """Rows in code order (parents before children), optionally only codes under some prefixes."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if prefixes:
        rows = [r for r in rows if r["code"].startswith(prefixes)]
    return rows


def load_places(rows: list[dict]) -> tuple[int, int]:
    """Insert missing places and rename changed ones. Returns (added, updated). Safe to run again."""
    known = {p.code: p for p in db.session.scalars(select(Place))}
    added = updated = 0
    for row in rows:
        place = known.get(row["code"])
        if place is None:
            parent = known.get(row["parent_code"]) if row["parent_code"] else None
            if row["parent_code"] and parent is None:
                raise ValueError(f"place {row['code']} has unknown parent {row['parent_code']}")
            place = Place(code=row["code"], name=row["name"], level=row["level"], parent=parent)
            db.session.add(place)
            known[place.code] = place
            added += 1
        elif place.name != row["name"]:
            place.name = row["name"]
            updated += 1
    db.session.commit()
    return added, updated
