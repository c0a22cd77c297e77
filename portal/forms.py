"""Forms rendered in the GOV.UK Design System pattern (templates/components/)."""

from __future__ import annotations

import datetime

from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from portal.i18n import home_language_choices
from portal.models import AreaOfNeed, Pupil, Relationship, SenStatus, User, YearGroup
from portal.services.pupils import PUPIL_FIELDS


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
        fields = (
            forms.CharField(max_length=2),
            forms.CharField(max_length=2),
            forms.CharField(max_length=4),
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


class PupilForm(forms.ModelForm):
    date_of_birth = GovukDateField(label=_("Date of birth"), help_text=_("For example, 27 3 2015"))
    areas_of_need = forms.MultipleChoiceField(
        label=_("Areas of need"),
        help_text=_("Select all that apply."),
        choices=AreaOfNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    home_language = forms.ChoiceField(label=_("Home language"))
    sen_status = forms.ChoiceField(
        label=_("SEN status"), choices=SenStatus.choices, widget=forms.RadioSelect
    )
    year_group = forms.TypedChoiceField(
        label=_("Year group"), choices=YearGroup.choices, coerce=int
    )

    class Meta:
        model = Pupil
        fields = PUPIL_FIELDS

    field_order = [*PUPIL_FIELDS[:-1], "areas_of_need", PUPIL_FIELDS[-1]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_language"].choices = home_language_choices()
        self.fields["upn"].help_text = _("Optional. 13 characters, for example A123456789012")
        if self.instance.pk:
            self.initial["areas_of_need"] = list(
                self.instance.areas_of_need.values_list("area", flat=True)
            )

    def clean_upn(self):
        return self.cleaned_data["upn"].strip().upper()

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > datetime.date.today():
            raise ValidationError(_("Date of birth must be in the past"))
        return value

    def pupil_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PUPIL_FIELDS}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("Parent or carer's email address"),
        help_text=_("We will send them a link that works once, for 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the pupil"),
        choices=Relationship.choices,
        widget=forms.RadioSelect,
    )
    has_parental_responsibility = forms.TypedChoiceField(
        label=_("Do they have parental responsibility?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class TeacherAssignmentForm(forms.Form):
    teachers = forms.ModelMultipleChoiceField(
        label=_("Staff who work with this pupil"),
        help_text=_("They will see this pupil's record. Select all that apply."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, teachers: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["teachers"]
        field.queryset = User.objects.filter(pk__in=[teacher.pk for teacher in teachers])
        field.label_from_instance = lambda user: user.get_full_name() or user.email


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


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isalnum():
            raise ValidationError(_("Enter the code using only letters and numbers"))
        return token


class SignInForm(LoginForm):
    """allauth's sign-in form, without the reset link it puts in the password hint: the page
    offers that link once, after the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
