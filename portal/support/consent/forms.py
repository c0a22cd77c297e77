"""Forms for consent: the SENCO's request, the parent's question pages (give or refuse, an
optional reason), withdrawing, and the pupil's view. Error messages name the field and say what
to do. No answer is chosen for the parent: giving and refusing are two equal options."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukDateField, GovukErrorsMixin

from .models import ProfessionalService

TEXT_LIMIT = 5000
GIVE = "give"
REFUSE = "refuse"


def _text(label, required_message, *, required=True, help_text="", rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Enter no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )


class ConsentRequestForm(GovukErrorsMixin, forms.Form):
    service = forms.ChoiceField(
        label=_("Which service does the school want to involve?"),
        choices=ProfessionalService.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the service"),
            "invalid_choice": _("Select the service"),
        },
    )
    service_other = forms.CharField(
        label=_("If you chose another service, its name"),
        required=False,
        max_length=200,
        strip=True,
        error_messages={
            "max_length": _("Enter no more than 200 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )
    purpose = _text(
        _("Why does the school want to involve them?"),
        _("Enter why the school wants to involve them"),
        help_text=_("Say what the school hopes they will help with, in words a parent uses."),
    )
    information_shared = _text(
        _("What will be shared with them?"),
        _("Enter what will be shared with them"),
        help_text=_("For example, the current support plan and the last two reviews."),
    )
    answer_needed_by = GovukDateField(
        label=_("When does the school need an answer?"),
        help_text=_("For example, 27 3 2027"),
        error_messages={
            "required": _("Enter the date the school needs an answer by"),
            "incomplete": _("Enter the date the school needs an answer by"),
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") == ProfessionalService.OTHER and not cleaned.get("service_other"):
            self.add_error("service_other", _("Enter the name of the service"))
        return cleaned


class ConsentAnswerForm(GovukErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you give consent?"),
        choices=[
            (GIVE, _("Yes, I give consent")),
            (REFUSE, _("No, I do not give consent")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if you give consent, or no if you do not"),
            "invalid_choice": _("Select yes if you give consent, or no if you do not"),
        },
    )

    # Shown under "No", on the same page (always shown: a script-revealed field would put
    # aria-expanded on a radio, which axe rejects): refusing takes no more pages than giving.
    reason = _text(
        _("Would you like to tell the school why? (optional)"),
        "",
        required=False,
        help_text=_("You do not have to give a reason."),
        rows=4,
    )

    def __init__(self, *args, service_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if service_name:
            self.fields["answer"].label = _(
                "Do you give consent for the school to involve %(service)s?"
            ) % {"service": service_name}


class ReasonForm(GovukErrorsMixin, forms.Form):
    reason = _text(
        _("Would you like to tell the school why? (optional)"),
        "",
        required=False,
        help_text=_("You do not have to give a reason."),
    )


class WithdrawForm(GovukErrorsMixin, forms.Form):
    reason = _text(
        _("Would you like to tell the school why you are withdrawing consent? (optional)"),
        "",
        required=False,
        help_text=_("You do not have to give a reason."),
    )


class PupilViewForm(GovukErrorsMixin, forms.Form):
    view = _text(
        _("What does the pupil think about involving this service?"),
        _("Enter the pupil's view"),
        help_text=_("Use the pupil's own words where you can."),
    )


class ConfirmForm(GovukErrorsMixin, forms.Form):
    """A confirm button with nothing to fill in."""
