"""deploy/: the nginx site passes `nginx -t` (as make prod-local rewrites it), gunicorn's settings load, the systemd
units point at them. The running stack is tested in tests/browser/test_prod_local.py."""

import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import prod_local  # noqa: E402

from tests.support.required import tool, unavailable  # noqa: E402


def test_gunicorn_settings_load_from_the_environment(monkeypatch):
    monkeypatch.setenv("XINJU_BIND", "127.0.0.1:8001")
    monkeypatch.setenv("XINJU_WORKERS", "3")
    monkeypatch.setenv("XINJU_INSTANCE", "a")
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert (settings["bind"], settings["workers"], settings["worker_class"]) == ("127.0.0.1:8001", 3, "sync")
    assert "%(U)s" in settings["access_log_format"] and "%(r)s" not in settings["access_log_format"]  # no queries
    assert settings["timeout"] > 15  # longer than the database's statement timeout


def test_systemd_units_run_the_deployed_settings():
    app = (ROOT / "deploy" / "systemd" / "xinju@.service").read_text()
    assert "gunicorn -c /srv/xinju/deploy/gunicorn.conf.py" in app and "XINJU_INSTANCE=%i" in app
    jobs = (ROOT / "deploy" / "systemd" / "xinju-jobs.service").read_text()
    assert "flask jobs run" in jobs and "Type=oneshot" in jobs
    assert "OnCalendar=" in (ROOT / "deploy" / "systemd" / "xinju-jobs.timer").read_text()


def test_the_nginx_site_is_valid_with_tls_and_two_upstreams(tmp_path):
    nginx = tool("nginx")
    if nginx is None:
        unavailable("nginx not installed (apt-get install -y nginx)")
    site = (ROOT / "deploy" / "nginx" / "xinju.conf").read_text()
    assert "listen 443 ssl" in site and "return 301 https://" in site and "immutable" in site and "gzip on" in site
    cert, key = prod_local.self_signed_certificate(tmp_path)
    config = tmp_path / "nginx.conf"
    config.write_text(
        prod_local.nginx_config(
            folder=tmp_path, https_port=8743, http_port=8780, upstreams=[5701, 5702], cert=cert, key=key
        )
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "server 127.0.0.1:5701" in config.read_text() and "server 127.0.0.1:5702" in config.read_text()
