"""Forms for signing in and the second factor."""

from __future__ import annotations

from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        error_messages={
            "required": _("Enter the code from your app or a backup code"),
            "max_length": _("Enter the 6-digit code from your app, or a backup code"),
        },
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
        self.fields["login"].error_messages["required"] = _("Enter your email address")
        self.fields["login"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["password"].error_messages["required"] = _("Enter your password")
