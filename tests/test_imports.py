"""The import contract: imports run one way.

Read with ``ast`` from the source (nothing is imported), over every module of ``webapp/``:

(a) no module imports another package's ``views`` (only the app factory, ``webapp/__init__.py``, registers them);
(b) the base packages (``policy``, ``places``, ``audit``, ``clock``, ``labels``) import no feature package;
(c) no cycle between packages through module-level imports, once the few known back edges (``BACK_EDGES``) are
    left out; imports inside functions are not edges of that graph (they run after every module is loaded), but
    they are listed in ``DEFERRED`` so that none is added unnoticed.

Each list must match exactly: a new exception fails the test, and so does one that is no longer needed (remove it).
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEBAPP = ROOT / "webapp"

FEATURES = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "claims",
        "documents",
        "employers",
        "enrolment",
        "home",
        "notifications",
        "people",
        "permits",
        "registrations",
        "rentals",
        "services",
        "summaries",
        "synthetic",
        "visits",
        "vacancies",
        "jobs",
        "demo",
        "pwa",
        "guide",
    }
)
BASE = ("policy", "places", "audit", "clock", "labels")

#: Imports from a base package into a feature, made inside a function (so the base still loads without it).
#: The audit log writes and reads events about people and accounts, and words them for the person and the staff:
#: moving the reading side next to its readers (accounts' "who looked", admin's log) would empty this list.
BASE_EXCEPTIONS = {
    ("webapp.audit.log", "webapp.accounts.models"),  # the actor's name on "who looked at your information"
    ("webapp.audit.log", "webapp.employers.models"),  # the employer's name when an employer looked
    ("webapp.audit.log", "webapp.people.models"),  # viewed_in_list() and about(): people's ids and households
}

#: Package-level edges that close a cycle, left out of (c) on purpose (none left: the residence report builds on
#: rentals and employers, claims on all three, and the officers' cases and a new rental's waiting tenants are
#: listed by the app factory instead of imported). A new one needs a reason here; the test below fails when one
#: listed no longer closes a cycle.
BACK_EDGES: set[tuple[str, str]] = set()

#: Imports made inside a function, into another package, by module: each is a deliberate exception (mostly to
#: avoid an import-time loop between modules). Keep it short; the test fails when one is added or one is gone.
DEFERRED = {
    "webapp.audit.log": {"accounts", "employers", "people", "places"},  # see BASE_EXCEPTIONS
    # The demo's data builder uses every feature's writes; it runs only under `flask demo` / the demo config.
    "webapp.demo.data": {
        "documents",
        "employers",
        "people",
        "permits",
        "registrations",
        "rentals",
        "services",
        "summaries",
        "vacancies",
    },
    # A notification is worded when read: a service's name and a request's status (services imports notify).
    "webapp.notifications.notify": {"services"},
    # Removing a household member checks they have no report (registrations imports people at module level).
    "webapp.people.service": {"privacy", "registrations"},
    # A report or permit locks the person's identity details, and the newest report takes a correction request
    # (registrations and permits import people at module level).
    "webapp.people.rules": {"permits", "registrations"},
    # A child under 14 needs a parent's consent (privacy's corrections and deletion read people at module level).
    "webapp.people.views": {"privacy"},
    # A record someone else entered (an employer's hire, a household member) and the claim on it: its jobs and
    # where it lives (employers and registrations import people at module level).
    "webapp.people.placeholders": {"employers", "registrations"},
    # A child's consent withdrawn: the record stays if the law keeps its reports, requests or documents; a person's
    # copy of their data reads every feature's tables (features import privacy.consent at module level).
    "webapp.privacy.consent": {"documents", "registrations", "services"},
    "webapp.privacy.export": {
        "documents",
        "employers",
        "notifications",
        "people",
        "permits",
        "registrations",
        "rentals",
        "services",
        "vacancies",
        "visits",
    },
    "webapp.registrations.service": {"permits"},
    # The residence page says where the person stands with a permit (permits imports registrations).
    "webapp.registrations.views": {"permits"},
    # The ID numbers' limit answers any other 429 as the error pages do, leaves the place chooser's posts uncounted,
    # and counts a number once (people's compact form; the error pages and the places' and people's views import
    # security).
    "webapp.security.limits": {"errors", "people", "places"},
    # A job referral's request withdrawn: the employer stops seeing the person (vacancies imports services at module
    # level: a referral is a service request).
    "webapp.services.service": {"vacancies"},
    # A job referral's request page offers to withdraw or give the sharing with the employer (vacancies imports
    # services at module level).
    "webapp.services.views": {"vacancies"},  # deregistering revokes the permit (permits imports registrations)
    # Counting and tracking read every feature's tables; the models import summaries.models at module level.
    "webapp.summaries.counting": {"accounts", "employers", "permits", "places", "registrations", "services"},
    "webapp.summaries.tracking": {"accounts", "employers", "permits", "registrations", "services"},
    "webapp.synthetic.cli": {"summaries"},  # the recount after generating
    # Whether a duty is left (an open permit case, an open request): permits and services import privacy.retention.
    # Deleting an account stops its job referrals sharing the name and number with the employer, and ends the
    # colleague links it made for its organisation (enrolment imports vacancies, which imports services).
    "webapp.privacy.deletion": {"enrolment", "permits", "services", "vacancies"},
    # The retention sweep reads and deletes every feature's old records; the features import privacy.retention
    # at module level for its rules (who may still see a case's documents).
    "webapp.privacy.retention": {
        "accounts",
        "audit",
        "documents",
        "enrolment",
        "notifications",
        "people",
        "permits",
        "services",
        "vacancies",
        "visits",
    },
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(WEBAPP.rglob("*.py")):
        if "migrations" in path.relative_to(WEBAPP).parts:
            continue  # Alembic's scripts: loaded by Alembic, never imported by the app
        found[module_name(path)] = path
    return found


def imported(node: ast.AST) -> list[str]:
    """The webapp modules an import statement names (``from a import b`` names ``a.b``: b may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("webapp")]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("webapp"):
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def imports(path: Path) -> tuple[list[str], list[str]]:
    """(module-level imports, imports inside a function) of one file, as module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top, deferred = [], []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            names = imported(child)
            (deferred if in_function else top).extend(names)
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, inner)

    visit(tree, False)
    return top, deferred


def package(name: str) -> str:
    """``webapp.people.views`` → ``people``; ``webapp.clock`` → ``clock``; ``webapp`` → ``webapp``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


