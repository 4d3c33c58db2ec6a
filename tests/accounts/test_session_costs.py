"""What a signed-in page costs the session: one query for the session, its account and roles; no cookie written
when nothing in the session changed; and a cookie that lives no longer than the server lets the session live."""

from datetime import timedelta

from sqlalchemy import event

from webapp.config import Config, ProductionConfig


def test_the_cookie_is_not_rewritten_on_every_page(client, create_account, sign_in):
    sign_in(create_account("migrant"))
    with client.session_transaction() as session:
        session.permanent = True  # as sessions.sign_in leaves it
    first = client.get("/")
    assert first.status_code == 200 and "Set-Cookie" in first.headers  # the CSRF token joins the session
    for path in ("/", "/me/inbox", "/account"):
        response = client.get(path)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, path


def test_without_refresh_the_cookie_lasts_as_long_as_the_longest_session():
    for config in (Config, ProductionConfig):
        assert config.SESSION_REFRESH_EACH_REQUEST is False
        longest = timedelta(hours=max(config.SESSION_MAX_HOURS_STAFF, config.SESSION_MAX_HOURS_RESIDENT))
        assert config.PERMANENT_SESSION_LIFETIME >= longest


def test_the_session_account_and_roles_come_in_one_query(app, db, client, create_account, create_place, sign_in):
    from webapp.accounts import sessions

    account = sign_in(create_account("coordinator", "migrant", place=create_place("370303001001")))
    client.get("/")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with client.session_transaction() as cookie:
            token = cookie[sessions.TOKEN]
        with app.test_request_context("/"):
            from flask import session

            session[sessions.TOKEN] = token
            db.session.expunge_all()
            loaded = sessions.load_account(str(account.id))
            assert loaded.id == account.id
            assert loaded.has_role("coordinator") and loaded.has_role("migrant") and loaded.is_staff() is not None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, selects
