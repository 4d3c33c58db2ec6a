"""One storage contract, two backends: files on disk, and an S3 bucket over real HTTP.

moto's S3 server stands in for the object store (MinIO, Ceph and Aliyun OSS speak the same API): it runs in a thread
on a free port and boto3 talks to it over HTTP, exactly as to a real store; nothing of ours is mocked."""

import hashlib
import io
import os
import time

import pytest
from PIL import Image

from webapp.config import ConfigError, ProductionConfig
from webapp.documents import storage
from webapp.documents.models import Document, prune_files
from webapp.documents.processing import clean_image

BUCKET = "xinju-documents"


@pytest.fixture(scope="module")
def s3_endpoint():
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_settings(endpoint: str, prefix: str) -> dict:
    return {
        "DOCUMENT_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "S3_PREFIX": prefix,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_ADDRESSING_STYLE": "path",
    }


@pytest.fixture(params=["filesystem", "s3"])
def store(request, app, tmp_path, monkeypatch):
    """The app's document storage, on each backend (a folder, or a key prefix, of this test's own)."""
    if request.param == "filesystem":
        settings = {"DOCUMENT_STORAGE": "filesystem", "DOCUMENTS_DIR": str(tmp_path / "documents")}
    else:
        settings = s3_settings(request.getfixturevalue("s3_endpoint"), f"t{time.monotonic_ns()}/")
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    app.extensions.pop(storage._EXTENSION, None)
    with app.app_context():
        yield storage.backend()
    app.extensions.pop(storage._EXTENSION, None)


def image_bytes(colour=(120, 30, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_saved_once_read_back_deleted(store):
    data = b"\xff\xd8 a picture"
    digest = digest_of(data)
    assert not store.exists(digest)
    with pytest.raises(FileNotFoundError):
        storage.load(digest)
    storage.save(data, digest)
    storage.save(data, digest)  # the same image again: still one object
    assert storage.load(digest) == data and store.exists(digest)
    storage.delete(digest)
    storage.delete(digest)  # already gone: no error
    assert not store.exists(digest)


def test_names_are_the_hash_only(store):
    data = b"another picture"
    digest = digest_of(data)
    storage.save(data, digest)
    if store.name == "s3":
        keys = [item["Key"] for item in store.client.list_objects_v2(Bucket=BUCKET, Prefix=store.prefix)["Contents"]]
        assert keys == [f"{store.prefix}{digest[:2]}/{digest[2:4]}/{digest}"]
    else:
        assert [p.relative_to(store.root).as_posix() for p in store.root.rglob("*") if p.is_file()] == [
            f"{digest[:2]}/{digest[2:4]}/{digest}"
        ]
    for bad in ("../../etc/passwd", "ab", "G" * 64, digest + "/../x"):
        with pytest.raises(ValueError, match="SHA-256"):
            storage.save(b"x", bad)
        with pytest.raises(ValueError, match="SHA-256"):
            storage.load(bad)


def test_a_document_round_trips_through_the_backend(store, db, create_person):
    person = create_person()
    document = Document.from_clean(clean_image(image_bytes()), person=person, kind="photo", uploaded_by=None)
    db.session.add(document)
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(Document, document.id)
    assert again.data is None and digest_of(again.content()) == again.sha256
    assert store.exists(again.sha256)


def test_objects_without_a_record_are_pruned_once_a_day_old(store, db, create_person, monkeypatch):
    person = create_person()
    kept = Document.from_clean(clean_image(image_bytes()), person=person, kind="photo", uploaded_by=None)
    db.session.add(kept)
    db.session.commit()
    orphan = clean_image(image_bytes((1, 2, 3))).data
    storage.save(orphan, digest_of(orphan))  # an upload whose transaction then rolled back
    if hasattr(store, "path_for"):  # a file is dated by the kernel's clock, which faketime (make test-dates) leaves
        os.utime(store.path_for(digest_of(orphan)), (time.time(), time.time()))
    assert prune_files() == 0  # too young: its record may be about to be committed
    # A day later, by the system clock that both the disk's times and the store's LastModified follow.
    later = time.time() + 25 * 3600
    monkeypatch.setattr(storage.time, "time", lambda: later)
    assert prune_files() == 1
    assert store.exists(kept.sha256) and not store.exists(digest_of(orphan))


def test_production_chooses_the_backend_from_the_environment():
    assert ProductionConfig.storage_from_environment({}) == {"DOCUMENT_STORAGE": "filesystem"}
    assert ProductionConfig.storage_from_environment(
        {
            "XINJU_STORAGE": "s3",
            "XINJU_S3_BUCKET": "docs",
            "XINJU_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
            "XINJU_S3_ADDRESSING_STYLE": "virtual",
        }
    ) == {
        "DOCUMENT_STORAGE": "s3",
        "S3_BUCKET": "docs",
        "S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
        "S3_ADDRESSING_STYLE": "virtual",
    }
    with pytest.raises(ConfigError, match="XINJU_S3_BUCKET"):
        ProductionConfig.storage_from_environment({"XINJU_STORAGE": "s3"})
    with pytest.raises(ConfigError, match="filesystem or s3"):
        ProductionConfig.storage_from_environment({"XINJU_STORAGE": "ftp"})


def test_the_s3_backend_talks_http_to_the_store(s3_endpoint, app, monkeypatch):
    """The client goes where the configuration says (no default AWS host), with the credentials it was given."""
    for name, value in s3_settings(s3_endpoint, "p/").items():
        monkeypatch.setitem(app.config, name, value)
    app.extensions.pop(storage._EXTENSION, None)
    with app.app_context():
        backend = storage.backend()
        assert backend.client.meta.endpoint_url == s3_endpoint and storage.backend() is backend
    app.extensions.pop(storage._EXTENSION, None)
