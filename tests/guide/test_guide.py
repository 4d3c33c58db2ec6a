"""The rights guide (issue 16 point 2): public pages in both languages for each profile, a guide section for every
decision and every service, numbers that follow the profiles, and words checked when they are read."""

import re
import shutil
from datetime import date

import pytest

from webapp.guide import links, pages
from webapp.policy.engine import RULES, Decision
from webapp.policy.profiles import load_profiles
from webapp.services.catalogue import load_catalogue

LANGUAGES = ("en", "zh")


def guide_paths() -> list[str]:
    rules = [f"/guide/rules/{profile.id}" for profile in pages.guide_profiles()]
    return ["/guide", *rules, "/guide/services", "/guide/work"]


def main_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_a_page_for_every_profile_used_to_decide():
    shown = {profile.id for profile in pages.guide_profiles()}
    assert shown == {profile.id for profile in load_profiles().values() if profile.usable}
    assert "shandong-2018" not in shown  # pending review: never decides, so no guide page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_opens_without_signing_in_in_both_languages(client, lang):
    for path in guide_paths():
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == ("zh-Hans" if lang == "zh" else "en")
        html = response.get_data(as_text=True)
        text = main_text(html)
        chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
        assert (chinese > 40) if lang == "zh" else ("the" in text.split()), path
        # No rule ids or codes for residents, and nothing personal (no form token to cache).
        assert not re.search(r"\b(registration|permit|changes)\.[a-z_]+\b", text), path
        assert "csrf" not in html.lower(), path


def test_a_signed_in_person_sees_the_same_public_page(client, create_account, sign_in):
    sign_in(create_account("migrant"))
    html = client.get("/guide/work?lang=en").get_data(as_text=True)
    assert "Sign out" not in html and "csrf" not in html.lower()


def test_an_unknown_or_pending_profile_is_not_found(client):
    assert client.get("/guide/rules/shandong-2018").status_code == 404
    assert client.get("/guide/rules/nowhere").status_code == 404


def test_the_duties_page_says_what_to_do_and_by_when(client):
    zibo = main_text(client.get("/guide/rules/shandong-2012?lang=en").get_data(as_text=True))
    assert "Register within 3 days after you arrive." in zibo
    assert "report it within 3 working days" in zibo
    assert "When you leave this county, report that too." in zibo
    assert "you are 16 or older and under 70" in zibo
    assert "valid for 1 year. It is valid for 3 years if" in zibo
    wenzhou = main_text(client.get("/guide/rules/zhejiang-2009?lang=zh").get_data(as_text=True))
    assert "要在10天内报告" in wenzhou
    assert "不超过15天的，不用登记" in wenzhou
    assert "登记时就能领到临时居住证" in wenzhou
    national = main_text(client.get("/guide/rules/national-2016?lang=en").get_data(as_text=True))
    assert "After 6 months here, you can apply for a residence permit if you have a stable job" in national
    assert "endorsement every year. Get it in the month before each anniversary" in national  # not "every 1 year"
    chinese = main_text(client.get("/guide/rules/national-2016?lang=zh").get_data(as_text=True))
    assert "居住证每1年要签注一次。在每次满一年之前的1个月内去签注。" in chinese
    assert "temporary residence permit" not in national  # a two-tier paragraph stays on the two-tier profile


