"""Emoji and pictographs are refused in a line (a name, an address, a job), next to the field and in the person's
language, and taken out of what the page shows again; a text area, in the person's own words, keeps them."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import TextAreaField

from webapp.forms import PICTURES_IN_LINE, Form

REFUSED_EN = "Use only letters, numbers and punctuation: emoji and symbols cannot go on a record"
REFUSED_ZH = "只能使用文字、数字和标点：记录里不能写表情符号或图形符号"


@pytest.mark.parametrize("name", ["王😀芳", "Wang ❤ Fang", "李四\u2764\ufe0f", "👨\u200d👩\u200d👧 家"])
def test_a_name_with_emoji_is_refused_next_to_the_field(client, db, post_form, name):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and REFUSED_EN in html
    assert not PICTURES_IN_LINE.search(html.split('name="display_name"', 1)[1].split(">", 1)[0])


def test_in_chinese(client, db, post_form):
    client.set_cookie("lang", "zh")
    html = post_form("/signup", {"display_name": "王😀芳", "roles": ["migrant"]}).get_data(as_text=True)
    assert REFUSED_ZH in html


@pytest.mark.parametrize("name", ["王芳", "Zoë O'Neil-Smith", "李（小）四", "张·三", "Ａｌｉ"])
def test_letters_and_punctuation_are_names(client, db, post_form, name):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 302


def test_a_text_area_keeps_them(app):
    class Words(Form):
        class Meta:
            csrf = False

        words = TextAreaField()

    with app.test_request_context(method="POST"):
        form = Words(formdata=MultiDict({"words": "谢谢 🙏"}))
        assert form.validate() and form.words.data == "谢谢 🙏"
