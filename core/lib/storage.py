"""Stored media (evidence, certificate PDFs) sent to a client the same way from a local folder or object storage.

Downloads are streamed through the view that checked access, never redirected to a storage URL: the check and
the security log stay in one place, nothing in the bucket is ever public, and a presigned URL could be passed
on and replayed until it expires.
"""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def stored_file_response(file: FieldFile, *, content_type: str, **kwargs: Any) -> FileResponse:
    """A response streaming `file`; FileNotFoundError (both backends) when it is gone. `kwargs` go to FileResponse.

    The storage's own open() of an S3 object downloads all of it first; its body stream is read as it is sent
    instead, so a large file costs a web worker neither the wait nor the memory.
    """
    if not file.name:
        raise FileNotFoundError("no file stored")
    handle = file.storage.open(file.name, "rb")
    s3_object = getattr(handle, "obj", None)  # storages.backends.s3.S3File: the object is already known to exist
    if s3_object is None:
        return FileResponse(handle, content_type=content_type, **kwargs)
    handle.close()
    response = FileResponse(s3_object.get()["Body"], content_type=content_type, **kwargs)
    response["Content-Length"] = str(s3_object.content_length)
    return response
