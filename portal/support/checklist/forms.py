"""Forms for the provision map. Error messages name the field and say what to do."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.lib.text import NoTextDirectionControls

from .services import InterventionDetails

TEXT_LIMIT = 5000
MAX_GROUP_SIZE = 40
MAX_MINUTES_A_WEEK = 2400
MAX_COST = Decimal("9999999.99")


def _text(label, *, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Enter no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )


class InterventionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        strip=True,
        validators=[NoTextDirectionControls(_("Name"))],
        error_messages={
            "required": _("Enter the name of the intervention"),
            "max_length": _("Enter a name of no more than 200 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the name"),
        },
    )
    description = _text(_("What it is (optional)"))
    evidence_base = _text(
        _("Evidence that it works (optional)"),
        help_text=_("For example, a published evaluation, or the school's own results."),
    )
    group_size = forms.IntegerField(
        label=_("Pupils in a group"),
        help_text=_("1 for one-to-one."),
        min_value=1,
        max_value=MAX_GROUP_SIZE,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": _("Enter how many pupils are in a group, from 1 to 40"),
            "invalid": _("Enter how many pupils are in a group as a whole number, from 1 to 40"),
            "min_value": _("Enter how many pupils are in a group, from 1 to 40"),
            "max_value": _("Enter how many pupils are in a group, from 1 to 40"),
        },
    )
    staff_minutes_per_week = forms.IntegerField(
        label=_("Staff time a week for one group, in minutes"),
        help_text=_("For example, 90 for three 30-minute sessions."),
        min_value=1,
        max_value=MAX_MINUTES_A_WEEK,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter the staff time a week in minutes, from 1 to 2400"),
            "invalid": _("Enter the staff time a week as a whole number of minutes"),
            "min_value": _("Enter the staff time a week in minutes, from 1 to 2400"),
            "max_value": _("Enter the staff time a week in minutes, from 1 to 2400"),
        },
    )
    cost_per_term = forms.CharField(
        label=_("Cost a term, in pounds (optional)"),
        help_text=_("For example, 150 or 150.50."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "max_length": _("Enter the cost a term in pounds, like 150 or 150.50"),
            "null_characters_not_allowed": _("Enter the cost a term in pounds, like 150 or 150.50"),
        },
    )

    def clean_cost_per_term(self) -> Decimal | None:
        raw = self.cleaned_data["cost_per_term"].replace("£", "").replace(",", "").strip()
        if not raw:
            return None
        message = _("Enter the cost a term in pounds, like 150 or 150.50")
        try:
            cost = Decimal(raw)
        except InvalidOperation as error:
            raise ValidationError(message, code="invalid") from error
        if not cost.is_finite() or cost < 0 or cost > MAX_COST or -cost.as_tuple().exponent > 2:
            raise ValidationError(message, code="invalid")
        return cost.quantize(Decimal("0.01"))

    def details(self) -> InterventionDetails:
        data = self.cleaned_data
        return InterventionDetails(
            name=data["name"],
            description=data["description"],
            evidence_base=data["evidence_base"],
            group_size=data["group_size"],
            staff_minutes_per_week=data["staff_minutes_per_week"],
            cost_per_term=data["cost_per_term"],
        )

    @classmethod
    def initial_for(cls, intervention) -> dict:
        return {
            "name": intervention.name,
            "description": intervention.description,
            "evidence_base": intervention.evidence_base,
            "group_size": intervention.group_size,
            "staff_minutes_per_week": intervention.staff_minutes_per_week,
            "cost_per_term": (
                "" if intervention.cost_per_term is None else f"{intervention.cost_per_term:.2f}"
            ),
        }


class SummaryFilterForm(forms.Form):
    """The school summary's filter: one check, and which answer to it."""

    check = forms.ChoiceField(label=_("Check"), required=False)
    state = forms.ChoiceField(label=_("Answer"), required=False)

    def __init__(self, *args, **kwargs):
        from .checks import CHECKS, CheckState

        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", _("Every check"))] + [
            (check.key, check.short_title) for check in CHECKS
        ]
        self.fields["state"].choices = [("", _("Any answer")), *CheckState.choices]
