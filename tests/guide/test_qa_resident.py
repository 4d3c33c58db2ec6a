"""The guide's page on the services reads in one language: its sources too."""


def test_the_services_page_in_chinese_cites_its_sources_in_chinese(client):
    html = client.get("/guide/services?lang=zh").get_data(as_text=True)
    assert "permit holders only" not in html
    assert "机动车驾驶证和机动车登记只面向居住证持有人" in html


def test_the_services_page_in_english_cites_the_same_source_in_english(client):
    html = client.get("/guide/services?lang=en").get_data(as_text=True)
    assert "driving licence and vehicle registration for permit holders only" in html
