"""Forms for pupils and the SEN register."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukDateField, GovukErrorsMixin
from portal.i18n import home_language_choices
from portal.lib.text import NoTextDirectionControls
from portal.people.models import User
from portal.pupils.models import AreaOfNeed, Pupil, SenStatus, YearGroup, upn_validator
from portal.pupils.services import PUPIL_FIELDS, PupilDetails


class PupilForm(GovukErrorsMixin, forms.ModelForm):
    legal_first_name = forms.CharField(
        label=_("Legal first name"),
        max_length=100,
        validators=[NoTextDirectionControls(_("Legal first name"))],
        error_messages={
            "required": _("Enter the pupil's first name"),
            "max_length": _("Legal first name must be 100 characters or fewer"),
        },
    )
    legal_last_name = forms.CharField(
        label=_("Legal last name"),
        max_length=100,
        validators=[NoTextDirectionControls(_("Legal last name"))],
        error_messages={
            "required": _("Enter the pupil's last name"),
            "max_length": _("Legal last name must be 100 characters or fewer"),
        },
    )
    date_of_birth = GovukDateField(
        label=_("Date of birth"),
        help_text=_("For example, 27 3 2015"),
        error_messages={
            "required": _("Enter a date of birth"),
            "incomplete": _("Enter a date of birth"),
        },
    )
    areas_of_need = forms.MultipleChoiceField(
        label=_("Areas of need"),
        help_text=_("Select all that apply."),
        choices=AreaOfNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select areas of need from the list")},
    )
    home_language = forms.ChoiceField(
        label=_("Home language (optional)"),
        help_text=_("Leave this empty if you do not know it."),
        required=False,
        error_messages={"invalid_choice": _("Select a home language from the list")},
    )
    sen_status = forms.ChoiceField(
        label=_("SEN status"),
        choices=SenStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the pupil's SEN status"),
            "invalid_choice": _("Select the pupil's SEN status"),
        },
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"),
        choices=[("", _("Select a year group")), *YearGroup.choices],
        coerce=int,
        empty_value=None,
        error_messages={
            "required": _("Select the pupil's year group"),
            "invalid_choice": _("Select the pupil's year group"),
        },
    )

    class Meta:
        model = Pupil
        fields = PUPIL_FIELDS
        error_messages = {
            "preferred_name": {
                "max_length": _("Preferred name must be 100 characters or fewer"),
            },
            "upn": {
                "max_length": _(
                    "Enter a UPN of 13 characters: a capital letter, 11 digits, then a digit "
                    "or a capital letter"
                ),
            },
        }

    field_order = [*PUPIL_FIELDS[:-1], "areas_of_need", PUPIL_FIELDS[-1]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_language"].choices = [
            ("", _("Select a language")),
            *home_language_choices(),
        ]
        self.fields["upn"].help_text = _("Optional. 13 characters, for example A123456789012")
        if self.instance.pk:
            self.initial["areas_of_need"] = list(
                self.instance.areas_of_need.values_list("area", flat=True)
            )

    def clean_upn(self):
        upn = self.cleaned_data["upn"].strip().upper()
        if upn and not upn_validator.regex.match(upn):
            raise ValidationError(
                _(
                    "Enter a UPN of 13 characters: a capital letter, 11 digits, then a digit "
                    "or a capital letter"
                ),
                code="invalid",
            )
        return upn

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > datetime.date.today():
            raise ValidationError(_("Date of birth must be in the past"), code="future")
        return value

    def details(self) -> PupilDetails:
        return PupilDetails(
            **{name: self.cleaned_data[name] for name in PUPIL_FIELDS},
            areas_of_need=tuple(self.cleaned_data["areas_of_need"]),
        )


def staff_label(user: User, roles: list[str]) -> str:
    """A member of staff as "Name – Role, Role": who they are and what they do here."""
    name = user.get_full_name() or user.email
    if not roles:
        return name
    return _("%(name)s – %(roles)s") % {"name": name, "roles": ", ".join(str(r) for r in roles)}


class TeacherAssignmentForm(forms.Form):
    teachers = forms.ModelMultipleChoiceField(
        label=_("Staff who work with this pupil"),
        help_text=_("They will see this pupil's record. Select all that apply."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Select staff from the list"),
            "invalid_pk_value": _("Select staff from the list"),
            "invalid_list": _("Select staff from the list"),
        },
    )

    def __init__(self, *args, teachers: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["teachers"]
        field.queryset = User.objects.filter(pk__in=[teacher.pk for teacher in teachers])
        roles = {teacher.pk: getattr(teacher, "roles_here", []) for teacher in teachers}
        field.label_from_instance = lambda user: staff_label(user, roles.get(user.pk, []))


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("SEN status"),
        choices=[("", _("All statuses")), *SenStatus.choices],
        required=False,
    )
    area = forms.ChoiceField(
        label=_("Area of need"),
        choices=[("", _("All areas")), *AreaOfNeed.choices],
        required=False,
    )
