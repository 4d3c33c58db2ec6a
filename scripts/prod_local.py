"""`make prod-local`: the production set-up on this one machine, to try it and to test it
(tests/browser/test_prod_local.py).

nginx (deploy/nginx/xinju.conf, with its ports, paths and a self-signed certificate for localhost rewritten) in front
of two gunicorn instances (deploy/gunicorn.conf.py) of XINJU_CONFIG=production, on PostgreSQL and Redis (started if
they are not running, as .ci/run does). Production's defaults are not weakened: HTTPS, __Host- cookies, keys from
files. nginx adds an X-Instance header (the upstream that answered) that the deployed configuration does not have.

    python scripts/prod_local.py [--https-port 8743] [--database-url URL]    (Ctrl-C stops everything)
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/xinju_prodlocal"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def ensure_postgresql_and_redis() -> None:
    """Start them if they are not running (the commands of .ci/run)."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
        cluster = sorted(os.listdir("/etc/postgresql"))[0]
        run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"])
        for _ in range(30):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
                break
            time.sleep(1)
    if subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode != 0:
        run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "-::1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                "/var/lib/redis",
                "--logfile",
                "/var/log/redis/ci.log",
            ]
        )
        for _ in range(30):
            if subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode == 0:
                break
            time.sleep(1)


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    found = run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"]
    ).stdout.strip()
    if found != "1":
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "localhost.crt", folder / "localhost.key"
    run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ]
    )
    return cert, key


def certificate_spki_hash(cert: Path) -> str:
    """base64 SHA-256 of the public key: Chromium trusts this certificate with --ignore-certificate-errors-spki-list."""
    public = run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"]).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"], input=public.encode(), check=True, capture_output=True
    ).stdout
    digest = subprocess.run(
        ["openssl", "dgst", "-sha256", "-binary"], input=der, check=True, capture_output=True
    ).stdout
    import base64

    return base64.b64encode(digest).decode()


