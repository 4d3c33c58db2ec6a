"""QA of the coordinator's own work record in Chinese: it speaks to the coordinator as every staff page does (您)."""


def test_the_work_record_says_nin_as_the_other_staff_pages(client, db, community, create_account, sign_in):
    sign_in(create_account("coordinator", place=community, locale="zh"))
    page = client.get("/coordinator/work-record").get_data(as_text=True)
    html = page.split("<main", 1)[1].split("</main>", 1)[0]  # the footer's link to the guide speaks to residents
    assert "您的工作记录" in html and "您的工作（按社区）" in html and "您在" in html
    assert "你的" not in html and "你在" not in html
    assert "您的工作记录" in client.get("/coordinator").get_data(as_text=True)
