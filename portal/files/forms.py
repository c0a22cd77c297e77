"""The form field for attachments: several files at once, each made safe as it is cleaned."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.files.services import too_many_files_message
from portal.lib.uploads import (
    CleanFile,
    UploadRefused,
    check_size,
    clean_upload,
    safe_base_name,
    size_in_words,
    unreadable_message,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def attachments_hint() -> str:
    limit = settings.ATTACHMENTS_PER_SUBMISSION
    return ngettext(
        "PDF, PNG or JPG, up to %(size)s each. You can choose up to %(count)d file.",
        "PDF, PNG or JPG, up to %(size)s each. You can choose up to %(count)d files.",
        limit,
    ) % {"size": size_in_words(), "count": limit}


class AttachmentsField(forms.FileField):
    """Up to ATTACHMENTS_PER_SUBMISSION files (PDF, PNG or JPG), cleaned to a list of
    `CleanFile` (empty when none were chosen), ready for `attachments_store`.

    Not required unless asked. Each file's size is checked before it is read, each is read
    once, and a refused file is named in the error ("report.docx: The selected file must be a
    PDF, PNG or JPG"). Renders as the GOV.UK file upload (components/attachments_field.html)
    wherever the form is drawn with `{{ form }}` or `{{ form.field.as_field_group }}`.

    The files are not kept when the form is shown again with errors (or refused for a wait):
    a browser cannot be given files back, so the hint then asks for them again."""

    widget = MultipleFileInput

    def __init__(self, *, required: bool = False, label=None, help_text=None, **kwargs):
        # Django's Field.__init__ sets template_name itself, so a class attribute would be lost.
        kwargs.setdefault("template_name", "components/attachments_field.html")
        super().__init__(
            required=required,
            label=label if label is not None else _("Attach files (optional)"),
            help_text=help_text if help_text is not None else "",
            **kwargs,
        )

    @property
    def hint(self) -> str:
        return self.help_text or attachments_hint()

    def to_python(self, data):
        if data in self.empty_values:
            return []
        uploads = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in uploads if upload]

    def clean(self, data, initial=None) -> list[CleanFile]:
        uploads = self.to_python(data)
        if not uploads:
            if self.required:
                raise ValidationError(_("Select a file"), code="required")
            return []
        limit = settings.ATTACHMENTS_PER_SUBMISSION
        if len(uploads) > limit:
            raise ValidationError(too_many_files_message(limit), code="max_files")
        cleaned: list[CleanFile] = []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                cleaned.append(_clean_one(upload))
            except UploadRefused as refused:
                errors.append(
                    ValidationError(
                        "%(name)s: %(message)s",
                        code="refused",
                        params={"name": _shown_name(upload), "message": refused.message},
                    )
                )
        if errors:
            raise ValidationError(errors)
        return cleaned

    def has_changed(self, initial, data) -> bool:
        return bool(self.to_python(data))

    def bound_data(self, data, initial):
        return None


def _shown_name(upload) -> str:
    """The name a person gave the file, safe to repeat back to them."""
    return safe_base_name(getattr(upload, "name", "") or "") or _("The selected file")


def _clean_one(upload) -> CleanFile:
    if not isinstance(upload, UploadedFile):
        raise UploadRefused(unreadable_message())
    check_size(upload.size or 0)
    upload.seek(0)
    data = upload.read(int(upload.size) + 1)
    return clean_upload(data=data, filename=upload.name or "")
