"""The passport's form (one box per heading) and the headings' add-another list."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukErrorsMixin
from portal.lib.text import NoTextDirectionControls

from .selectors import MAX_ENTRY_CHARACTERS, MAX_HEADINGS, Section


class PassportForm(GovukErrorsMixin, forms.Form):
    """One text box per section of the passport, named by the section's key."""

    def __init__(self, *args, sections: list[Section], **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            help_text = section.guidance
            if not section.current:
                help_text = _(
                    "This heading is no longer in the school's passport. "
                    "Empty the box to remove it."
                )
            self.fields[section.key] = forms.CharField(
                label=section.title,
                help_text=help_text,
                required=False,
                strip=True,
                initial=section.text,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=MAX_ENTRY_CHARACTERS,
                error_messages={
                    "max_length": _(
                        "Shorten this to %(limit_value)s characters or fewer, so the passport "
                        "fits on one page"
                    )
                },
            )


class HeadingForm(GovukErrorsMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Heading"),
        max_length=200,
        validators=[NoTextDirectionControls(_("Heading"))],
        error_messages={
            "required": _("Enter the heading, or remove it"),
            "max_length": _("Heading must be 200 characters or fewer"),
        },
    )
    guidance = forms.CharField(
        label=_("Guidance for whoever fills it in (optional)"),
        max_length=300,
        required=False,
        validators=[NoTextDirectionControls(_("Guidance"))],
        error_messages={"max_length": _("Guidance must be 300 characters or fewer")},
    )


class BaseHeadingFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # A row left empty is a mistake to name, not a row to drop: "Remove" drops a row.
        return super()._construct_form(i, **{**kwargs, "empty_permitted": False})

    def clean(self):
        if any(self.errors):
            return
        titles = [form.cleaned_data.get("title", "").strip().casefold() for form in self.forms]
        if not titles:
            raise ValidationError(_("Add at least one heading"))
        if len(titles) > MAX_HEADINGS:
            raise ValidationError(
                _("A passport fits on one page with up to %(count)s headings: remove some")
                % {"count": MAX_HEADINGS}
            )
        for index, title in enumerate(titles):
            if title in titles[:index]:
                self.forms[index].add_error(
                    "title", _("This heading is there twice: give each heading its own words")
                )


HeadingFormSet = forms.formset_factory(
    HeadingForm,
    formset=BaseHeadingFormSet,
    extra=0,
    max_num=MAX_HEADINGS,
    absolute_max=MAX_HEADINGS + 1,
)
