"""requirements.lock pins what CI tests and what is deployed (issue 13, point 9): every dependency of
pyproject.toml (with the test, PostgreSQL and Redis extras) is pinned with its hashes, the Makefile's venv installs
from the lock, and the environment running these tests is the locked one."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTRAS = ("test", "postgresql", "redis")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.M)
    assert len(entries) == len(re.findall(r"^[A-Za-z0-9]", text, re.M)), "an entry without ==version and hashes"
    return {normal(name): version for name, version, _hashes in entries}


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in EXTRAS:
        requirements += project["optional-dependencies"][extra]
    return {normal(re.match(r"[A-Za-z0-9_.\-]+", r).group(0)) for r in requirements}


def test_every_declared_dependency_is_locked_with_hashes():
    missing = sorted(declared() - set(pinned()))
    assert missing == [], f"not in requirements.lock: {missing}; run make lock"


def test_the_makefile_installs_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r $(LOCK)" in makefile and "LOCK := requirements.lock" in makefile
    assert "--no-deps -e ." in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()  # CI builds its environment through the Makefile


def test_this_environment_is_the_locked_one():
    differing = {}
    for name, version in pinned().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differing[name] = (version, installed)
    assert differing == {}, f"locked vs installed: {differing}; make venv (or make lock after changing pyproject.toml)"
