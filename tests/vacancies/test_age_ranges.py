"""Upper age limits written after 年龄 without 岁 ("年龄：20-40", "年龄20~40"), with full-width digits and signs, or
with other dashes, are refused like "20-40岁"; times, wages and counts written the same way are not ages."""

import pytest

from webapp.vacancies import rules


@pytest.mark.parametrize(
    "text",
    [
        "年龄：20-40",
        "年龄:20-40",
        "年龄20~40",
        "年龄 20 - 40",
        "年龄：２０－４０",
        "年龄２０～４０",
        "年龄20—40",
        "年龄20——40",
        "年龄20–40",
        "年龄20至40",
        "年龄要求：20到40",
        "年龄要求在20-40之间",
        "年龄限制 18-45",
        "年龄为20〜40",
        "年纪20-40",
        "年龄40以下",
        "年龄：45以内",
        "年龄不超过40",
        "２０－４０岁",
        "20—40周岁",
        "20——40岁",
        "１８至４５周岁",
        "Age: 20-40",
        "Age 20—40",
        "ages 20~40",
        "操作工，年龄：20-40，包吃住",
    ],
)
def test_age_ranges_in_other_forms_are_refused(text):
    assert rules.refusals(text) == ["age_limit"]


@pytest.mark.parametrize(
    "text",
    [
        "工作时间8-17点",
        "工作时间：８－１７点",
        "月薪4000-6000",
        "月薪４０００～６０００元",
        "每班8-10人",
        "2-3年经验",
        "早8:00-晚5:00",
        "年龄不限",
        "年满18周岁",
        "年龄18岁以上",
        "年龄：18周岁以上",
        "Shifts 8-17",
        "Wage 4000—6000 yuan",
    ],
)
def test_times_wages_and_counts_are_not_ages(text):
    assert rules.refusals(text) == []


@pytest.mark.parametrize("text", ["年龄：15-40", "年龄１５～３０", "年龄15岁以上"])
def test_an_age_under_16_after_nianling_is_found_too(text):
    assert "under_16" in rules.refusals(text)
