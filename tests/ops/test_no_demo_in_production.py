"""Production that cannot run as a demo (issue 13, point 9): gunicorn without XINJU_CONFIG served the demo
configuration, with demo sign-in and the fallback secret key."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from webapp import create_app
from webapp.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def environment_without_a_configuration() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("XINJU_CONFIG", "FLASK_APP", "SECRET_KEY")}


def test_the_app_factory_needs_an_explicit_configuration(monkeypatch):
    monkeypatch.delenv("XINJU_CONFIG", raising=False)
    with pytest.raises(ConfigError, match="XINJU_CONFIG"):
        create_app()
    monkeypatch.setenv("XINJU_CONFIG", "staging")
    with pytest.raises(ConfigError, match="staging"):
        create_app()


@pytest.mark.server_process  # waits on gunicorn: not under faketime (make test-dates)
def test_gunicorn_refuses_to_start_without_a_configuration():
    """The entry point the README gives gunicorn, run as gunicorn runs it (the app loaded before any worker)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--preload", "--workers", "1", "--bind", "127.0.0.1:0", "webapp:create_app()"],
        cwd=ROOT,
        env=environment_without_a_configuration(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: stopped whole if it serves instead of refusing
    )
    try:
        _out, errors = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
        pytest.fail("gunicorn started and served without XINJU_CONFIG")
    assert process.returncode != 0
    assert "XINJU_CONFIG" in errors
    assert "Booting worker" not in errors  # never served
