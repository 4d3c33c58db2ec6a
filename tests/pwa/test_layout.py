"""The top and bottom of every page are kept per kind of page (webapp/pwa/layout.py): each request still gets its own
title, CSRF token, path and unread count, each kind of visitor its own header, and nothing personal is kept."""

from tests.conftest import token_from
from webapp.notifications.notify import notify


def kept_copies(app) -> str:
    """Everything the layout keeps, as one text."""
    texts = []
    for name in ("layout/_top.html", "layout/_bottom.html"):
        template = app.jinja_env.get_template(name)
        texts.extend(template.__dict__.get("_xinju_kept", {}).values())
    return "\n".join(texts)


def header(html: str) -> str:
    return html[: html.index('<main id="main"')]


def test_each_page_has_its_own_title_and_the_session_s_token(client, create_account, sign_in, db):
    sign_in(create_account("migrant", display_name="王<b>小</b>明", locale="zh"))
    home = client.get("/").get_data(as_text=True)
    services = client.get("/me/inbox").get_data(as_text=True)
    assert "<title>王&lt;b&gt;小&lt;/b&gt;明，您好 – 新居</title>" in home  # escaped, as the page's own heading
    assert "您好 – 新居</title>" not in services and "<title>" in services
    token = token_from(home)
    assert token and f'name="csrf_token" value="{token}"' in home  # the switch and sign-out forms carry it too
    # The token the kept top carries is the session's own: the language switch (a form of the top) takes it.
    answer = client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/me/services"})
    assert answer.status_code == 302
    assert "<title>Hello" in client.get("/").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/me/inbox">' in services


def test_nothing_personal_is_kept(client, create_account, sign_in, db, app):
    sign_in(create_account("migrant", display_name="李秘密"))
    home = client.get("/").get_data(as_text=True)
    kept = kept_copies(app)
    assert "李秘密" in home and "李秘密" not in kept
    assert token_from(home) not in kept
    assert "\ue000" not in home  # every marker filled


def test_the_unread_count_is_each_request_s(client, create_account, sign_in, db):
    account = sign_in(create_account("migrant", locale="zh"))
    assert 'class="badge"' not in header(client.get("/").get_data(as_text=True))
    notify(account, "report.verified")
    notify(account, "report.verified", dedupe_key="second")
    db.session.commit()
    top = header(client.get("/").get_data(as_text=True))
    assert '<span class="badge">2<span class="visually-hidden"> 未读</span></span>' in top
    client.get("/me/inbox")  # reading them
    assert 'class="badge"' not in header(client.get("/").get_data(as_text=True))


def test_each_kind_of_visitor_has_its_own_header(client, create_account, sign_in, db, create_place):
    start = header(client.get("/").get_data(as_text=True))
    assert "/signin" in start and "signout" not in start and 'name="csrf-token"' in start
    community = create_place("community")
    sign_in(create_account("coordinator", place=community))
    coordinator = header(client.get("/").get_data(as_text=True))
    assert "outbox-badge" in coordinator and "signout" in coordinator
    client.get("/")
    sign_in(create_account("migrant"))
    migrant = header(client.get("/").get_data(as_text=True))
    assert "outbox-badge" not in migrant and "signout" in migrant
    # A page everyone sees alike: a link to switch, no token, whoever is signed in.
    offline = client.get("/offline").get_data(as_text=True)
    assert 'name="csrf-token"' not in offline and 'href="/offline?lang=' in offline


def test_english_and_chinese_are_kept_apart(client, create_account, sign_in, db):
    sign_in(create_account("migrant", locale="en"))
    english = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in english and "Skip to main content" in english and "Your rights in plain words" in english
    client.post("/language", data={"csrf_token": token_from(english), "lang": "zh", "next": "/"})
    chinese = client.get("/").get_data(as_text=True)
    assert 'lang="zh-Hans"' in chinese and "Skip to main content" not in chinese
