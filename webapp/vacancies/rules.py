"""The plain checks of a job posting: no Flask, no database.

A posting may not ask for a household registration (hukou), a sex, an ethnic group, or an age the law does not
allow (就业促进法 arts. 3, 27, 28, 31; 劳动法 art. 15: nobody under 16 is hired). `refusals(text)` reads what an
employer typed and names each such requirement it finds; `explain(reason)` says why in plain words. Phrases that
say the opposite ("男女不限", "any gender") are allowed.
"""

import re
import unicodedata
from datetime import date, timedelta

#: The youngest age at which anyone may be hired (劳动法 art. 15), and the age from which heavy, night or
#: dangerous work is allowed (未成年工特殊保护规定): the only minimum ages a posting may set.
MIN_WORKING_AGE = 16
ADULT_AGE = 18
ALLOWED_MIN_AGES = (MIN_WORKING_AGE, ADULT_AGE)
#: A posting is shown for at most this long; then the employer posts it again.
LONGEST_OPEN_DAYS = 90
#: The order in which reasons are given.
REASONS = ("hukou", "sex", "ethnicity", "age_limit", "under_16")
STATUSES = ("pending", "approved", "taken_down", "expired")
KINDS = (
    "manufacturing",
    "construction",
    "hospitality",
    "retail",
    "logistics",
    "domestic",
    "cleaning",
    "farming",
    "other",
)

# Phrases that say a requirement is NOT made: taken out before the search below.
_ALLOWED = re.compile(
    r"男女不限|不限男女|性别不限|不限性别|男女均可|男女皆可|男女都可|男女老少|"
    r"民族不限|不限民族|各民族|户籍不限|不限户籍|户口不限|不限户口|"
    r"\b(?:men and women|women and men|male or female|female or male|any (?:sex|gender)|all genders|"
    r"regardless of (?:sex|gender|ethnicity|ethnic group|hukou|household registration|where you are from)|"
    r"(?:sex|gender|ethnicity|hukou) (?:does not|doesn't) matter|no (?:hukou|gender|sex) requirement)\b",
    re.IGNORECASE,
)

_PATTERNS = {
    "hukou": re.compile(
        r"户口|户籍|本地人|限本地|本市人|本省人|外地人|外来人员|农村人|农业户|非农|城镇居民|"
        r"\bhukou\b|household registration|\blocals? only\b|\blocal (?:people|residents|hukou)\b|"
        r"\bno (?:migrants|outsiders)\b|\bborn in\b|\bnative of\b",
        re.IGNORECASE,
    ),
    "sex": re.compile(
        r"限男|限女|仅限男|仅限女|只招男|只招女|只要男|只要女|男性|女性|男工|女工|男士|女士|男生|女生|"
        r"性别|已婚|未婚|已育|未育|怀孕|孕妇|生育|"
        r"\b(?:male|female|males|females|men|women|man|woman|boys?|girls?|gender|sex|"
        r"married|unmarried|pregnan\w*|childless)\b",
        re.IGNORECASE,
    ),
    "ethnicity": re.compile(
        r"民族|汉族|少数民族|维吾尔|维族|藏族|回族|蒙古族|壮族|苗族|彝族|"
        r"\bethnic\w*|\bhan chinese\b|\bminorit(?:y|ies)\b|\buy?gh?urs?\b|\btibetans?\b|\brace\b",
        re.IGNORECASE,
    ),
}

