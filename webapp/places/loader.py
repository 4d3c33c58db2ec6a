"""Load the statistical division codes (webapp/places/data/divisions.csv) into the Place table."""

import csv
from pathlib import Path

from sqlalchemy import insert, select, update

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
    """Insert missing places and rename changed ones. Returns (added, updated). Safe to run again.

    Inserted a level at a time, each level in one statement (its parents' ids read back after the level above):
    the ORM wrote the 6,917 places of both cities one INSERT each, to learn each parent's id (5 s)."""
    known = {
        code: (place_id, name) for code, place_id, name in db.session.execute(select(Place.code, Place.id, Place.name))
    }
    codes = {row["code"] for row in rows}
    for row in rows:
        if row["parent_code"] and row["parent_code"] not in known and row["parent_code"] not in codes:
            raise ValueError(f"place {row['code']} has unknown parent {row['parent_code']}")
    renamed = [
        {"id": known[row["code"]][0], "name": row["name"]}
        for row in rows
        if row["code"] in known and known[row["code"]][1] != row["name"]
    ]
    pending = [row for row in rows if row["code"] not in known]
    added = len(pending)
    while pending:
        wave = [row for row in pending if not row["parent_code"] or row["parent_code"] in known]
        db.session.execute(
            insert(Place),
            [
                {
                    "code": row["code"],
                    "name": row["name"],
                    "level": row["level"],
                    "parent_id": known[row["parent_code"]][0] if row["parent_code"] else None,
                }
                for row in wave
            ],
        )
        made = {row["code"] for row in wave}
        for code, place_id in db.session.execute(select(Place.code, Place.id).where(Place.code.in_(made))):
            known[code] = (place_id, "")
        pending = [row for row in pending if row["code"] not in made]
    if renamed:
        db.session.execute(update(Place), renamed)  # by primary key, one statement
    db.session.commit()
    return added, len(renamed)