def nginx_config(*, folder: Path, https_port: int, http_port: int, upstreams: list[int], cert: Path, key: Path) -> str:
    """deploy/nginx/xinju.conf with this machine's ports, paths and certificate, inside a main configuration."""
    site = (ROOT / "deploy" / "nginx" / "xinju.conf").read_text()
    deployed_upstreams = (
        "    server 127.0.0.1:8001 max_fails=2 fail_timeout=10s;  # gunicorn, xinju@a\n"
        "    server 127.0.0.1:8002 max_fails=2 fail_timeout=10s;  # gunicorn, xinju@b (or another machine's address)\n"
    )
    local_upstreams = "".join(f"    server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;\n" for port in upstreams)
    replacements = {
        deployed_upstreams: local_upstreams,
        "    listen 80;": f"    listen 127.0.0.1:{http_port};",
        "return 301 https://$host$request_uri;": f"return 301 https://$host:{https_port}$request_uri;",
        "    listen 443 ssl http2;": f"    listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/xinju/tls/fullchain.pem": str(cert),
        "/etc/xinju/tls/privkey.pem": str(key),
        "alias /srv/xinju/static/;": f"alias {ROOT / 'static'}/;",
        # The port is part of the origin here (passkeys, redirects): $host drops it, $http_host keeps it.
        "proxy_set_header Host $host;": "proxy_set_header Host $http_host;",
        "proxy_set_header X-Forwarded-Host $host;": "proxy_set_header X-Forwarded-Host $http_host;\n"
        "        add_header X-Instance $upstream_addr always;  # prod-local only: which instance answered",
    }
    for old, new in replacements.items():
        if old not in site:
            raise RuntimeError(
                f"deploy/nginx/xinju.conf changed: {old.strip()!r} not found; update scripts/prod_local.py"
            )
        site = site.replace(old, new)
    if not Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so").exists():
        site = "\n".join(line for line in site.splitlines() if not line.strip().startswith("brotli"))
        modules = ""
    else:
        modules = (
            "load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;\n"
            "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n"
        )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{modules}{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    sendfile on;
{site}
}}
"""


@dataclass
class Stack:
    database_url: str = DEFAULT_DATABASE
    https_port: int = 0
    http_port: int = 0
    app_ports: list[int] = field(default_factory=list)
    redis_url: str = "redis://127.0.0.1:6379/7"
    extra_environment: dict = field(default_factory=dict)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="xinju-prod-local-")))
    processes: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def environment(self, instance: str | None = None) -> dict:
        env = {
            **os.environ,
            "FLASK_APP": "webapp",
            "XINJU_CONFIG": "production",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "WEBAUTHN_RP_ID": "localhost",
            "WEBAUTHN_ORIGINS": self.url,
            "XINJU_DATA_KEYS_FILE": str(self.folder / "data-keys.json"),
            "PERMIT_KEYS_DIR": str(self.folder / "permit-keys"),
            "RATELIMIT_STORAGE_URI": self.redis_url,
            "DOCUMENTS_DIR": str(self.folder / "documents"),
            "BEHIND_PROXY": "1",
            "XINJU_WORKERS": os.environ.get("XINJU_WORKERS", "2"),
            **self.extra_environment,
        }
        if instance:
            env["XINJU_INSTANCE"] = instance
            env["XINJU_BIND"] = f"127.0.0.1:{self.app_ports[ord(instance) - ord('a')]}"
            env["XINJU_ACCESS_LOG"] = str(self.folder / f"gunicorn-{instance}-access.log")
            env["XINJU_ERROR_LOG"] = str(self.folder / f"gunicorn-{instance}-error.log")
        return env

    def start(self) -> "Stack":
        began = time.monotonic()
        ensure_postgresql_and_redis()
        ensure_database(self.database_url)
        self.https_port = self.https_port or free_port()
        self.http_port = self.http_port or free_port()
        self.app_ports = self.app_ports or [free_port(), free_port()]
        self.secret_key = secrets.token_urlsafe(48)
        run([sys.executable, "-m", "webapp.security.crypto", str(self.folder / "data-keys.json")], cwd=ROOT)
        env = self.environment()
        # At once: the schema, a permit signing key, and the two instances booting (they read neither until asked).
        setup = [
            subprocess.Popen(
                [str(BIN / "flask"), *command],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for command in (["db", "upgrade"], ["permits", "new-key"])
        ]
        self.cert, self.key = self_signed_certificate(self.folder)
        for instance in ("a", "b"):
            self.processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "webapp:create_app()"],
                    cwd=ROOT,
                    env=self.environment(instance),
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for step in setup:
            output, _ = step.communicate()
            if step.returncode:
                self.stop()
                raise RuntimeError(f"{' '.join(step.args[1:])} failed:\n{output[-3000:]}")
        config = self.folder / "nginx.conf"
        config.write_text(
            nginx_config(
                folder=self.folder,
                https_port=self.https_port,
                http_port=self.http_port,
                upstreams=self.app_ports,
                cert=self.cert,
                key=self.key,
            )
        )
        run(["nginx", "-t", "-p", str(self.folder), "-c", str(config), "-e", str(self.folder / "nginx-error.log")])
        self.processes.append(
            subprocess.Popen(
                ["nginx", "-p", str(self.folder), "-c", str(config), "-e", str(self.folder / "nginx-error.log")],
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        self.wait_until_ready()
        self.started_in = time.monotonic() - began
        return self

    def wait_until_ready(self, timeout: float = 60) -> None:
        context = ssl.create_default_context(cafile=str(self.cert))
        deadline = time.monotonic() + timeout
        waiting = [f"http://127.0.0.1:{port}/healthz" for port in self.app_ports] + [f"{self.url}/healthz"]
        while waiting:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a process of the stack stopped: {process.args}\n{self.logs()}")
            try:
                with urllib.request.urlopen(waiting[0], timeout=2, context=context) as answer:
                    if answer.status == 200:
                        waiting.pop(0)
                        continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{waiting[0]} did not answer in {timeout} s\n{self.logs()}")
            time.sleep(0.3)

    def logs(self) -> str:
        return "\n".join(f"== {p.name}\n{p.read_text()[-2000:]}" for p in sorted(self.folder.glob("*.log")))

    def served_by(self) -> dict[str, int]:
        """Requests each gunicorn instance answered, from its access log."""
        return {
            instance: len((self.folder / f"gunicorn-{instance}-access.log").read_text().splitlines())
            if (self.folder / f"gunicorn-{instance}-access.log").exists()
            else 0
            for instance in ("a", "b")
        }

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--https-port", type=int, default=int(os.environ.get("HTTPS_PORT", 8743)))
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("HTTP_PORT", 8780)))
    parser.add_argument("--app-ports", default=os.environ.get("APP_PORTS", "5701,5702"))
    parser.add_argument("--database-url", default=os.environ.get("PROD_LOCAL_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("PROD_LOCAL_REDIS_URL", "redis://127.0.0.1:6379/7"))
    options = parser.parse_args()
    stack = Stack(
        database_url=options.database_url,
        https_port=options.https_port,
        http_port=options.http_port,
        app_ports=[int(p) for p in options.app_ports.split(",")],
        redis_url=options.redis_url,
    )
    try:
        stack.start()
        # Blocked once the children run (they would inherit the mask), so that sigwait below receives them and the
        # finally clause stops the stack, instead of the default action ending this process and leaving them running.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        print(
            f"Xinju (production configuration) at {stack.url}: nginx, gunicorn on {stack.app_ports}, "
            f"{stack.database_url}, {stack.redis_url}.\nThe certificate is self-signed ({stack.cert}): the browser "
            f"will warn once. Files and logs in {stack.folder}. Ctrl-C stops everything.",
            flush=True,
        )
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