# Ages: an upper limit in any form, and any age under 16. The text is read after NFKC (full-width digits and signs
# become ASCII: "２０－４０" is "20-40", "～" is "~", "：" is ":").
_NUMBER = r"(\d{1,3})"
#: Between the two ends of a range: a hyphen, a dash (also doubled, "20——40"), a tilde, 至 or 到.
_RANGE = r"(?:[-‐‑‒–—―−~〜]{1,2}|至|到)"
#: "年龄" (or 年纪, 岁数) and what may come before its number: "年龄：20-40", "年龄要求在20~40", "年龄为20到40".
_AGE_WORD = r"(?:年龄|年纪|岁数)\s*(?:要求|限制|范围|限|段)?\s*[:：]?\s*(?:在|为|是|须|需|需在|须在)?\s*"
#: A number followed by a unit is a weight, a wage or a time, not an age ("up to 25 kg").
_NOT_AN_AGE = (
    r"(?!\s*(?:kg|kilos?|yuan|rmb|元|hours?|hrs?|h\b|km|metres?|meters?|m\b|%|[.,]?\d|"
    r"people|persons|workers|staff|minutes|days))"
)
_UPPER = [
    re.compile(r"周?岁\s*(?:以下|以内|之内)"),
    re.compile(rf"(?:不超过|不大于|低于|小于|未满|不满|最高|最大|上限)\s*{_NUMBER}\s*周?岁"),
    re.compile(rf"{_NUMBER}\s*{_RANGE}\s*{_NUMBER}\s*周?岁"),
    # After 年龄 a number needs no 岁: "年龄：20-40", "年龄20~40", "年龄40以下", "年龄不超过40".
    re.compile(rf"{_AGE_WORD}{_NUMBER}\s*{_RANGE}\s*{_NUMBER}"),
    re.compile(rf"{_AGE_WORD}{_NUMBER}\s*周?岁?\s*(?:以下|以内|之内)"),
    re.compile(rf"{_AGE_WORD}(?:不超过|不大于|不高于|低于|小于|未满|不满|最高|最大|上限)\s*{_NUMBER}"),
    re.compile(
        r"年轻|\byoung(?:er)?\b|\bjuniors? only\b|\bmax(?:imum)? age\b|\bage limit\b|\bage cap\b", re.IGNORECASE
    ),
    re.compile(rf"\b(?:younger than|not older than|no older than|not over the age of)\s+{_NUMBER}\b", re.IGNORECASE),
    re.compile(rf"\b(?:under|below|up to|at most)\s+(?:the age of\s+)?{_NUMBER}\b{_NOT_AN_AGE}", re.IGNORECASE),
    re.compile(rf"\b{_NUMBER}\s*(?:years old|yrs old|y/?o)?\s*(?:or|and) younger\b", re.IGNORECASE),
    re.compile(rf"\b(?:aged?|ages)\s*:?\s*(?:between\s+)?{_NUMBER}\s*(?:{_RANGE}|to|and)\s*{_NUMBER}\b", re.IGNORECASE),
]
_AGE_MENTIONS = [
    re.compile(rf"{_NUMBER}\s*周?岁"),
    re.compile(rf"\b{_NUMBER}\s*(?:years old|yrs old|year-olds?|y/?o)\b", re.IGNORECASE),
    re.compile(rf"\b(?:aged?|ages)\s*:?\s*(?:of\s+)?{_NUMBER}\b", re.IGNORECASE),
    re.compile(rf"{_AGE_WORD}{_NUMBER}"),
]
_CHILD_LABOUR = re.compile(r"童工|\bchild(?:ren)? (?:workers?|labou?r)\b", re.IGNORECASE)


def _ages(text: str) -> list[int]:
    return [
        int(number)
        for pattern in _AGE_MENTIONS
        for match in pattern.finditer(text)
        for number in match.groups()
        if number is not None
    ]


def refusals(text: str) -> list[str]:
    """The requirements in this text that a posting may not make (codes of REASONS, in their order)."""
    if not text:
        return []
    plain = _ALLOWED.sub(" ", unicodedata.normalize("NFKC", text))
    found = {reason for reason, pattern in _PATTERNS.items() if pattern.search(plain)}
    if any(pattern.search(plain) for pattern in _UPPER):
        found.add("age_limit")
    if _CHILD_LABOUR.search(plain) or any(age < MIN_WORKING_AGE for age in _ages(plain)):
        found.add("under_16")
    return [reason for reason in REASONS if reason in found]


def min_age_allowed(age: int | None) -> bool:
    return age in ALLOWED_MIN_AGES


def wage_range_ok(low: int | None, high: int | None) -> bool:
    return low is not None and high is not None and 0 < low <= high


def closing_date_ok(closes_on: date | None, today: date) -> bool:
    return closes_on is not None and today <= closes_on <= today + timedelta(days=LONGEST_OPEN_DAYS)


def is_open(status: str, closes_on: date, today: date) -> bool:
    """Shown on the public board: approved, and the closing date has not passed."""
    return status == "approved" and closes_on >= today


def expired(status: str, closes_on: date, today: date) -> bool:
    """A posting the daily job marks expired: still shown or waiting, and past its closing date."""
    return status in ("pending", "approved") and closes_on < today


def editable(status: str) -> bool:
    """The employer may change a posting that is waiting or shown (it goes back for review); not one taken down
    or expired (they post a new one)."""
    return status in ("pending", "approved")
