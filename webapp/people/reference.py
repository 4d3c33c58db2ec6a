"""Reference data and number checks for people: divisions of mainland China (hukou address), ethnic groups,
resident ID numbers, USCC codes and mobile numbers.

Plain functions over the files in ``webapp/people/data`` (read once, cached); no Flask, no database.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, ValidationError

from webapp import clock

# The divisions of mainland China are places: they live in webapp.places.divisions, named here too for the callers
# that check a person's hukou address.
from webapp.places.divisions import (  # noqa: F401
    DIVISIONS_FILE,
    PLACEHOLDER_NAMES,
    Division,
    children,
    county_label,
    divisions,
    is_county,
    lineage,
)

DATA_DIR = Path(__file__).parent / "data"
ETHNIC_GROUPS_FILE = DATA_DIR / "ethnic_groups.csv"

_ID_NUMBER_RE = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


@dataclass(frozen=True)
class EthnicGroup:
    code: str
    name_zh: str
    name_en: str


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- ethnic groups ---


@cache
def _ethnic_groups() -> tuple[EthnicGroup, ...]:
    return tuple(EthnicGroup(row["code"], row["name_zh"], row["name_en"]) for row in _read_csv(ETHNIC_GROUPS_FILE))


@cache
def _ethnic_groups_by_code() -> dict[str, EthnicGroup]:
    return {group.code: group for group in _ethnic_groups()}


def ethnic_groups() -> list[EthnicGroup]:
    """The 56 ethnic groups (GB/T 3304-1991 codes 01-56) followed by 97 Other and 98 foreign origin."""
    return list(_ethnic_groups())


def ethnic_group(code: str) -> EthnicGroup | None:
    return _ethnic_groups_by_code().get(code)


# --- resident ID numbers (居民身份证号码) ---


def mask_id_number(number: str) -> str:
    """Keep the first 4 and last 4 characters and star the rest: '3303**********1234'.

    Shorter input shows less (at most a quarter at each end), so a short value is never shown whole."""
    number = (number or "").strip()
    keep = min(4, len(number) // 4)
    if keep == 0:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


def compact_id_number(number: str) -> str:
    """Full-width characters folded (NFKC), spaces and hyphens dropped, upper case."""
    number = unicodedata.normalize("NFKC", number)
    return ric.compact("".join(number.split())).replace("-", "")


def check_id_number(number: str, birth_date: date | None) -> tuple[str | None, str | None]:
    """(compact number, None) if valid, else (None, error) with error one of
    "format", "checksum", "birth_date", "region", "birth_date_mismatch".

    The region (first 6 digits) is accepted if python-stdnum's table knows it (which has codes no longer in use) or
    our divisions file has it as a county (which has codes newer than stdnum's table)."""
    try:
        number = compact_id_number(number)
    except (TypeError, ValidationError):
        return None, "format"
    if not _ID_NUMBER_RE.fullmatch(number):
        return None, "format"
    if number[-1] != ric.calc_check_digit(number):
        return None, "checksum"
    try:
        number_birth_date = ric.get_birth_date(number)
    except ValidationError:
        return None, "birth_date"
    if number_birth_date > clock.today():
        return None, "birth_date"
    if not (_stdnum_knows_region(number) or is_county(number[:6])):
        return None, "region"
    if birth_date is not None and number_birth_date != birth_date:
        return None, "birth_date_mismatch"
    return number, None


def _stdnum_knows_region(number: str) -> bool:
    """Whether python-stdnum's table of region codes (cn/loc, with codes no longer in use) has the number's region.

    ``ric.get_birth_place`` also rejects a code first used after the birth year (e.g. 330103 下城区, listed from 1983,
    for someone born in 1970), but numbers were issued years after birth with the code in use then, so a code the
    table lists for any period is accepted."""
    try:
        ric.get_birth_place(number)
    except (ValidationError, KeyError):
        # python-stdnum 2.2 raises KeyError when only the province part of the code is in its table (e.g. 130171).
        pass
    else:
        return True
    return any("county" in props for _part, props in numdb.get("cn/loc").info(number[:6]))


def birth_date_from_id_number(number: str) -> date:
    """The date of birth written in a valid ID number (digits 7-14)."""
    return ric.get_birth_date(compact_id_number(number))


def sex_from_id_number(number: str) -> str:
    """Sex from the 17th digit (the last of the sequence code): "male" if odd, else "female"."""
    compact = compact_id_number(number)
    if not _ID_NUMBER_RE.fullmatch(compact):
        raise ValueError("not an 18-character ID number")
    return "male" if int(compact[16]) % 2 else "female"


# --- USCC (统一社会信用代码) and mobile numbers ---


def check_uscc(code: str) -> tuple[str | None, str | None]:
    """(compact upper-case code, None) if valid, else (None, "format" | "checksum")."""
    try:
        return uscc.validate(unicodedata.normalize("NFKC", code)), None
    except InvalidChecksum:
        return None, "checksum"
    except (TypeError, ValidationError):
        return None, "format"


def check_mobile(phone: str) -> tuple[str | None, str | None]:
    """Mainland mobile number: 11 digits starting 1[3-9]; spaces, hyphens and a +86 / 0086 prefix allowed.
    Returns (the 11 digits, None) or (None, "format")."""
    if not isinstance(phone, str):
        return None, "format"
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", phone))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    if not _MOBILE_RE.fullmatch(digits):
        return None, "format"
    return digits, None
