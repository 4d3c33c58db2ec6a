"""What CI must have: a test that needs a tool (Chromium, nginx) skips without it on a developer's machine, but
fails when CI or XINJU_REQUIRE_BROWSER=1 is set (.ci/run sets both), so a CI run never silently skips it."""

import os
import shutil
from pathlib import Path

import pytest


def required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("XINJU_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    """Skip with this reason, or fail under CI."""
    if required():
        pytest.fail(f"{reason} (CI or XINJU_REQUIRE_BROWSER=1 is set: this test may not be skipped)", pytrace=False)
    pytest.skip(reason)


def tool(name: str) -> str | None:
    """The program's path on $PATH or in /usr/sbin (nginx lives there, often off a user's PATH), or None."""
    found = shutil.which(name) or Path("/usr/sbin", name)
    return str(found) if Path(found).exists() else None
