"""Attachments: files people add to a concern or a message, kept in the private storage."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _


class _PrivateStorage(LazyObject):
    """Whichever storage STORAGES["private"] names: the folder outside every URL, or a private
    bucket. Looked up when first used (and again after the setting changes, as in tests)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    return _private_storage


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name under the school's folder: never the name a person gave the file, so names
    never collide and say nothing about what the file holds."""
    return f"attachments/{instance.school_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """One file, already made safe (portal.lib.uploads), kept for one school.

    Whatever it is attached to (a concern, a message) points here and decides who may read it;
    the attachment itself knows only its school. Deleting the school deletes its attachments'
    rows; their files, left without a row, are deleted by `attachments_prune`."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(fields=["file"], name="attachment_file_unique"),
        ]

    def __str__(self) -> str:
        return self.name
