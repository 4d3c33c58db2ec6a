"""A service request's lifecycle (webapp/services/statuses.py): the moves allowed from each status, table-tested;
the pages offering only those; and no other file naming a status or writing one."""

import ast
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from webapp.services import statuses
from webapp.services.models import ServiceRequest
from webapp.services.statuses import RequestStatus

ROOT = Path(__file__).resolve().parents[2]
ENUM_MODULE = "webapp/services/statuses.py"

S, A, P, C, R, W = "submitted", "accepted", "in_progress", "completed", "refused", "withdrawn"

#: (from, to): may an officer make this move? Every pair is listed: forward only, nothing out of a final status.
MOVES = {
    (S, S): False,
    (S, A): True,
    (S, P): True,
    (S, C): True,
    (S, R): True,
    (A, S): False,
    (A, A): False,
    (A, P): True,
    (A, C): True,
    (A, R): True,
    (P, S): False,
    (P, A): False,
    (P, P): False,
    (P, C): True,
    (P, R): True,
    (C, S): False,
    (C, A): False,
    (C, P): False,
    (C, C): False,
    (C, R): False,
    (R, S): False,
    (R, A): False,
    (R, P): False,
    (R, C): False,
    (R, R): False,
    # Withdrawn by the person: no officer moves a request there, nor out of it.
    **{(W, to): False for to in (S, A, P, C, R, W)},
    **{(current, W): False for current in (S, A, P, C, R)},
}


def test_the_stored_values_are_unchanged():
    assert [s.value for s in RequestStatus] == [S, A, P, C, R, W]
    assert statuses.INITIAL == S
    assert set(statuses.OPEN) | set(statuses.CLOSED) == set(RequestStatus)
    assert not set(statuses.OPEN) & set(statuses.CLOSED)


@pytest.mark.parametrize(("current", "to"), sorted(MOVES))
def test_the_moves_an_officer_may_make(current, to):
    assert statuses.may_move(current, to) is MOVES[(current, to)]
    assert (to in statuses.next_statuses(current)) is MOVES[(current, to)]


@pytest.mark.parametrize(("code", "is_open"), [(S, True), (A, True), (P, True), (C, False), (R, False), (W, False)])
def test_open_is_what_can_still_move(code, is_open):
    assert statuses.is_open(code) is is_open is RequestStatus(code).open
    assert bool(statuses.next_statuses(code)) is is_open


class Found:
    """Only the fields a transition writes."""

    def __init__(self, status: str):
        self.status, self.reason, self.handled_by_id = status, "", None


@pytest.mark.parametrize(("current", "to"), sorted(pair for pair, allowed in MOVES.items() if allowed))
def test_an_allowed_answer_writes_the_status_the_note_and_the_officer(current, to):
    found = Found(current)
    statuses.answer(found, to, reason=" 材料不全 ", officer_id=7)
    assert (found.status, found.reason, found.handled_by_id) == (to, "材料不全", 7)
    assert type(found.status) is str  # the plain value, as the database gives it back


@pytest.mark.parametrize(("current", "to"), sorted(pair for pair, allowed in MOVES.items() if not allowed))
def test_a_move_not_allowed_changes_nothing(current, to):
    found = Found(current)
    with pytest.raises(statuses.TransitionError):
        statuses.answer(found, to, reason="x", officer_id=7)
    assert (found.status, found.handled_by_id) == (current, None)


@pytest.mark.parametrize(("reason", "allowed"), [("", False), ("  ", False), ("不符合条件", True)])
def test_refusing_needs_a_reason(reason, allowed):
    found = Found(S)
    if allowed:
        statuses.answer(found, R, reason=reason, officer_id=7)
        assert found.status == R
    else:
        with pytest.raises(statuses.TransitionError):
            statuses.answer(found, R, reason=reason, officer_id=7)
        assert found.status == S


@pytest.mark.parametrize("current", [S, A, P, C, R, W])
def test_the_person_may_withdraw_only_an_open_request(current):
    found = Found(current)
    if statuses.is_open(current):
        statuses.withdraw(found)
        assert found.status == W and type(found.status) is str
    else:
        with pytest.raises(statuses.TransitionError):
            statuses.withdraw(found)
        assert found.status == current
    assert found.handled_by_id is None  # withdrawing is not an officer's answer


def test_withdrawn_is_closed_but_not_an_answer():
    assert W in statuses.CLOSED and W not in statuses.OPEN
    assert set(statuses.ANSWERED) == {C, R}


@pytest.mark.parametrize(
    ("status", "english", "chinese"),
    [
        (S, "Sent", "已提交"),
        (A, "Accepted", "已受理"),
        (P, "Being worked on", "办理中"),
        (C, "Completed", "已办结"),
        (R, "Refused", "不予办理"),
        (W, "Withdrawn by the applicant", "申请人已撤回"),
    ],
)
def test_each_status_has_a_label_in_both_languages(app, status, english, chinese):
    with app.test_request_context():
        with force_locale("en"):
            assert statuses.label(status) == str(RequestStatus(status).label) == english
        with force_locale("zh"):
            assert statuses.label(status) == chinese


def test_an_unknown_value_is_shown_as_it_is(app):
    with app.test_request_context():
        assert statuses.label("lost") == "lost"


# --- through the pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def asked(db, migrant, hrss_officer, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data())
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    sign_in(hrss_officer)
    return db.session.scalar(db.select(ServiceRequest))


def offered(html: str) -> list[str]:
    return re.findall(r'name="handle-status"[^>]*value="([a-z_]+)"', html)