def sources_shown(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", item)
        for block in re.findall(r'guide-sources">(.*?)</details>', html, re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def test_a_profiles_page_cites_what_holds_there_in_the_readers_language(client):
    """The sources of the duties page: a Zhejiang page cites no Zibo or Shandong document, a Shandong page no Wenzhou
    one; explanations of ours are in the page's language (the documents' own words stay Chinese, quoted)."""
    zhejiang = "\n".join(sources_shown(client.get("/guide/rules/zhejiang-2017?lang=zh").get_data(as_text=True)))
    assert "温委发" in zhejiang and "淄政发" not in zhejiang and "山东" not in zhejiang
    assert not re.search(r"[A-Za-z]{3,}", zhejiang), zhejiang  # no English on the Chinese page
    shandong = "\n".join(sources_shown(client.get("/guide/rules/shandong-2012?lang=zh").get_data(as_text=True)))
    assert "淄政发" in shandong and "温委发" not in shandong and "山东" in shandong
    assert not re.search(r"[A-Za-z]{3,}", shandong), shandong
    english = "\n".join(sources_shown(client.get("/guide/rules/shandong-2012?lang=en").get_data(as_text=True)))
    assert "Local practice (Shandong)" in english and "地方做法" not in english
    national = "\n".join(sources_shown(client.get("/guide/rules/national-2016?lang=en").get_data(as_text=True)))
    assert "淄政发" not in national and "温委发" not in national and "Civil Code" in national


def test_a_profiles_page_cites_only_the_permit_rules_of_its_scheme(client):
    """Zibo's 30-day permit page does not cite the national regulation's six months or its endorsement; Zhejiang's
    page since 2016 (one permit, on the national conditions) does not cite Wenzhou's temporary permit; Wenzhou's 2009
    page does not cite the national regulation."""
    zibo = "\n".join(sources_shown(client.get("/guide/rules/shandong-2012?lang=zh").get_data(as_text=True)))
    assert "居住证暂行条例" not in zibo and "拟居住30日以上" in zibo
    zhejiang = "\n".join(sources_shown(client.get("/guide/rules/zhejiang-2017?lang=zh").get_data(as_text=True)))
    assert "临时居住证" not in zhejiang and "居住证暂行条例 第十四条" in zhejiang
    wenzhou = "\n".join(sources_shown(client.get("/guide/rules/zhejiang-2009?lang=zh").get_data(as_text=True)))
    assert "居住证暂行条例" not in wenzhou and "临时居住证、居住证分类登记" in wenzhou
    national = "\n".join(sources_shown(client.get("/guide/rules/national-2016?lang=zh").get_data(as_text=True)))
    assert "居住证暂行条例 第二条" in national and "淄政发" not in national


def test_the_pages_for_everybody_say_where_each_citys_source_holds(client):
    """The services and rights-at-work pages are the same in both cities: each city's document is named with it."""
    for path in ("/guide/services", "/guide/work"):
        chinese = sources_shown(client.get(f"{path}?lang=zh").get_data(as_text=True))
        assert any(item.startswith("淄博：淄政发") for item in chinese), chinese
        assert any(item.startswith("温州：温委发") for item in chinese), chinese
        if path == "/guide/services":
            assert "人民调解法 第四条" in chinese  # a national law holds everywhere: no place named
        english = sources_shown(client.get(f"{path}?lang=en").get_data(as_text=True))
        assert any(item.startswith("Zibo: 淄政发") for item in english), english
    rules = sources_shown(client.get("/guide/rules/shandong-2012?lang=zh").get_data(as_text=True))
    assert not any(item.startswith("淄博：") for item in rules)  # a profile's own page: no need to say where


def test_a_source_is_a_citation_or_words_in_both_languages():
    assert pages._source("[N] 民法典 第二百零一条").words("en") == "民法典 第二百零一条"
    both = pages._source({"zh": "[L] 地方做法", "en": "[L] Local practice", "region": "37"})
    assert (both.words("zh"), both.words("en"), both.region) == ("地方做法", "Local practice", "37")
    assert pages._source("[WZ] 温委发").region == "33"
    for bad in (
        {"zh": "[L] 甲"},
        {"zh": "[L] 甲", "en": "[N] B"},
        {"zh": "甲", "en": "B"},
        3,
        {"zh": "[L] 甲", "en": "[L] B", "region": "x"},
        {"zh": "[L] 甲", "en": "[L] B", "scheme": ["no_such_scheme"]},
        {"zh": "[L] 甲", "en": "[L] B", "scheme": "two_tier"},
    ):
        assert pages._source(bad) is None, bad


def test_rights_at_work_and_help(client):
    text = main_text(client.get("/guide/work?lang=en").get_data(as_text=True))
    for words in (
        "written contract",
        "wages in full and on time",
        "work-injury insurance",
        "green channel",
        "mediation",
    ):
        assert words in text
    html = client.get("/guide/work?lang=en").get_data(as_text=True)
    assert 'href="/guide/services#service-legal_aid"' in html
    assert 'href="/guide/services#service-labour_mediation"' in html


def test_the_services_page_is_made_from_the_catalogue(client):
    html = client.get("/guide/services?lang=en").get_data(as_text=True)
    text = main_text(html)
    assert "Anyone can ask. You do not need to register or to have a permit." in text
    assert "It is for your child aged 6 to 15." in text  # the catalogue's ages
    assert "Birth certificate" in text or "birth certificate" in text.lower()  # a document label
    zh = main_text(client.get("/guide/services?lang=zh").get_data(as_text=True))
    assert "有有效的居住证就可以申请。" in zh


# --- every decision and every service has a guide target ------------------------------------------------------------


def test_every_rule_the_engine_can_give_is_explained_by_a_section():
    for rule in RULES:
        assert pages.rule_anchor(rule) in {s.anchor for s in pages.rules_page().sections}, rule


def test_every_decision_links_to_a_section_that_exists_on_its_profile_page(app, client):
    pages_html = {p.id: client.get(f"/guide/rules/{p.id}").get_data(as_text=True) for p in pages.guide_profiles()}
    with app.test_request_context():
        for profile_id, html in pages_html.items():
            for rule, outcome in RULES.items():
                decision = Decision(topic=rule.split(".")[0], outcome=outcome, rule=rule, profile_id=profile_id)
                url = links.decision_guide_url(decision)
                path, anchor = url.split("#")
                assert path == f"/guide/rules/{profile_id}"
                assert anchor in ids(html), (profile_id, rule)
        # A decision from a profile without a page (pending review) goes to the contents.
        old = Decision(topic="changes", outcome="window", rule="changes.days", profile_id="shandong-2018")
        assert links.decision_guide_url(old) == "/guide"
        assert links.profile_guide_url("shandong-2012", "endorsement") == "/guide/rules/shandong-2012#endorsement"


def test_every_service_in_the_catalogue_links_to_its_section(app, client):
    html = client.get("/guide/services").get_data(as_text=True)
    with app.test_request_context():
        for service in load_catalogue():
            url = links.service_guide_url(service.code)
            path, anchor = url.split("#")
            assert path == "/guide/services"
            assert anchor in ids(html), service.code
    assert set(pages.services_page()[1]) == {s.code for s in load_catalogue()}


def test_the_guide_is_linked_from_the_footer_and_the_start_page(client):
    html = client.get("/").get_data(as_text=True)
    footer = html.split("<footer", 1)[1]
    assert 'href="/guide"' in footer
    assert html.count('href="/guide"') >= 2  # the start page's own link too


def test_a_report_page_links_each_decision_to_the_guide(app):
    from flask import render_template_string

    decision = Decision(
        topic="changes",
        outcome="window",
        rule="changes.days",
        profile_id="zhejiang-2017",
        params={"deadline": {"count": 10, "unit": "days"}},
    )
    with app.test_request_context("/?lang=en"):
        html = render_template_string(
            '{% from "components/decisions.html" import what_this_means %}{{ what_this_means([d]) }}', d=decision
        )
    assert 'href="/guide/rules/zhejiang-2017#changes"' in html


# --- numbers come from the profiles ---------------------------------------------------------------------------------


def test_a_change_to_a_profile_changes_the_guide(client, tmp_path, monkeypatch):
    changed = tmp_path / "profiles"
    shutil.copytree(pages.POLICY_GUIDE.parent / "profiles", changed)
    path = changed / "zhejiang-2017.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("[changes]\ndeadline = { days = 10 }", "[changes]\ndeadline = { days = 12 }")
    text = text.replace("relatives_max = { days = 30 }", "relatives_max = { days = 21 }")
    path.write_text(text, encoding="utf-8")
    before = main_text(client.get("/guide/rules/zhejiang-2017?lang=en").get_data(as_text=True))
    assert "within 10 days" in before and "30 days or less" in before
    monkeypatch.setattr(pages, "load_profiles", lambda: load_profiles(changed))
    after = main_text(client.get("/guide/rules/zhejiang-2017?lang=en").get_data(as_text=True))
    assert "within 12 days" in after and "within 10 days" not in after
    assert "21 days or less" in after
    zh = main_text(client.get("/guide/rules/zhejiang-2017?lang=zh").get_data(as_text=True))
    assert "要在12天内报告" in zh


def test_no_number_is_typed_in_the_guide():
    for path in (pages.POLICY_GUIDE, pages.SERVICES_GUIDE):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("zh =", "en =", "title_", "intro_")):
                assert not re.search(r"[0-9]", line), line


def test_a_typed_number_or_an_unknown_rule_fails_when_read():
    with pytest.raises(ValueError, match="number typed in"):
        pages._parse_text({"zh": "10天内报告。", "en": "Report within 10 days."}, "test", True)
    with pytest.raises(ValueError, match="same placeholders"):
        pages._parse_text({"zh": "{changes.deadline}内报告。", "en": "Report it."}, "test", True)
    with pytest.raises(ValueError, match="same under every profile"):
        pages._parse_text({"zh": "{changes.deadline}", "en": "{changes.deadline}"}, "test", False)
    section = {
        "anchor": "x",
        "title_zh": "x",
        "title_en": "x",
        "explains": ["permit.nothing"],
        "sources": ["[N] x"],
        "text": [{"zh": "x", "en": "x"}],
    }
    with pytest.raises(ValueError, match="rule ids"):
        pages._parse_section(section, "test", True)


def test_every_paragraph_is_used_by_some_profile(app):
    with app.test_request_context("/?lang=en"):
        used = set()
        for profile in pages.guide_profiles():
            for section in pages.rules_page().sections:
                for text in section.texts:
                    if pages.fill(text, profile) is not None:
                        used.add(text)
        unused = [t.en for s in pages.rules_page().sections for t in s.texts if t not in used]
    assert not unused


def test_sentences_are_short():
    """Plain words: no sentence longer than 30 words (English) or 45 characters (Chinese)."""
    rules, work = pages.policy_pages()
    texts = [t for page in (rules, work) for s in page.sections for t in s.texts]
    texts += list(pages.services_page()[1].values())
    for text in texts:
        en, zh = (re.sub(r"\{[a-z_.]+\}", "N", words) for words in (text.en, text.zh))
        for sentence in re.split(r"(?<=[.!?])\s+", en):
            assert len(sentence.split()) <= 30, sentence
        for sentence in re.split(r"[。！？]", zh):
            assert len(sentence) <= 45, sentence


def test_today_a_zibo_person_reads_the_national_page():
    # Shandong's 2018 rules are pending review, so the national rules decide: their page is the one to read.
    from webapp.policy.profiles import profile_for

    assert pages.guide_profile(profile_for("370303", date(2026, 12, 1)).id) is not None


# --- end to end: from the person's pages to the guide ----------------------------------------------------------------


def guide_links(html: str) -> list[str]:
    return re.findall(r'href="(/guide[^"]*)"', html)


def test_a_registered_migrant_follows_each_link_to_a_section_that_exists(
    client, migrant, sign_in, report_data, submit_report
):
    sign_in(migrant)
    receipt = submit_report(report_data()).get_data(as_text=True)
    followed = set()
    for path in ("/me", "/me/services", "/me/permit", "/me/services/job_referral/ask"):
        html = client.get(path).get_data(as_text=True)
        found = [link for link in guide_links(html) if "#" in link]
        assert found, f"{path} links to no section of the guide"
        followed.update(found)
    followed.update(link for link in guide_links(receipt) if "#" in link)
    assert any(link.startswith("/guide/rules/") for link in followed)  # the decisions
    assert {f"/guide/services#service-{s.code}" for s in load_catalogue()} <= followed  # every service, listed
    for link in followed:
        path, anchor = link.split("#")
        page = client.get(path)
        assert page.status_code == 200, link
        assert anchor in ids(page.get_data(as_text=True)), link
