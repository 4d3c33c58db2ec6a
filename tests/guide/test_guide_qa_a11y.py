"""The guide read with a screen reader: a document quoted in Chinese on an English page is marked as Chinese (so
that it is read with a Chinese voice: WCAG 3.1.2), and links with the same visible words say where each goes."""

import re

import pytest

from tests.guide.test_guide import guide_paths

CJK = re.compile(r"[\u3400-\u9fff]")


def sources(html: str) -> list[str]:
    """The items of every "Where this comes from" list, as HTML."""
    lists = re.findall(r'<details class="hint guide-sources">.*?<ul>(.*?)</ul>', html, re.S)
    return [item for found in lists for item in re.findall(r"<li>(.*?)</li>", found, re.S)]


@pytest.mark.parametrize("path", guide_paths())
def test_a_source_quoted_in_chinese_is_marked_as_chinese_on_an_english_page(client, path):
    items = sources(client.get(f"{path}?lang=en").get_data(as_text=True))
    if path != "/guide":
        assert items, path
    for item in items:
        outside = re.sub(r'<span lang="zh-Hans">.*?</span>', "", item)
        # What is left outside the Chinese part: English words, or a law's Chinese name in brackets after them.
        assert not CJK.match(outside.strip()), item
        assert not re.search(r"[\u3400-\u9fff]{4,}", outside), item
    if path == "/guide/work":
        assert 'Zibo: <span lang="zh-Hans">淄政发〔2012〕35号' in "".join(items)


def test_the_chinese_page_needs_no_such_mark(client):
    html = client.get("/guide/work?lang=zh").get_data(as_text=True)
    assert sources(html)
    assert '<span lang="zh-Hans">' not in html.split("<main", 1)[1]


def test_the_links_to_each_service_on_the_work_page_have_names_of_their_own(client):
    html = client.get("/guide/work?lang=en").get_data(as_text=True)
    names: dict[str, set[str]] = {}
    for href, inner in re.findall(r'<a href="([^"]+)">(.*?)</a>', html.split("<main", 1)[1], re.S):
        name = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", inner)).strip()
        names.setdefault(name, set()).add(href)
    asks = [name for name in names if name.startswith("Who can ask, and what to bring")]
    assert len(asks) >= 2, asks
    assert all(len(hrefs) == 1 for name, hrefs in names.items() if name in asks), names
    # The visible words start the name (WCAG 2.5.3: label in name), and the section's title follows.
    assert "Who can ask, and what to bring: Free legal help (the green channel)" in asks
