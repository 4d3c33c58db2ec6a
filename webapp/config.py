"""Configuration classes. Secrets and deployment facts come from the environment, never from the code."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    #: hide_parameters: a database error (a unique ID number refused, say) is logged and reported without the
    #: values it was given — they are ID numbers, phones and names.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}

    # Passkeys (WebAuthn relying party). Origins include the port.
    WEBAUTHN_RP_ID = "localhost"
    WEBAUTHN_RP_NAME = "Xinju 新居"
    WEBAUTHN_ORIGINS: list[str] = ["http://localhost:5000"]
    WEBAUTHN_CHALLENGE_SECONDS = 300

    #: Uploads: up to six photos of at most 10 MB each (a school place asks for six documents), and the form.
    MAX_CONTENT_LENGTH = 64 * 1024 * 1024
    #: The Ed25519 keys that sign permit cards (docs/permit-token.md). Created on first use outside production.
    PERMIT_KEYS_DIR = str(PROJECT_ROOT / "instance" / "permit-keys")
    PERMIT_KEYS_AUTOCREATE = True
    #: The keys that encrypt ID numbers and mobiles at rest, and the blind index's key (webapp/security/crypto.py):
    #: from XINJU_DATA_KEYS and XINJU_INDEX_KEY, or this key file. Made when missing outside production.
    DATA_KEYS_FILE: str | None = str(PROJECT_ROOT / "instance" / "data-keys.json")
    DATA_KEYS_AUTOCREATE = True
    #: Document images, as files named by their hash (webapp/documents/storage.py).
    DOCUMENTS_DIR = str(PROJECT_ROOT / "instance" / "documents")
    #: Where document images are kept: "filesystem" (DOCUMENTS_DIR) or "s3" (an S3-compatible bucket every app
    #: server shares: S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_PREFIX; credentials from boto3's chain or
    #: S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY). Production reads them from XINJU_STORAGE and XINJU_S3_*.
    DOCUMENT_STORAGE = "filesystem"
    #: An optional read replica (XINJU_REPLICA_DATABASE_URL): the dashboards' read queries go there (webapp/replica.py).
    REPLICA_DATABASE_URI: str | None = None

    #: How long a downloaded caseload stays on a coordinator's device before it is wiped.
    CASELOAD_KEEP_DAYS = 3

    ENROLMENT_LINK_HOURS = 72
    RECOVERY_LINK_HOURS = 24
    #: A passkey made with a recovery link waits this long before it signs in, unless the person confirms it sooner
    #: from a passkey they already had (someone who took over a recovery cannot use it before the owner hears).
    RECOVERY_COOLING_OFF_HOURS = 48

    #: Sessions end on the server (webapp/accounts/sessions.py): after this long without a request (idle), and this
    #: long after signing in (absolute), whichever comes first. Staff hold other people's data: shorter.
    SESSION_IDLE_MINUTES_STAFF = 30
    SESSION_MAX_HOURS_STAFF = 12
    SESSION_IDLE_MINUTES_RESIDENT = 12 * 60
    SESSION_MAX_HOURS_RESIDENT = 7 * 24
    #: Sensitive actions (recovery links, staff invitations, exports, adding a passkey) need a passkey check with user
    #: verification this recent: the sign-in itself, or a re-verification.
    REVERIFY_MINUTES = 5

    LANGUAGES = ("zh", "en")
    BABEL_DEFAULT_LOCALE = "zh"
    #: The zone of the app's calendar (webapp.clock): every "today", deadline and age is counted in it, and times are
    #: shown in it. China's time, whatever the server's own zone.
    TIMEZONE = os.environ.get("XINJU_TIMEZONE", "Asia/Shanghai")
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "xinju_session"
    #: The chosen language (webapp/i18n).
    LANGUAGE_COOKIE_NAME = "lang"
    #: The cookie's own lifetime: the longest a session can last (the server ends it sooner, see SESSION_*).
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    #: The cookie is written when the session changes (sign-in, a CSRF token, a message), not on every response:
    #: its lifetime is the absolute limit, counted from sign-in, which a later Expires would not lengthen (the
    #: server ends the session at SESSION_MAX_HOURS_* anyway). Saves signing and sending it on every page.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_HTTPONLY = True

    WTF_CSRF_TIME_LIMIT = 3600 * 12
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SIGNIN = "10 per minute;50 per hour"
    RATELIMIT_SIGNUP = "5 per minute;20 per hour"
    RATELIMIT_ENROL = "10 per minute;50 per hour"
    #: Hires an employer account may report (issue 13): enough for a busy HR desk, too few to map ID numbers.
    RATELIMIT_HIRES = "20 per hour;100 per day"
    #: People a coordinator registers in person (each form says whether the ID number's holder is registered
    #: anywhere): enough for a day of home visits, too few to probe whose numbers are on Xinju.
    RATELIMIT_ASSISTED = "20 per hour;100 per day"
    #: Submissions that give an ID number on a person's own forms (profile, household member, a correction of the
    #: ID number), which say whether it is registered: counted together per account, enough for a family's numbers
    #: and their typos, too few to probe whose numbers are on Xinju (webapp/security/limits.py).
    RATELIMIT_ID_NUMBERS = "10 per hour;30 per day"
    #: Counted per passkey credential and per link as well, whatever the address (webapp/security/limits.py).
    RATELIMIT_SIGNIN_CREDENTIAL = "5 per minute;20 per hour"
    RATELIMIT_ENROL_LINK = "8 per minute;30 per hour"
    #: Copies of one's own data (issue 14): enough to retry a failed download, not a way to load the server.
    RATELIMIT_MY_DATA = "3 per hour;10 per day"

    # Static files without a fingerprint are revalidated after an hour;
    # fingerprinted ones (?v=hash) get a year (see webapp.pwa.assets).
    SEND_FILE_MAX_AGE_DEFAULT = 3600

    DEMO = False
    TESTING = False
    #: An administrator's dashboard reuses its area's figures (sums, not people) computed within this many seconds
    #: in the same worker (webapp/admin/indicators.py: cached_dashboard); 0: computed for every page.
    DASHBOARD_FIGURES_SECONDS = 30

    @classmethod
    def check(cls, config: dict) -> None:  # noqa: B027 - optional hook
        """Raise ConfigError when this configuration would run unsafely."""


class DevelopmentConfig(Config):
    """`make run`: a local demo on an embedded SQLite database, with demo data and demo sign-in."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'xinju.sqlite3'}")
    WEBAUTHN_ORIGINS = [f"http://localhost:{os.environ.get('XINJU_PORT', '5000')}"]
    DEMO = True


