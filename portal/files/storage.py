"""The private storage's folder on disk: files there have no address at all."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage that never makes a URL. Django's own, given no base URL, falls back
    to MEDIA_URL; a file here must only ever leave through a view that checked who asks."""

    def url(self, name):
        raise ValueError("This file is not accessible via a URL.")
