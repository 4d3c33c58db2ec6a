"""Encryption at rest of resident ID numbers and mobile numbers, and their blind index.

A value is stored as ``<key id>:<base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag)>``, its kind ("id_number",
"phone") bound in as associated data, so a ciphertext cannot be moved to a column of another kind. Beside it, a
keyed HMAC-SHA256 of the normalised value (another key; 128 bits, hex) is the *blind index*: equal numbers give
equal indexes, so the uniqueness check and every look-up by number compare indexes, never ciphertexts.

Keys never live in the database. They come from, in this order:

- the environment: ``XINJU_DATA_KEYS="k2=<base64 32 bytes>,k1=<base64 32 bytes>"`` (key id → key; the first is the
  current one, the others still decrypt) and ``XINJU_INDEX_KEY=<base64 32 bytes>``;
- a JSON key file, ``XINJU_DATA_KEYS_FILE`` or ``DATA_KEYS_FILE`` (``instance/data-keys.json``), holding
  ``{"current": "k1", "data_keys": {"k1": "<base64>"}, "index_key": "<base64>"}``. Development and tests create it
  when it is missing (``DATA_KEYS_AUTOCREATE``); production refuses to start without keys.

Rotation: put a new key first (``flask keys new`` for the key file, which running processes pick up within seconds;
in the environment by hand, then restart every process), then ``flask keys rotate`` re-encrypts every value under it
in batches; the old key can go once ``flask keys status`` shows nothing left under it. The index key
is not rotated by it (every look-up depends on it): ``flask keys rotate --reindex`` recomputes every index, with the
application stopped.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import operator
import os
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app, has_app_context
from sqlalchemy import String, event
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

from webapp.config import ConfigError

ID_NUMBER = "id_number"
PHONE = "phone"
KINDS = (ID_NUMBER, PHONE)

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
NONCE_BYTES = 12
INDEX_HEX = 32  # 128 bits of HMAC-SHA256
#: Room for the longest value (18 characters) with its key id, nonce and tag.
CIPHERTEXT_LENGTH = 120


class DataKeysError(ConfigError):
    """The data keys are missing or malformed; the message says what to set."""


def _decode_key(text: str, what: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError as error:
        raise DataKeysError(f"{what} is not base64") from error
    if len(key) != 32:
        raise DataKeysError(f"{what} must be 32 bytes (base64 of 32 random bytes), not {len(key)}")
    return key


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def normalise(kind: str, value: str) -> str:
    value = "".join(value.split())
    return value.upper() if kind == ID_NUMBER else value


@dataclass
class DataKeys:
    """The data keys (id → AES key; one current) and the index key."""

    keys: dict[str, bytes]
    current: str
    index_key: bytes
    source: str = ""
    _aead: dict[str, AESGCM] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if not self.keys:
            raise DataKeysError("no data key")
        for key_id in self.keys:
            if not KEY_ID.match(key_id):
                raise DataKeysError(f"data key id {key_id!r}: use 1-16 letters, digits, - or _")
        if self.current not in self.keys:
            raise DataKeysError(f"the current data key {self.current!r} is not among the keys")
        if self.index_key in self.keys.values():
            raise DataKeysError("the index key must differ from every data key")
        self._aead = {key_id: AESGCM(key) for key_id, key in self.keys.items()}

    def encrypt(self, kind: str, value: str) -> str:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead[self.current].encrypt(nonce, value.encode(), kind.encode())
        return f"{self.current}:{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"

    def key_id_of(self, stored: str) -> str:
        return stored.partition(":")[0]

    def decrypt(self, kind: str, stored: str) -> str:
        key_id, _, body = stored.partition(":")
        aead = self._aead.get(key_id)
        if aead is None:
            raise DataKeysError(f"no data key {key_id!r} to decrypt a stored {kind}: it was removed too soon")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        try:
            return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], kind.encode()).decode()
        except InvalidTag as error:
            raise DataKeysError(
                f"a stored {kind} does not decrypt with data key {key_id!r} ({self.source}): not the key it was "
                "encrypted with (a key file made anew beside an older database?), or the value was altered"
            ) from error

    def index(self, kind: str, value: str) -> str:
        digest = hmac.new(self.index_key, f"{kind}:{normalise(kind, value)}".encode(), hashlib.sha256)
        return digest.hexdigest()[:INDEX_HEX]

    # --- where keys come from -------------------------------------------------------------------------------------

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> DataKeys:
        keys: dict[str, bytes] = {}
        for item in environ["XINJU_DATA_KEYS"].split(","):
            key_id, equals, text = item.strip().partition("=")
            if not equals:
                raise DataKeysError("XINJU_DATA_KEYS: write key-id=base64key, comma-separated, the current one first")
            keys[key_id.strip()] = _decode_key(text, f"XINJU_DATA_KEYS[{key_id.strip()}]")
        if "XINJU_INDEX_KEY" not in environ:
            raise DataKeysError("XINJU_INDEX_KEY is not set: the key of the blind index (base64 of 32 random bytes)")
        return cls(
            keys=keys,
            current=next(iter(keys)),
            index_key=_decode_key(environ["XINJU_INDEX_KEY"], "XINJU_INDEX_KEY"),
            source="environment",
        )

    @classmethod
    def from_file(cls, path: Path) -> DataKeys:
        try:
            data = json.loads(path.read_text())
            return cls(
                keys={key_id: _decode_key(text, f"{path}: key {key_id}") for key_id, text in data["data_keys"].items()},
                current=data["current"],
                index_key=_decode_key(data["index_key"], f"{path}: index_key"),
                source=str(path),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DataKeysError(f"{path} is not a data key file ({error})") from error


def write_key_file(path: Path, data: dict) -> None:
    """Write the key file readable by its owner only, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(data, file, indent=2)
    os.replace(temporary, path)


