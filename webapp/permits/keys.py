"""Where the application finds its permit signing keys: ``PERMIT_KEYS_DIR`` (see docs/permit-token.md).

``PERMIT_KEYS_AUTOCREATE`` (development and tests only) makes a key when the directory has none; in production
an operator runs ``flask permits new-key`` once, and again to rotate. The ring is cached per directory and
reloaded when the key files there change, so a rotation is picked up without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from webapp.permits.tokens import KeyRing, KeyRingError, generate_key

_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, KeyRing]] = {}


class PermitKeysError(KeyRingError):
    """The application's permit keys are not configured or not there."""


def keys_directory(app_config: Mapping) -> Path:
    directory = app_config.get("PERMIT_KEYS_DIR")
    if not directory:
        raise PermitKeysError("PERMIT_KEYS_DIR is not set: the directory holding the permit signing keys")
    return Path(directory).resolve()


def _fingerprint(directory: Path) -> tuple:
    """What the ring was loaded from: the key files' names, sizes and modification times."""
    if not directory.is_dir():
        return ()
    return tuple(sorted((file.name, file.stat().st_size, file.stat().st_mtime_ns) for file in directory.glob("*.pem")))


def keyring_for(app_config: Mapping) -> KeyRing:
    """The key ring of ``PERMIT_KEYS_DIR``: it must hold a private key, unless ``PERMIT_KEYS_AUTOCREATE`` makes one."""
    directory = keys_directory(app_config)
    with _lock:
        fingerprint = _fingerprint(directory)
        cached = _cache.get(directory)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        ring = KeyRing.from_directory(directory) if directory.is_dir() else KeyRing()
        if not ring.can_sign:
            if not app_config.get("PERMIT_KEYS_AUTOCREATE"):
                raise PermitKeysError(
                    f"no permit signing key in {directory} (PERMIT_KEYS_DIR): run `flask permits new-key` to make one"
                )
            generate_key(directory)
            fingerprint = _fingerprint(directory)
            ring = KeyRing.from_directory(directory)
        _cache[directory] = (fingerprint, ring)
        return ring


def forget(app_config: Mapping | None = None) -> None:
    """Drop the cached ring of one configuration's directory, or all of them."""
    with _lock:
        if app_config is None:
            _cache.clear()
        else:
            _cache.pop(keys_directory(app_config), None)
