"""The one label registry (webapp/labels.py): every coded value people read has words in English and Chinese, and
templates get them one way, the `label` filter registered by the app factory."""

import re
from enum import Enum
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from webapp import labels
from webapp.audit import log as audit
from webapp.permits.forms import ApplyForm
from webapp.services.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile("[\u4e00-\u9fff]")


def sources(pattern: str = "webapp/**/*.py"):
    for path in sorted(ROOT.glob(pattern)):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def read_in_both(kind: str, code: str) -> tuple[str, str]:
    with force_locale("en"):
        english = labels.label(kind, code)
    with force_locale("zh"):
        chinese = labels.label(kind, code)
    return english, chinese


def assert_in_both_languages(app, kind: str, codes) -> None:
    missing = sorted(set(codes) - set(labels.codes(kind)))
    assert not missing, f"no {kind!r} label for {missing}"
    with app.test_request_context():
        for code in codes:
            english, chinese = read_in_both(kind, code)
            assert english and english != code, (kind, code, english)
            assert CJK.search(chinese) and chinese != english, (kind, code, chinese)


REGISTERED = re.compile(r"""\bregister\(\s*["'](\w+)["']""")


def test_every_kind_registered_in_the_code_is_loaded_by_the_app(app):
    registered = {kind for _path, text in sources() for kind in REGISTERED.findall(text)}
    assert {"department", "document", "audit_action", "report_status", "request_status", "role"} <= registered
    assert registered <= set(labels.kinds())


def test_every_label_reads_in_english_and_chinese(app):
    for kind in labels.kinds():
        assert_in_both_languages(app, kind, labels.codes(kind))


def test_every_department_and_document_of_the_catalogue_has_a_label(app):
    services = load_catalogue()
    departments = {s.department for s in services}
    documents = {d for s in services for d in s.documents}
    assert len(departments) == 8 and {"id_card", "permit"} <= documents
    assert_in_both_languages(app, "department", departments)
    assert_in_both_languages(app, "document", documents)
    # The permit application's uploads, and the "job or studies" it may ask for, are document kinds too.
    assert_in_both_languages(app, "document", [*ApplyForm.UPLOADS, "employment_or_study_proof"])


#: An audit action written with a literal: audit.record("caseload.viewed", ...).
AUDIT_RECORD = re.compile(r"""\brecord\(\s*["']([a-z_]+\.[a-z_]+)["']""")


def test_every_audit_action_written_has_a_label(app):
    written = {action for _path, text in sources() for action in AUDIT_RECORD.findall(text)} | {audit.VIEWED}
    assert len(written) >= 14, sorted(written)
    assert_in_both_languages(app, "audit_action", written)


#: Ways of adding to the templates' names other than the app factory's _init_templates (reading a template,
#: jinja_env.get_template, adds none).
REGISTRATION = re.compile(
    r"jinja_env(?!\.get_template\()|context_processor|template_global|template_filter|template_test|add_app_template|jinja_options"
)


def test_templates_get_their_helpers_one_way():
    found = [
        f"{path}:{number}: {line.strip()}"
        for path, text in sources()
        for number, line in enumerate(text.splitlines(), 1)
        if REGISTRATION.search(line)
    ]
    assert found and all(line.startswith("webapp/__init__.py:") for line in found), "\n".join(found)
    factory = (ROOT / "webapp/__init__.py").read_text(encoding="utf-8")
    registering = factory[factory.index("def _init_templates") : factory.index("def _register_blueprints")]
    assert factory.count("jinja_env") == registering.count("jinja_env")


#: The shared kinds are spelled once: their first codes appear with words in webapp/labels.py only.
@pytest.mark.parametrize("code", ['"public_security": _l(', '"id_card": _l(', '"record.viewed": _l('])
def test_shared_labels_are_spelled_once(code):
    assert [path for path, text in sources() if code in text] in (["webapp/labels.py"], ["webapp/audit/log.py"])


#: Template helpers that read a code in words by hand: each is a kind of the registry, read with |label("kind").
LABEL_HELPER = re.compile(r"\b(\w+_label|case_reason|decision_topic)\(")
#: Helpers that do more than look a code up (a period in words, a reason with the identity document checked, an audit
#: event told as a sentence).
NOT_A_LOOKUP = {"stay_label", "staff_reason_label", "audit_label"}


def test_templates_read_codes_through_the_label_filter():
    found = {
        f"{path}: {match.group(1)}"
        for path, text in sources("templates/**/*.html")
        for match in LABEL_HELPER.finditer(text)
        if match.group(1) not in NOT_A_LOOKUP
    }
    assert not found, sorted(found)


class Colour(labels.LabelledEnum):
    RED = "red", _l("Red")
    BLUE = "blue", _l("Blue")


class Shape(Enum):
    ROUND = "round"

    @property
    def label(self):
        return _l("Round")


@pytest.fixture
def test_kinds():
    yield
    for kind in ("test_colour", "test_shape", "test_pairs"):
        labels._KINDS.pop(kind, None)


def test_an_enum_whose_members_carry_labels_registers_as_a_kind(app, test_kinds):
    labels.register("test_colour", Colour)
    labels.register("test_shape", Shape)
    labels.register("test_pairs", [("a", _l("Approved"))])
    assert Colour.RED == "red" and Colour("blue") is Colour.BLUE  # still plain strings for SQL and storage
    assert labels.codes("test_colour") == ["red", "blue"]
    assert labels.choices("test_colour", ["blue"]) == [("blue", Colour.BLUE.label)]
    assert type(labels.choices("test_colour", [Colour.BLUE])[0][0]) is str  # a form's value, not the member
    with app.test_request_context():
        assert labels.label("test_colour", Colour.RED) == labels.label("test_colour", "red") == "Red"
        assert labels.label("test_shape", Shape.ROUND) == "Round"
        assert labels.label("test_colour", "green") == "green"  # an unknown code reads as itself
        assert labels.label("test_colour", None) == ""
        with force_locale("zh"):
            assert labels.label("test_pairs", "a") == "已批准"
        rendered = render_template_string(
            '{{ "red"|label("test_colour") }} {{ codes|map("label", "test_colour")|join("+") }}',
            codes=["red", Colour.BLUE],
        )
        assert rendered == "Red Red+Blue"
    with pytest.raises(KeyError):
        labels.label("no_such_kind", "red")
    labels.register("test_colour", Colour)  # the same codes again: harmless (a module imported twice)
    with pytest.raises(ValueError, match="already registered"):
        labels.register("test_colour", {"red": _l("Red")})