def create_key_file(path: Path) -> None:
    """A new key file, unless one appeared meanwhile (two processes starting at once keep the first)."""
    data = {"current": "k1", "data_keys": {"k1": new_key_text()}, "index_key": new_key_text()}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        json.dump(data, file, indent=2)


def add_key_to_file(path: Path) -> str:
    """A new data key in the key file, made current; its id."""
    data = json.loads(path.read_text())
    number = 1 + max((int(k[1:]) for k in data["data_keys"] if k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    data["data_keys"][key_id] = new_key_text()
    data["current"] = key_id
    write_key_file(path, data)
    return key_id


def key_file_path(config: Mapping, environ: Mapping[str, str] = os.environ) -> Path | None:
    path = environ.get("XINJU_DATA_KEYS_FILE") or config.get("DATA_KEYS_FILE")
    return Path(path) if path else None


_lock = threading.Lock()
_file_cache: dict[Path, tuple[int, DataKeys]] = {}


def load(config: Mapping, environ: Mapping[str, str] = os.environ) -> DataKeys:
    """The keys this configuration uses (see the module's docstring); DataKeysError when there are none."""
    if environ.get("XINJU_DATA_KEYS"):
        return DataKeys.from_environment(environ)
    path = key_file_path(config, environ)
    if path is None:
        raise DataKeysError(
            "no data keys: set XINJU_DATA_KEYS (key-id=base64 of 32 random bytes, the current one first) and "
            "XINJU_INDEX_KEY, or XINJU_DATA_KEYS_FILE (a key file; `python -m webapp.security.crypto PATH` makes one)"
        )
    with _lock:
        if not path.exists():
            if not config.get("DATA_KEYS_AUTOCREATE"):
                raise DataKeysError(
                    f"no data key file at {path}: set XINJU_DATA_KEYS and XINJU_INDEX_KEY, or make the file with "
                    f"`python -m webapp.security.crypto {path}`"
                )
            create_key_file(path)
        return _from_file(path)


def _from_file(path: Path) -> DataKeys:
    """The key file's keys, read again only when it has changed."""
    stamp = path.stat().st_mtime_ns
    cached = _file_cache.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, DataKeys.from_file(path))
        _file_cache[path] = cached
    return cached[1]


def init_app(app) -> None:
    """Load the keys at start (a configuration without them does not start), kept on the app."""
    try:
        app.extensions["xinju_data_keys"] = load(app.config)
    except DataKeysError as error:
        raise DataKeysError(f"Xinju will not start without its data keys: {error}") from error


def reload(app) -> DataKeys:
    app.extensions["xinju_data_keys"] = load(app.config)
    return app.extensions["xinju_data_keys"]


#: A key file is looked at again this often (seconds): a key added by `flask keys new` reaches running processes
#: before `flask keys rotate` writes with it.
FILE_CHECK_SECONDS = 2.0


def data_keys() -> DataKeys:
    if not has_app_context():
        raise DataKeysError("encrypted columns are read and written inside the application (an app context)")
    extensions = current_app.extensions
    keys = extensions["xinju_data_keys"]
    if keys.source != "environment":
        now = time.monotonic()
        if now - extensions.get("xinju_data_keys_checked", 0.0) > FILE_CHECK_SECONDS:
            extensions["xinju_data_keys_checked"] = now
            with _lock:
                keys = extensions["xinju_data_keys"] = _from_file(Path(keys.source))
    return keys


def blind_index(kind: str, value: str | None) -> str | None:
    """The blind index of a number (None for none): what look-ups and the uniqueness check compare."""
    return data_keys().index(kind, value) if value else None


# --- SQLAlchemy ---------------------------------------------------------------------------------------------------

_REFUSED = {
    operators.eq,
    operators.ne,
    operators.lt,
    operators.le,
    operators.gt,
    operators.ge,
    operators.in_op,
    operators.not_in_op,
    operators.like_op,
    operators.ilike_op,
    operators.startswith_op,
    operators.endswith_op,
    operators.contains_op,
    operators.between_op,
    operator.eq,
    operator.ne,
}


def _plain_value(value) -> bool:
    """A number given in Python (or a list of them), not a column or None: SQLAlchemy itself compares columns."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_plain_value(item) for item in value)
    return isinstance(value, (str, bytes, int))


class Encrypted(TypeDecorator):
    """A text column stored encrypted (AES-GCM, current key), read back decrypted. Comparing it in SQL is refused:
    each encryption differs, so compare the blind index column instead (``Person.id_number_is(number)``)."""

    impl = String(CIPHERTEXT_LENGTH)
    cache_ok = True

    def __init__(self, kind: str):
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        super().__init__(CIPHERTEXT_LENGTH)
        self.kind = kind

    def process_bind_param(self, value, dialect):
        return None if value is None else data_keys().encrypt(self.kind, value)

    def process_result_value(self, value, dialect):
        return None if value is None else data_keys().decrypt(self.kind, value)

    class comparator_factory(String.Comparator):
        def operate(self, op, *other, **kwargs):
            if op in _REFUSED and any(_plain_value(value) for value in other):
                raise TypeError(
                    f"an encrypted column ({self.expr}) cannot be compared in SQL: compare its blind index "
                    "(e.g. Person.id_number_is(number))"
                )
            return super().operate(op, *other, **kwargs)


def indexed_by(attribute, index_attribute, kind: str) -> None:
    """Keep `index_attribute` the blind index of `attribute` whenever the ORM sets it (constructor included)."""
    name = index_attribute.key

    @event.listens_for(attribute, "set")
    def _set_index(target, value, _old, _initiator):
        setattr(target, name, blind_index(kind, value))


# --- rotation -----------------------------------------------------------------------------------------------------

#: Every encrypted column: (table, column, index column, kind).
ENCRYPTED_COLUMNS = (
    ("person", "id_number", "id_number_index", ID_NUMBER),
    ("person", "phone", "phone_index", PHONE),
    ("rental_property", "landlord_phone", "landlord_phone_index", PHONE),
    ("tenancy", "landlord_phone", "landlord_phone_index", PHONE),
)


def rotate(connection, keys: DataKeys, *, batch: int = 1000, reindex: bool = False, echo=lambda _: None) -> dict:
    """Re-encrypt under the current key every value stored under another (and, with `reindex`, recompute every blind
    index with the index key), `batch` rows per transaction; safe to stop and run again. {table.column: rows}."""
    import sqlalchemy as sa

    done = {}
    for table_name, column, index_column, kind in ENCRYPTED_COLUMNS:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column), sa.column(index_column))
        value = table.c[column]
        count, after = 0, 0
        while True:
            query = sa.select(table.c.id, value).where(value.is_not(None), table.c.id > after)
            if not reindex:
                query = query.where(~value.startswith(f"{keys.current}:", autoescape=True))
            rows = connection.execute(query.order_by(table.c.id).limit(batch)).all()
            if not rows:
                break
            for row_id, stored in rows:
                plain = keys.decrypt(kind, stored)
                changes = {column: keys.encrypt(kind, plain)}
                if reindex:
                    changes[index_column] = keys.index(kind, plain)
                connection.execute(table.update().where(table.c.id == row_id).values(**changes))
            connection.commit()
            count += len(rows)
            after = rows[-1][0]
            echo(f"{table_name}.{column}: {count}")
        done[f"{table_name}.{column}"] = count
    return done


if __name__ == "__main__":  # python -m webapp.security.crypto [PATH]: new keys, as a key file or environment lines
    import sys

    if len(sys.argv) > 1:
        target = Path(sys.argv[1])
        if target.exists():
            sys.exit(f"{target} exists: `flask keys new` adds a key to it")
        create_key_file(target)
        print(f"Made {target} (readable by its owner only): set XINJU_DATA_KEYS_FILE={target}")
    else:
        print(f"XINJU_DATA_KEYS=k1={new_key_text()}")
        print(f"XINJU_INDEX_KEY={new_key_text()}")