MODULES = modules()
IMPORTS = {name: imports(path) for name, path in MODULES.items()}


def known(names: list[str]) -> list[str]:
    """Only the names that are modules of webapp (``from webapp.x import y`` where y is a function is dropped)."""
    return [n for n in names if n in MODULES]


def test_the_walk_sees_the_app():
    assert {"webapp", "webapp.clock", "webapp.people.views", "webapp.policy.engine"} <= MODULES.keys()
    assert "webapp.people.models" in known(IMPORTS["webapp.people.views"][0])


def test_no_module_imports_another_packages_views():
    crossings = [
        f"{name} imports {target}"
        for name, (top, deferred) in IMPORTS.items()
        if name != "webapp"  # the app factory registers every blueprint
        for target in known(top + deferred)
        if target.endswith(".views") and package(target) != package(name)
    ]
    assert crossings == []


@pytest.mark.parametrize("base", BASE)
def test_base_packages_import_no_feature(base):
    crossings = {
        (name, target)
        for name, (top, deferred) in IMPORTS.items()
        if package(name) == base
        for target in known(top + deferred)
        if package(target) in FEATURES
    }
    allowed = {(name, target) for name, target in BASE_EXCEPTIONS if package(name) == base}
    assert crossings == allowed
    assert not any(package(name) == base and package(target) in FEATURES for name, target in top_level_pairs())


def top_level_pairs() -> set[tuple[str, str]]:
    return {(name, target) for name, (top, _deferred) in IMPORTS.items() for target in known(top)}


def package_graph() -> dict[str, set[str]]:
    graph = defaultdict(set)
    for name, (top, _deferred) in IMPORTS.items():
        if name == "webapp":
            continue  # the app factory imports everything, and nothing imports it
        for target in known(top):
            if package(target) != package(name) and package(target) != "webapp":
                graph[package(name)].add(package(target))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def test_no_cycles_between_packages():
    graph = package_graph()
    assert {(source, target) for source, target in BACK_EDGES if target in graph.get(source, ())} == BACK_EDGES
    for source, target in BACK_EDGES:
        graph[source].discard(target)
    report = {tuple(c): {p: sorted(graph[p] & set(c)) for p in c} for c in cycles(graph)}
    assert report == {}


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_each_back_edge_still_closes_a_cycle():
    """An edge listed in BACK_EDGES that no longer closes a cycle is not an exception any more: remove it."""
    graph = package_graph()
    for source, target in BACK_EDGES:
        graph[source].discard(target)
    assert [(source, target) for source, target in sorted(BACK_EDGES) if not reaches(graph, target, source)] == []
    assert reaches(package_graph(), "claims", "registrations")  # the walk finds paths in the real graph


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert reaches({"a": {"b"}, "b": {"c"}}, "a", "c") and not reaches({"a": {"b"}, "c": {"a"}}, "a", "c")


def test_imports_inside_functions_are_the_listed_ones():
    found = defaultdict(set)
    for name, (_top, deferred) in IMPORTS.items():
        if name == "webapp":
            continue  # the app factory imports inside create_app() on purpose
        for target in known(deferred):
            if package(target) != package(name):
                found[name].add(package(target))
    assert dict(found) == DEFERRED
