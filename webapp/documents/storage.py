"""Where document images live: files named by their SHA-256 under DOCUMENTS_DIR, outside the database.

A city's photos would weigh hundreds of gigabytes: the database keeps only the record (and the hash). The directory
can be a local disk, a network share or an object-store mount. Files are written once, atomically, readable by the
app's user only; the same image given twice is one file. A file whose record was never committed (an upload in a
transaction that rolled back) is removed by `prune`, which `flask jobs run` calls daily.
"""

import os
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from flask import current_app


def _root() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"])


def path_for(sha256: str) -> Path:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return _root() / sha256[:2] / sha256[2:4] / sha256


def save(data: bytes, sha256: str) -> None:
    target = path_for(sha256)
    if target.exists():
        return
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(sha256: str) -> bytes:
    return path_for(sha256).read_bytes()


def prune(recorded: Callable[[list[str]], set[str]], older_than_seconds: int = 24 * 3600, batch: int = 1000) -> int:
    """Remove files no record names, once they are a day old (an upload may be between writing its file and
    committing its record). `recorded(hashes)` says which of these hashes a record holds. Returns how many went."""
    # The system clock, not the app's (webapp.clock): the files' modification times come from the system clock,
    # so "a day old" is measured on it; a pinned app clock (tests, a replayed day) must not prune fresh files.
    root, removed, cutoff = _root(), 0, time.time() - older_than_seconds
    if not root.exists():
        return 0
    old = (path for path in root.glob("??/??/*") if not path.name.startswith(".") and path.stat().st_mtime < cutoff)
    while chunk := list(islice(old, batch)):
        kept = recorded([path.name for path in chunk])
        for path in chunk:
            if path.name not in kept:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
