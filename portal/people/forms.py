"""Forms for inviting parents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.people.models import Relationship


class InvitationForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("Parent or carer's email address"),
        help_text=_("We will send them a link that works once, for 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the parent or carer's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the pupil"),
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select their relationship to the pupil"),
            "invalid_choice": _("Select their relationship to the pupil"),
        },
    )
    has_parental_responsibility = forms.TypedChoiceField(
        label=_("Do they have parental responsibility?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if they have parental responsibility"),
            "invalid_choice": _("Select yes if they have parental responsibility"),
        },
    )