def test_the_officer_is_offered_only_the_moves_forward(client, db, asked, post_form):
    url = f"/officer/requests/{asked.reference}"
    assert offered(client.get(url).get_data(as_text=True)) == [A, P, C, R]
    post_form(url, {"handle-status": P})
    db.session.refresh(asked)
    assert asked.status == P
    assert offered(client.get(url).get_data(as_text=True)) == [C, R]


def test_a_move_back_is_explained_on_the_field_and_changes_nothing(client, db, asked, post_form):
    url = f"/officer/requests/{asked.reference}"
    post_form(url, {"handle-status": P})
    response = post_form(url, {"handle-status": A})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="handle-status-error"' in html and "has moved on since this page was opened" in html
    db.session.refresh(asked)
    assert asked.status == P


def test_a_closed_request_has_no_answer_form_and_stays_closed(client, db, asked, post_form):
    url = f"/officer/requests/{asked.reference}"
    post_form(url, {"handle-status": R, "handle-reason": "不符合条件"})
    db.session.refresh(asked)
    assert (asked.status, asked.reason) == (R, "不符合条件")
    page = client.get(url).get_data(as_text=True)
    assert offered(page) == [] and "Update the request" not in page
    post_form(url, {"handle-status": C}, page=f"/officer/requests/{asked.reference}")
    db.session.refresh(asked)
    assert asked.status == R


def test_the_person_is_told_of_each_answer_in_their_words(client, db, asked, migrant, post_form, sign_in):
    post_form(f"/officer/requests/{asked.reference}", {"handle-status": A})
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    assert "已受理" in client.get("/me/inbox").get_data(as_text=True)


# --- one home for the statuses -------------------------------------------------------------------------------------

#: Values no other concept uses: never spelled outside the enum module.
OWN_VALUES = {A, P, C}
#: Values reports and permits use too: not spelled where service requests are handled (webapp/services/, and any
#: function, or module-level code, that names ServiceRequest or its table).
SHARED_VALUES = {S, R, W}
TEMPLATE_LITERAL = re.compile(r"""["'](accepted|in_progress|completed)["']""")


def python_files():
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative != ENUM_MODULE and "/migrations/" not in relative:
            yield relative, path.read_text(encoding="utf-8")


def about_requests(node: ast.AST) -> bool:
    """The code names the model (ServiceRequest) or its table ("service_request")."""
    return any(
        (isinstance(n, ast.Name) and n.id == "ServiceRequest")
        or (isinstance(n, ast.Attribute) and n.attr == "ServiceRequest")
        or (isinstance(n, ast.alias) and n.name == "ServiceRequest")
        or (isinstance(n, ast.Constant) and n.value == "service_request")
        for n in ast.walk(node)
    )


def scopes(tree: ast.Module):
    """(node, the innermost function holding it, or None at module level) for every node."""

    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            yield child, function
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            yield from walk(child, inner)

    yield from walk(tree, None)


def request_scope(relative: str, tree: ast.Module, function) -> bool:
    return relative.startswith("webapp/services/") or about_requests(function if function is not None else tree)


def bare_literals(files=None) -> list[str]:
    found = []
    for relative, source in files if files is not None else python_files():
        tree = ast.parse(source)
        for node, function in scopes(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            shared = node.value in SHARED_VALUES and request_scope(relative, tree, function)
            if node.value in OWN_VALUES or shared:
                found.append(f"{relative}:{node.lineno}: {node.value!r}")
    if files is not None:
        return found
    for path in sorted([*(ROOT / "templates").rglob("*.html"), *(ROOT / "static").rglob("*.js")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_LITERAL.search(line):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()}")
    return found


def assigned(target: ast.AST) -> list[ast.AST]:
    """What an assignment writes: the target, or each one of a tuple of targets."""
    return [t for element in target.elts for t in assigned(element)] if isinstance(target, ast.Tuple) else [target]


def status_writes(files=None) -> list[str]:
    """Assignments to some ``x.status`` where service requests are handled."""
    found = []
    for relative, source in files if files is not None else python_files():
        tree = ast.parse(source)
        for node, function in scopes(tree):
            if not isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            written = [t for target in targets for t in assigned(target)]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in written) and request_scope(
                relative, tree, function
            ):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_request_status_is_spelled_outside_the_enum():
    assert bare_literals() == [], "use webapp.services.statuses.RequestStatus"


def test_no_file_outside_the_lifecycle_writes_a_request_status():
    assert status_writes() == [], "change a request's status with webapp.services.statuses"


def test_the_checks_would_see_a_literal_and_a_write():
    """The two greps above find what they look for (so that an empty answer means something)."""
    handler = (
        "def handle(found: ServiceRequest, form):\n"
        "    found.status, found.reason = 'refused', form.reason.data\n"
        "    form.status.choices = []\n"
        "    return found.status == 'submitted'\n"
    )
    elsewhere = (
        "def report(self, status):\n    self.service_request()\n    self.status = 'submitted'\n    return 'completed'\n"
    )
    files = [("webapp/feature/views.py", handler), ("webapp/other/reports.py", elsewhere)]
    assert bare_literals(files) == [
        "webapp/feature/views.py:2: 'refused'",
        "webapp/feature/views.py:4: 'submitted'",
        "webapp/other/reports.py:4: 'completed'",
    ]
    (write,) = status_writes(files)
    assert write == "webapp/feature/views.py:2: found.status, found.reason = ('refused', form.reason.data)"
