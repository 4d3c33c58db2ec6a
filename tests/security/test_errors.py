"""Errors are pages in the person's language, never a bare 500."""


def test_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_not_found_in_chinese(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "找不到" in response.get_data(as_text=True) or "页面不存在" in response.get_data(as_text=True)


def test_method_not_allowed_is_a_page(client):
    assert client.delete("/").status_code == 405


def test_unexpected_error_is_a_kind_500_and_rolls_back(db, make_app):
    from webapp.security.access import PUBLIC, allow

    probe = make_app("test")

    @allow(PUBLIC)
    def broken():
        raise RuntimeError("boom")

    probe.add_url_rule("/broken", "broken", broken)
    probe.config["PROPAGATE_EXCEPTIONS"] = False
    client = probe.test_client()
    client.allow_server_errors = True
    response = client.get("/broken", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "not saved" in response.get_data(as_text=True)
    assert b"boom" not in response.data
