"""Forms for the school calendar pages, in the GOV.UK Design System pattern."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukDateField, GovukErrorsMixin
from portal.i18n import format_date
from portal.lib.school_days import school_year_bounds
from portal.schools.models import ClosureKind

# The six half-terms of an English school year; the holidays are the gaps between them.
HALF_TERMS = [
    _("Autumn 1"),
    _("Autumn 2"),
    _("Spring 1"),
    _("Spring 2"),
    _("Summer 1"),
    _("Summer 2"),
]


def _format(message, **values) -> str:
    return str(message) % values


class CalendarDateField(GovukDateField):
    """A GOV.UK date input whose every error names the date it is about."""

    def __init__(self, *, required_message, name_of_date, **kwargs):
        self.name_of_date = name_of_date
        kwargs.setdefault("help_text", _("For example, 1 9 2026"))
        super().__init__(
            error_messages={
                "required": required_message,
                "incomplete": lazy(_format, str)(
                    _("%(date)s must include a day, month and year"), date=name_of_date
                ),
            },
            **kwargs,
        )

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(
                _format(_("%(date)s must be a real date"), date=self.name_of_date), code="invalid"
            ) from error


class _WithinYears:
    """Keeps dates inside the school years the calendar page shows, so nothing saved vanishes
    from view."""

    def __init__(self, *args, school_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.first_day = school_year_bounds(school_years[0])[0]
        self.last_day = school_year_bounds(school_years[-1])[1]

    def _check_within(self, name: str) -> None:
        value = self.cleaned_data.get(name)
        if value is not None and not (self.first_day <= value <= self.last_day):
            self.add_error(
                name,
                _format(
                    _("%(date)s must be between %(first)s and %(last)s"),
                    date=self.fields[name].name_of_date,
                    first=format_date(self.first_day),
                    last=format_date(self.last_day),
                ),
            )


class TermForm(GovukErrorsMixin, _WithinYears, forms.Form):
    name = forms.CharField(
        label=_("Name of the term"),
        help_text=_("For example, Autumn 1"),
        max_length=100,
        error_messages={"required": _("Enter the name of the term")},
    )
    starts_on = CalendarDateField(
        label=_("First day of term"),
        name_of_date=_("The first day of term"),
        required_message=_("Enter the first day of term"),
    )
    ends_on = CalendarDateField(
        label=_("Last day of term"),
        name_of_date=_("The last day of term"),
        required_message=_("Enter the last day of term"),
        help_text=_("For example, 23 10 2026"),
    )

    def clean(self):
        cleaned = super().clean()
        self._check_within("starts_on")
        self._check_within("ends_on")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on and "ends_on" not in self.errors:
            self.add_error("ends_on", _("The last day of term must be on or after the first day"))
        return cleaned


class ClosureForm(GovukErrorsMixin, _WithinYears, forms.Form):
    date = CalendarDateField(
        label=_("Date the school is closed"),
        name_of_date=_("The date the school is closed"),
        required_message=_("Enter the date the school is closed"),
    )
    kind = forms.ChoiceField(
        label=_("What kind of closure is it?"),
        choices=ClosureKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it is an INSET day or another closure")},
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("For example, the school is a polling station"),
        max_length=200,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        self._check_within("date")
        return cleaned


class TrustTermDatesForm(GovukErrorsMixin, forms.Form):
    """One school year's six half-terms, for every school of a trust at once. A half-term left
    blank is not written."""

    school_year = forms.TypedChoiceField(
        label=_("Which school year are these term dates for?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the school year")},
    )

    def __init__(self, *args, school_years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [
            (year, _format(_("%(start)s to %(end)s"), start=year, end=year + 1))
            for year in school_years
        ]
        for index, name in enumerate(HALF_TERMS, start=1):
            self.fields[f"term_{index}_starts_on"] = CalendarDateField(
                label=_format(_("First day of %(term)s"), term=name),
                name_of_date=_format(_("The first day of %(term)s"), term=name),
                required_message=_format(_("Enter the first day of %(term)s"), term=name),
                required=False,
                help_text="",
            )
            self.fields[f"term_{index}_ends_on"] = CalendarDateField(
                label=_format(_("Last day of %(term)s"), term=name),
                name_of_date=_format(_("The last day of %(term)s"), term=name),
                required_message=_format(_("Enter the last day of %(term)s"), term=name),
                required=False,
                help_text="",
            )

    def term_rows(self):
        """(half-term name, first-day field, last-day field) for each half-term, to render."""
        return [
            (name, self[f"term_{index}_starts_on"], self[f"term_{index}_ends_on"])
            for index, name in enumerate(HALF_TERMS, start=1)
        ]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("school_year")
        terms: list[tuple[str, datetime.date, datetime.date]] = []
        for index, name in enumerate(HALF_TERMS, start=1):
            start_key, end_key = f"term_{index}_starts_on", f"term_{index}_ends_on"
            if start_key in self.errors or end_key in self.errors:
                continue
            starts_on, ends_on = cleaned.get(start_key), cleaned.get(end_key)
            if starts_on is None and ends_on is None:
                continue
            if starts_on is None:
                self.add_error(start_key, _format(_("Enter the first day of %(term)s"), term=name))
                continue
            if ends_on is None:
                self.add_error(end_key, _format(_("Enter the last day of %(term)s"), term=name))
                continue
            if ends_on < starts_on:
                self.add_error(
                    end_key,
                    _format(
                        _("The last day of %(term)s must be on or after the first day"), term=name
                    ),
                )
                continue
            if year is not None:
                first, last = school_year_bounds(year)
                for key, value in ((start_key, starts_on), (end_key, ends_on)):
                    if not first <= value <= last:
                        self.add_error(
                            key,
                            _format(
                                _("%(date)s must be between %(first)s and %(last)s"),
                                date=self.fields[key].name_of_date,
                                first=format_date(first),
                                last=format_date(last),
                            ),
                        )
            if terms and starts_on <= terms[-1][2]:
                self.add_error(
                    start_key,
                    _format(
                        _("%(term)s must start after %(previous)s ends"),
                        term=name,
                        previous=terms[-1][0],
                    ),
                )
            terms.append((str(name), starts_on, ends_on))
        if not self.errors and not terms:
            self.add_error(
                "term_1_starts_on", _("Enter the first and last day of at least one term")
            )
        self.terms = terms
        return cleaned
