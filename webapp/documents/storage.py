"""Where document images live: objects named by their SHA-256, outside the database, in one of two backends.

- `filesystem` (the default): files under DOCUMENTS_DIR. Enough for one machine, or several sharing a network disk.
- `s3`: a bucket of an S3-compatible object store (MinIO, Ceph's RADOS Gateway, Aliyun OSS, AWS S3) through boto3,
  which every app server shares. Chosen with XINJU_STORAGE=s3 (webapp/config.py names the other settings).

A city's photos would weigh hundreds of gigabytes: the database keeps only the record (and the hash). An object is
written once and never changed; the same image given twice is one object. Names are the image's hash only, under
two levels of its first hex digits (ab/cd/abcd…): nothing personal is ever in a file name or an object key. An
object whose record was never committed (an upload in a transaction that rolled back) is removed by `prune`, which
`flask jobs run` calls daily. Both backends pass the same contract (tests/documents/test_storage_backends.py).
"""

import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from flask import current_app

_HEX = frozenset("0123456789abcdef")
#: The app's extension slot that keeps one backend (and its S3 client and connection pool) per app.
_EXTENSION = "xinju_document_storage"


def checked(sha256: str) -> str:
    if len(sha256) != 64 or not all(c in _HEX for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return sha256


def relative_name(sha256: str) -> str:
    """ab/cd/abcd…: a name made of the hash alone (a token, never anything about the person)."""
    checked(sha256)
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class FilesystemStorage:
    """Files under a directory, written atomically (temporary file, fsync, rename), readable by the app's user only."""

    name = "filesystem"

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / relative_name(sha256)

    def save(self, data: bytes, sha256: str) -> None:
        target = self.path_for(sha256)
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

    def load(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def delete(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def older_than(self, cutoff: float) -> Iterator[str]:
        """Hashes of the objects written before `cutoff` (seconds since the epoch)."""
        if not self.root.exists():
            return
        for path in self.root.glob("??/??/*"):
            if not path.name.startswith(".") and path.stat().st_mtime < cutoff:
                yield path.name


class S3Storage:
    """Objects in a bucket of an S3-compatible store. boto3 is imported only when this backend is chosen.

    Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role),
    unless the configuration gives them. Checksums are sent and checked only when the operation requires them:
    several S3-compatible stores (older MinIO, Aliyun OSS) refuse boto3's newer default CRC checksums."""

    name = "s3"

    def __init__(
        self,
        *,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        addressing_style: str = "auto",
        server_side_encryption: str | None = None,
    ):
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket, self.prefix, self.server_side_encryption = bucket, prefix, server_side_encryption
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=BotoConfig(
                s3={"addressing_style": addressing_style},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=3,
                read_timeout=15,
                max_pool_connections=16,
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        self._missing = (self.client.exceptions.NoSuchKey,)

    def key_for(self, sha256: str) -> str:
        return self.prefix + relative_name(sha256)

    def save(self, data: bytes, sha256: str) -> None:
        if self.exists(sha256):
            return
        extra = {"ServerSideEncryption": self.server_side_encryption} if self.server_side_encryption else {}
        # One PUT: the object appears whole or not at all (S3 has no partial objects).
        self.client.put_object(
            Bucket=self.bucket, Key=self.key_for(sha256), Body=data, ContentType="application/octet-stream", **extra
        )

    def load(self, sha256: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key_for(sha256))
        except self._missing as error:
            raise FileNotFoundError(sha256) from error
        with answer["Body"] as body:
            return body.read()

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key_for(sha256))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key_for(sha256))  # no error when it is not there

    def older_than(self, cutoff: float) -> Iterator[str]:
        limit = datetime.fromtimestamp(cutoff, UTC)
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", ()):
                name = item["Key"].rsplit("/", 1)[-1]
                if item["LastModified"] < limit and len(name) == 64 and set(name) <= _HEX:
                    yield name


def backend_from_config(config) -> FilesystemStorage | S3Storage:
    kind = config.get("DOCUMENT_STORAGE", "filesystem")
    if kind == "filesystem":
        return FilesystemStorage(config["DOCUMENTS_DIR"])
    if kind == "s3":
        return S3Storage(
            bucket=config["S3_BUCKET"],
            prefix=config.get("S3_PREFIX", ""),
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            access_key_id=config.get("S3_ACCESS_KEY_ID"),
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            addressing_style=config.get("S3_ADDRESSING_STYLE", "auto"),
            server_side_encryption=config.get("S3_SERVER_SIDE_ENCRYPTION"),
        )
    raise ValueError(f"unknown document storage {kind!r} (filesystem or s3)")


def backend() -> FilesystemStorage | S3Storage:
    """The app's backend. The filesystem one is made afresh (DOCUMENTS_DIR may change under a test); the S3 one is
    kept, with its client's connection pool, for the app's life."""
    config = current_app.config
    if config.get("DOCUMENT_STORAGE", "filesystem") == "filesystem":
        return FilesystemStorage(config["DOCUMENTS_DIR"])
    kept = current_app.extensions.get(_EXTENSION)
    if kept is None:
        kept = current_app.extensions[_EXTENSION] = backend_from_config(config)
    return kept


def path_for(sha256: str) -> Path:
    """The file of an image in the filesystem backend (tests and tools that look at the disk)."""
    return FilesystemStorage(current_app.config["DOCUMENTS_DIR"]).path_for(sha256)


def save(data: bytes, sha256: str) -> None:
    backend().save(data, checked(sha256))


def load(sha256: str) -> bytes:
    return backend().load(checked(sha256))


def delete(sha256: str) -> None:
    backend().delete(checked(sha256))


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def prune(
    recorded: Callable[[list[str]], set[str]], older_than_seconds: int = 24 * 3600, batch: int = 1000, store=None
) -> int:
    """Remove objects no record names, once they are a day old (an upload may be between writing its object and
    committing its record). `recorded(hashes)` says which of these hashes a record holds. Returns how many went."""
    # The system clock, not the app's (webapp.clock): the files' modification times (and the object store's
    # LastModified) come from real clocks, so "a day old" is measured on one; a pinned app clock (tests, a replayed
    # day) must not prune fresh files.
    store = store or backend()
    removed = 0
    # Streamed: an S3 listing pages by key order (a continuation token), so deleting keys already listed skips none.
    for chunk in _chunks(store.older_than(time.time() - older_than_seconds), batch):
        kept = recorded(chunk)
        for digest in chunk:
            if digest not in kept:
                store.delete(digest)
                removed += 1
    return removed
