"""Forms rendered in the GOV.UK Design System pattern (templates/components/)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "components/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-day"}),
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-month"}),
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """Day, month and year in three boxes, as the GOV.UK date input pattern asks."""

    widget = GovukDateWidget

    def __init__(self, **kwargs):
        too_long = {"max_length": _("Enter a real date, for example 27 3 2015")}
        fields = (
            forms.CharField(max_length=2, error_messages=too_long),
            forms.CharField(max_length=2, error_messages=too_long),
            forms.CharField(max_length=4, error_messages=too_long),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1900:
                raise ValueError
            return datetime.date(year, month, day)
        except (TypeError, ValueError, OverflowError) as error:
            raise ValidationError(
                _("Enter a real date, for example 27 3 2015"), code="invalid"
            ) from error


class GovukErrorsMixin:
    """Marks fields that failed so that their widgets draw the error state (a date's three boxes
    turn red, as the GOV.UK date input asks)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["has_error"] = True


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where it names one of the
    form's fields, otherwise at the top of the error summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
