"""The SENCO's confirm form for sending the formal notice again."""

from __future__ import annotations

from django import forms

from portal.govuk_forms import GovukErrorsMixin


class SendNoticeForm(GovukErrorsMixin, forms.Form):
    """A confirm button with nothing to fill in."""