class TestConfig(Config):
    TESTING = True
    DOCUMENTS_DIR = tempfile.mkdtemp(prefix="xinju-documents-")
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WEBAUTHN_ORIGINS = ["http://localhost", "http://localhost:5000"]
    SERVER_NAME = "localhost"
    RATELIMIT_ENABLED = True
    DEMO = False
    DASHBOARD_FIGURES_SECONDS = 0  # tests change the data and look again; tests/admin/test_figures_cache.py sets it


class ProductionConfig(Config):
    # __Host-: the browser keeps these cookies only if Secure, Path=/ and without Domain, so another host of the
    # domain cannot set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-xinju_session"
    LANGUAGE_COOKIE_NAME = "__Host-lang"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    REQUIRED = {
        "SECRET_KEY": "a long random secret key",
        "DATABASE_URL": "the database URL, e.g. postgresql+psycopg://user@host/xinju",
        "WEBAUTHN_RP_ID": "the passkey relying-party id: the site's host name, e.g. xinju.example.gov.cn",
        "WEBAUTHN_ORIGINS": "the passkey origin(s), comma-separated, e.g. https://xinju.example.gov.cn",
    }

    @classmethod
    def engine_options(cls, url: str, environ=os.environ) -> dict:
        """A database that stops answering fails a request in seconds, not after the operating system's TCP timeout
        (minutes) for each worker: PostgreSQL gets a connect timeout (DATABASE_CONNECT_TIMEOUT, 5 s), a statement
        timeout (DATABASE_STATEMENT_TIMEOUT, 15 s) and TCP keepalives; waiting for a pooled connection is bounded."""
        options: dict = {"pool_pre_ping": True}
        if url.startswith("postgresql"):
            options["pool_timeout"] = 10
            connect = _seconds(environ, "DATABASE_CONNECT_TIMEOUT", 5)
            statement = _seconds(environ, "DATABASE_STATEMENT_TIMEOUT", 15)
            options["connect_args"] = {
                "connect_timeout": connect,
                "options": f"-c statement_timeout={statement * 1000}",
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 5,
                "keepalives_count": 3,
                # Unacknowledged data (a query sent to a host that went away) fails after this, in milliseconds.
                "tcp_user_timeout": (statement + connect) * 1000,
            }
        return options

    @classmethod
    def storage_from_environment(cls, environ=os.environ) -> dict:
        """XINJU_STORAGE=filesystem (DOCUMENTS_DIR) or s3: XINJU_S3_BUCKET (required), XINJU_S3_ENDPOINT_URL (MinIO,
        Ceph or Aliyun OSS; none for AWS), XINJU_S3_REGION, XINJU_S3_PREFIX, XINJU_S3_ADDRESSING_STYLE (path for
        MinIO and Ceph, virtual for Aliyun OSS), XINJU_S3_SERVER_SIDE_ENCRYPTION (e.g. AES256); the keys from
        XINJU_S3_ACCESS_KEY_ID and XINJU_S3_SECRET_ACCESS_KEY, else boto3's own (AWS_ACCESS_KEY_ID, a role)."""
        kind = environ.get("XINJU_STORAGE", "filesystem")
        if kind == "filesystem":
            return {"DOCUMENT_STORAGE": "filesystem"}
        if kind != "s3":
            raise ConfigError("XINJU_STORAGE must be filesystem or s3.")
        if not environ.get("XINJU_S3_BUCKET"):
            raise ConfigError("XINJU_STORAGE=s3 needs XINJU_S3_BUCKET: the bucket that keeps document images.")
        settings = {"DOCUMENT_STORAGE": "s3", "S3_BUCKET": environ["XINJU_S3_BUCKET"]}
        for name in (
            "ENDPOINT_URL",
            "REGION",
            "PREFIX",
            "ADDRESSING_STYLE",
            "SERVER_SIDE_ENCRYPTION",
            "ACCESS_KEY_ID",
            "SECRET_ACCESS_KEY",
        ):
            if environ.get(f"XINJU_S3_{name}"):
                settings[f"S3_{name}"] = environ[f"XINJU_S3_{name}"]
        return settings

    @classmethod
    def from_environment(cls, environ=os.environ) -> dict:
        missing = [f"  {name}: {what}" for name, what in cls.REQUIRED.items() if not environ.get(name)]
        if missing:
            raise ConfigError(
                "Xinju will not start in production without these environment variables:\n" + "\n".join(missing)
            )
        if len(environ["SECRET_KEY"]) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long.")
        if not environ.get("XINJU_DATA_KEYS") and not environ.get("XINJU_DATA_KEYS_FILE"):
            raise ConfigError(
                "Xinju will not start in production without the keys that encrypt ID numbers and mobile numbers:\n"
                "  XINJU_DATA_KEYS: key-id=base64 of 32 random bytes (comma-separated, the current one first), with\n"
                "  XINJU_INDEX_KEY: base64 of 32 random bytes (the blind index's key); or\n"
                "  XINJU_DATA_KEYS_FILE: a key file made by `python -m webapp.security.crypto PATH`"
            )
        origins = [o.strip() for o in environ["WEBAUTHN_ORIGINS"].split(",") if o.strip()]
        return {
            "SECRET_KEY": environ["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": environ["DATABASE_URL"],
            "SQLALCHEMY_ENGINE_OPTIONS": cls.engine_options(environ["DATABASE_URL"], environ),
            # Redis down: the limits go on in each worker's memory (Flask-Limiter logs it; /healthz reports it).
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            # …and a Redis host that stops answering costs a second, not a worker.
            "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
            "WEBAUTHN_RP_ID": environ["WEBAUTHN_RP_ID"],
            "WEBAUTHN_ORIGINS": origins,
            "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0"),
            "PERMIT_KEYS_DIR": environ.get("PERMIT_KEYS_DIR", str(PROJECT_ROOT / "instance" / "permit-keys")),
            "PERMIT_KEYS_AUTOCREATE": False,
            "DOCUMENTS_DIR": environ.get("DOCUMENTS_DIR", str(PROJECT_ROOT / "instance" / "documents")),
            **cls.storage_from_environment(environ),
            **replica_from_environment(environ, cls.engine_options),
            "DATA_KEYS_FILE": environ.get("XINJU_DATA_KEYS_FILE"),
            "DATA_KEYS_AUTOCREATE": False,
        }


def replica_from_environment(environ, engine_options) -> dict:
    """XINJU_REPLICA_DATABASE_URL: a read replica of the database, a second bind ("replica") that the dashboards
    read from (webapp/replica.py). Same timeouts as the primary's."""
    url = environ.get("XINJU_REPLICA_DATABASE_URL")
    if not url:
        return {}
    return {
        "REPLICA_DATABASE_URI": url,
        "SQLALCHEMY_BINDS": {"replica": {"url": url, "hide_parameters": True, **engine_options(url, environ)}},
    }


def _seconds(environ, name: str, default: int) -> int:
    try:
        value = int(environ.get(name, default))
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of seconds.") from None
    if value <= 0:
        raise ConfigError(f"{name} must be a whole number of seconds.")
    return value


CONFIGS = {
    "development": DevelopmentConfig,
    "demo": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
