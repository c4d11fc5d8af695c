"""Fixtures of the project-wide tests: a local S3-compatible server (moto) for media on object storage."""

import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest

from zpb.tests.faults import free_port

CREDENTIALS = {"access_key": "zpb-test", "secret_key": "zpb-test-secret", "region_name": "eu-central-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server (`moto_server`) on a free port for the whole run, stopped at its end.

    It speaks the S3 HTTP API: the app reaches it through django-storages and boto3 exactly as it would
    AWS, MinIO or Ceph, with nothing of ours replaced.
    """
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"], region_name=CREDENTIALS["region_name"],
    )


@pytest.fixture
def s3_storage_at(s3_endpoint, settings):
    """Points the app's default storage at a bucket of the test server, as STORAGE_BACKEND=s3 does."""
    from zpb.settings import s3_storage

    def point(bucket: str) -> None:
        settings.STORAGE_BACKEND = "s3"
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage({"endpoint_url": s3_endpoint, "bucket_name": bucket, "location": "media",
                                   **CREDENTIALS}),
        }

    return point


@pytest.fixture
def s3_bucket(s3_client, s3_storage_at):
    """A fresh bucket per test with the default storage on it; returns a function listing its keys."""
    bucket = f"zpb-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    s3_storage_at(bucket)

    def keys() -> list[str]:
        return [item["Key"] for item in s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])]

    return keys
