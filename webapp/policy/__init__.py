"""The policy engine: municipal rules on residence registration (居住登记) and residence permits (居住证).

Rules are data: one policy profile per jurisdiction and period (`profiles/*.toml`, loaded by `profiles.py`). The
decisions are plain functions of the facts, the profile and a date (`engine.py`), with working-day arithmetic in
`workdays.py` and the words shown to the person in `explain.py`. No request and no database session inside.
"""
