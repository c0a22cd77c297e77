from django import forms
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("How should the portal tell you about something new?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how the portal should tell you"),
            "invalid_choice": _("Select how the portal should tell you"),
        },
    )
