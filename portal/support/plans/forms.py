"""Forms for the support plan, one page per section. Error messages name the field and say what
to do; the services check again and their errors land on the same fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukDateField, GovukErrorsMixin

from .models import AssessmentStillHolds, Intervention, ProgressScore, ProvisionType
from .services import MAX_TEXT, OutcomeDetails, ProgressEntry, SupportDetails

TOO_LONG = _("Enter no more than 5,000 characters")
HIDDEN = _("Remove the hidden characters from the text")


def _text(label, *, required_message="", help_text="", rows=4):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": TOO_LONG,
            "null_characters_not_allowed": HIDDEN,
        },
    )


def _line(label, *, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=200,
        strip=True,
        error_messages={
            "max_length": _("Enter no more than 200 characters"),
            "null_characters_not_allowed": HIDDEN,
        },
    )


def _number(label, message, *, help_text=""):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=1,
        max_value=32767,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class AssessmentForm(GovukErrorsMixin, forms.Form):
    needs = _text(
        _("Needs"),
        required_message=_("Enter the pupil's needs"),
        help_text=_("What the pupil finds hard, in plain words."),
    )
    strengths = _text(_("Strengths"), help_text=_("What the pupil is good at and enjoys."))
    evidence = _text(
        _("Evidence, and who gave it"),
        help_text=_("For example, the parents' and the pupil's own views, tests, observations."),
    )
    outside_advice = _text(_("Advice from outside professionals"))
    staff_only = forms.BooleanField(label=_("Only staff may see the assessment"), required=False)


class PlanForm(GovukErrorsMixin, forms.Form):
    expected_impact = _text(
        _("Expected impact"),
        required_message=_("Enter the difference the support is expected to make"),
        help_text=_("What should be different for the pupil by the review."),
    )
    expected_impact_staff_only = forms.BooleanField(
        label=_("Only staff may see the expected impact"), required=False
    )
    review_date = GovukDateField(
        label=_("Review date"),
        help_text=_("Agreed with the parents and the pupil. For example, 27 3 2027"),
        required=True,
        error_messages={
            "required": _("Enter the date of the review"),
            "incomplete": _("Enter the date of the review"),
        },
    )
    staff_notes = _text(_("Notes for staff"), help_text=_("Never shown to the parents."), rows=3)


SECTION_CHOICES = [
    ("assessment", _("Assessment")),
    ("outcomes", _("Outcomes")),
    ("support", _("Support")),
    ("expected_impact", _("Expected impact")),
]


class VisibilityForm(GovukErrorsMixin, forms.Form):
    staff_only = forms.MultipleChoiceField(
        label=_("Which sections are for staff only?"),
        help_text=_(
            "Parents see every section you do not tick, once you share the plan. "
            "Notes for staff are never shown to them."
        ),
        choices=SECTION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select only the sections listed")},
    )


class OutcomeForm(GovukErrorsMixin, forms.Form):
    parent_wording = _text(
        _("Outcome"),
        required_message=_("Enter the outcome in words the parents will understand"),
        help_text=_("What the pupil will be able to do, in words the parents will understand."),
        rows=3,
    )
    child_wording = _text(
        _("My target, in the child's words"),
        help_text=_("For example, \u201cI can ask for help when I am stuck.\u201d"),
        rows=2,
    )
    success_looks_like = _text(_("How we will know it is achieved"), rows=3)

    def details(self) -> OutcomeDetails:
        return OutcomeDetails(**self.cleaned_data)


class SupportForm(GovukErrorsMixin, forms.Form):
    description = _text(
        _("What the support is"), required_message=_("Enter what the support is"), rows=3
    )
    provision_type = forms.ChoiceField(
        label=_("Is this the school's core offer, or additional to it?"),
        help_text=_("Parents are told which it is."),
        choices=ProvisionType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the support is the core offer or additional to it"),
            "invalid_choice": _("Select whether the support is the core offer or additional to it"),
        },
    )
    intervention = forms.TypedChoiceField(
        label=_("Intervention from the provision map (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": _("Select an intervention from the school's provision map")
        },
    )
    sessions_per_week = _number(
        _("Sessions a week (optional)"), _("Enter a number of sessions a week from 1 to 35")
    )
    minutes_per_session = _number(
        _("Minutes a session (optional)"), _("Enter the minutes a session, from 1 to 480")
    )
    frequency_note = _line(
        _("How often, in words (optional)"), help_text=_("For example, every morning at 9.")
    )
    delivered_by = _line(
        _("Who gives it (optional)"), help_text=_("For example, Mrs Patel, teaching assistant.")
    )
    starts_on = GovukDateField(label=_("Starts (optional)"), required=False)
    ends_on = GovukDateField(label=_("Ends (optional)"), required=False)

    def __init__(self, *args, interventions: list[Intervention], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [("", _("None"))] + [
            (intervention.pk, intervention.name) for intervention in interventions
        ]

    def details(self) -> SupportDetails:
        data = self.cleaned_data
        return SupportDetails(
            description=data["description"],
            provision_type=data["provision_type"],
            intervention_id=data["intervention"],
            sessions_per_week=data["sessions_per_week"],
            minutes_per_session=data["minutes_per_session"],
            frequency_note=data["frequency_note"],
            delivered_by=data["delivered_by"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )


class ShareForm(GovukErrorsMixin, forms.Form):
    change_note = _text(
        _("What changed (optional)"),
        help_text=_("Parents see this note with the plan."),
        rows=3,
    )


class ConfirmForm(forms.Form):
    """A consequential step with nothing to fill in: the POST itself confirms."""


class ReviewForm(GovukErrorsMixin, forms.Form):
    held_on = GovukDateField(
        label=_("Date of the review"),
        help_text=_("For example, 27 3 2027"),
        required=True,
        error_messages={
            "required": _("Enter the date of the review"),
            "incomplete": _("Enter the date of the review"),
        },
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome_ids = []
        for number, outcome in enumerate(outcomes, start=1):
            self.outcome_ids.append(outcome.pk)
            message = _("Select the progress made on outcome %(number)s") % {"number": number}
            self.fields[f"score_{outcome.pk}"] = forms.TypedChoiceField(
                label=_("Progress on outcome %(number)s: %(outcome)s")
                % {"number": number, "outcome": outcome.parent_wording},
                choices=ProgressScore.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
            self.fields[f"comment_{outcome.pk}"] = _text(
                _("Comment on outcome %(number)s (optional)") % {"number": number}, rows=2
            )
        self.fields["assessment_still_holds"] = forms.ChoiceField(
            label=_("Does the assessment of the pupil's needs still hold?"),
            choices=AssessmentStillHolds.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Select whether the assessment still holds"),
                "invalid_choice": _("Select whether the assessment still holds"),
            },
        )
        self.fields["assessment_note"] = _text(
            _("What has changed in the pupil's needs"),
            help_text=_("Needed when the assessment no longer fully holds."),
            rows=3,
        )
        self.fields["summary"] = _text(_("Summary of the review"), rows=4)

    def progress(self) -> dict[int, ProgressEntry]:
        data = self.cleaned_data
        return {
            outcome_id: ProgressEntry(
                score=data.get(f"score_{outcome_id}"), comment=data.get(f"comment_{outcome_id}", "")
            )
            for outcome_id in self.outcome_ids
        }
