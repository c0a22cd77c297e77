"""Importing a school's SEN register from a CSV export of its management information system.

Reading and checking save nothing. `read_register_csv` turns the uploaded bytes into rows, or
says in plain words why the file cannot be read; `plan_register_import` checks every row with
a Django form and says what would happen to it. Only `register_import_apply` writes: all rows or
none, through the pupil services, so each pupil is audited as when a SENCO adds one by hand.

The file is read with the csv module and each row checked with a form, rather than with
django-import-export's Resource: rows must be written through the pupil services (for their
audit), row numbers must match the spreadsheet (tablib's loader drops blank lines, which shifts
them), and every problem must read as a sentence a SENCO can act on.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.i18n import HOME_LANGUAGE_CODES, language_name, native_name
from portal.lib.text import has_text_direction_controls
from portal.people.models import User
from portal.pupils import services as pupil_services
from portal.pupils.models import AreaOfNeed, Pupil, SenStatus, YearGroup, upn_validator
from portal.schools.models import School

MAX_UPLOAD_BYTES = 1_000_000
MAX_ROWS = 2_000
MAX_NAME_LENGTH = 100
AREA_SEPARATOR = ";"
TEMPLATE_FILENAME = "sen-register-template.csv"


@dataclass(frozen=True)
class Column:
    """One column of the import file. `header` is what the template CSV calls it: English, as
    management information systems export it, and never translated (a file made from the
    Welsh page must still read back)."""

    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    label: Promise
    what_to_put: Promise
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "legal_first_name",
        "Legal first name",
        ("legal forename", "first name", "forename"),
        True,
        gettext_lazy("Legal first name"),
        gettext_lazy("The pupil's legal first name."),
        "Oluwaseun",
    ),
    Column(
        "legal_last_name",
        "Legal last name",
        ("legal surname", "last name", "surname"),
        True,
        gettext_lazy("Legal last name"),
        gettext_lazy("The pupil's legal last name."),
        "Adeyemi",
    ),
    Column(
        "preferred_name",
        "Preferred name",
        ("preferred forename", "known as"),
        False,
        gettext_lazy("Preferred name"),
        gettext_lazy(
            "Optional. The name the pupil likes to be called, if different. Leave it empty to "
            "keep the preferred name already on the register."
        ),
        "Seun",
    ),
    Column(
        "date_of_birth",
        "Date of birth",
        ("dob", "birth date"),
        True,
        gettext_lazy("Date of birth"),
        gettext_lazy("Day, month and year, as 31/12/2015. Dates written 2015-12-31 also work."),
        "14/05/2018",
    ),
    Column(
        "year_group",
        "Year group",
        ("year", "ncy", "national curriculum year"),
        True,
        gettext_lazy("Year group"),
        gettext_lazy(
            "Nursery, Reception, or Year 1 to Year 13. The number alone also works: 3 for "
            "Year 3, R for Reception, N for Nursery."
        ),
        "Year 2",
    ),
    Column(
        "upn",
        "UPN",
        ("unique pupil number",),
        True,
        gettext_lazy("UPN"),
        gettext_lazy(
            "The pupil's unique pupil number: 13 characters, a capital letter, 11 digits, then "
            "a digit or capital letter. A pupil already on the register with this UPN is "
            "updated, not added again."
        ),
        "D823400118001",
    ),
    Column(
        "sen_status",
        "SEN status",
        ("sen provision",),
        True,
        gettext_lazy("SEN status"),
        gettext_lazy(
            "Monitoring, SEN Support or EHC plan. The school census codes K (SEN Support) and "
            "E (EHC plan) also work."
        ),
        "SEN Support",
    ),
    Column(
        "areas_of_need",
        "Areas of need",
        ("area of need", "areas"),
        True,
        gettext_lazy("Areas of need"),
        gettext_lazy(
            "Any of: Communication and interaction; Cognition and learning; Social, emotional "
            "and mental health; Sensory and/or physical. Put a semicolon (;) between two or "
            "more. Leave it empty if none is recorded yet."
        ),
        "Communication and interaction; Cognition and learning",
    ),
    Column(
        "home_language",
        "Home language",
        ("first language", "language"),
        False,
        gettext_lazy("Home language"),
        gettext_lazy(
            "Optional. The language's name in English or its code, as Polish or pl. Leave it "
            "empty to keep the language already on the register (English for a new pupil)."
        ),
        "English",
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def _normalise(text: str) -> str:
    """Case, spaces, underscores and most punctuation do not matter when matching a name (the
    minus of year group -1, Nursery, and the slash of 'and/or' do)."""
    return " ".join(re.sub(r"[^\w/-]+|_", " ", text.casefold()).split())


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.header, column.key, *column.aliases):
            lookup[_normalise(name)] = column.key
    return lookup


def template_csv() -> str:
    """The template offered for download: the column names and one example row. It starts with
    a byte-order mark so that Excel opens it as UTF-8."""
    dataset = tablib.Dataset(headers=[column.header for column in COLUMNS])
    dataset.append([column.example for column in COLUMNS])
    return "\ufeff" + dataset.export("csv")


# Reading the file ---------------------------------------------------------------------------


@dataclass
class SourceFile:
    """An upload, read but not yet checked. Plain data, so that it keeps in the session."""

    digest: str
    filename: str
    rows: list[dict]  # {"number": spreadsheet row, "values": {column key: text}, "extra": bool}
    ignored_columns: list[str]

    def as_session_data(self) -> dict:
        return {
            "digest": self.digest,
            "filename": self.filename,
            "rows": self.rows,
            "ignored_columns": self.ignored_columns,
        }


def _not_a_csv() -> ValidationError:
    return ValidationError(
        _(
            "The file must be a CSV. In Excel, choose File, Save a copy, then "
            "'CSV UTF-8 (comma delimited)'"
        ),
        code="not_csv",
    )


def read_register_csv(upload: UploadedFile) -> SourceFile:
    """Read an uploaded CSV file into rows, or raise ValidationError saying, in words that name
    the file or column, why it cannot be read."""
    filename = upload.name or ""
    if not filename.lower().endswith(".csv"):
        raise _not_a_csv()
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file must be smaller than 1 MB"), code="too_big")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file must be smaller than 1 MB"), code="too_big")
    if not data.strip():
        raise ValidationError(_("The selected file is empty"), code="empty")
    # A spreadsheet saved under a .csv name (a zip) or any other binary file.
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise _not_a_csv()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "The file must be saved as UTF-8. In Excel, choose File, Save a copy, then "
                "'CSV UTF-8 (comma delimited)'"
            ),
            code="encoding",
        ) from error
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _not_a_csv() from error

    header = records[0] if records else []
    lookup = _header_lookup()
    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[ValidationError] = []
    for index, cell in enumerate(header):
        key = lookup.get(_normalise(cell))
        if key is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif key in positions:
            problems.append(
                ValidationError(
                    _("The column '%(column)s' appears more than once")
                    % {"column": COLUMNS_BY_KEY[key].header},
                    code="duplicate_column",
                )
            )
        else:
            positions[key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            problems.append(
                ValidationError(
                    _("The file is missing the column '%(column)s'") % {"column": column.header},
                    code="missing_column",
                )
            )
    if problems:
        raise ValidationError(problems)

    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets often end with empty rows
        values = {
            key: (record[index].strip() if index < len(record) else "")
            for key, index in positions.items()
        }
        extra = any(cell.strip() for cell in record[len(header) :])
        rows.append({"number": number, "values": values, "extra": extra})
    if not rows:
        raise ValidationError(
            _("The file has no pupils in it, only the column names"), code="no_rows"
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)s pupils. Import at most %(most)s at a time")
            % {
                "count": number_format(len(rows), force_grouping=True),
                "most": number_format(MAX_ROWS, force_grouping=True),
            },
            code="too_many_rows",
        )
    return SourceFile(
        digest=hashlib.sha256(data).hexdigest(),
        filename=filename,
        rows=rows,
        ignored_columns=ignored,
    )


# Checking each row --------------------------------------------------------------------------


def _choice_lookup(choices, extra: dict) -> dict:
    """A choice found by its code or its label, in English or in the reader's language."""
    lookup = {}
    for value, label in choices:
        lookup[_normalise(str(value))] = value
        lookup[_normalise(str(label))] = value
        with translation.override("en"):
            lookup[_normalise(str(label))] = value
    lookup.update({_normalise(name): value for name, value in extra.items()})
    return lookup


def _lookups() -> dict[str, dict]:
    year_extra = {"r": YearGroup.RECEPTION, "n": YearGroup.NURSERY, "n1": -1, "n2": -1}
    year_extra |= {f"y{year}": year for year in range(1, 14)}
    year_extra |= {f"yr{year}": year for year in range(1, 14)}
    status_extra = {
        "k": SenStatus.SEN_SUPPORT,
        "e": SenStatus.EHC_PLAN,
        "ehcp": SenStatus.EHC_PLAN,
        "ehc": SenStatus.EHC_PLAN,
        "education, health and care plan": SenStatus.EHC_PLAN,
    }
    languages = {}
    for code in HOME_LANGUAGE_CODES:
        for name in (code, language_name(code, "en"), native_name(code), language_name(code)):
            languages[_normalise(name)] = code
    languages |= {_normalise(name): code for name, code in LANGUAGE_ALIASES.items()}
    return {
        "year_group": _choice_lookup(YearGroup.choices, year_extra),
        "sen_status": _choice_lookup(SenStatus.choices, status_extra),
        "areas_of_need": _choice_lookup(AreaOfNeed.choices, {}),
        "home_language": languages,
    }


# Other English names schools' systems use for the portal's home languages.
LANGUAGE_ALIASES = {
    "bengali": "bn",
    "farsi": "fa",
    "panjabi": "pa",
    "pushto": "ps",
    "mandarin": "zh",
    "tigrigna": "ti",
}

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_MIDNIGHT = re.compile(r"^0?0:00(:00)?$")


def parse_date_of_birth(text: str) -> datetime.date | None:
    """Day/month/year, or ISO. A time of midnight after the date (as Excel adds) is ignored."""
    parts = text.split()
    if len(parts) == 2 and _MIDNIGHT.match(parts[1]):
        text = parts[0]
    for fmt in DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
        if value.year >= 1900:
            return value
    return None


class RegisterRowForm(forms.Form):
    """One row of the file. Every field is text; each clean_* turns it into the pupil's value or
    a problem in plain words (the caller puts 'Row N:' in front)."""

    legal_first_name = forms.CharField(required=False)
    legal_last_name = forms.CharField(required=False)
    preferred_name = forms.CharField(required=False)
    date_of_birth = forms.CharField(required=False)
    year_group = forms.CharField(required=False)
    upn = forms.CharField(required=False)
    sen_status = forms.CharField(required=False)
    areas_of_need = forms.CharField(required=False)
    home_language = forms.CharField(required=False)

    def __init__(self, *args, lookups: dict[str, dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups

    def _name(self, key: str, missing: str | None) -> str:
        value = self.cleaned_data[key]
        if not value and missing:
            raise ValidationError(missing)
        if len(value) > MAX_NAME_LENGTH:
            raise ValidationError(
                _("the %(field)s must be %(most)s characters or fewer")
                % {"field": COLUMNS_BY_KEY[key].label.lower(), "most": MAX_NAME_LENGTH}
            )
        if has_text_direction_controls(value):
            raise ValidationError(
                _(
                    "the %(field)s must not contain hidden text-direction characters. Type the "
                    "name again in the file"
                )
                % {"field": COLUMNS_BY_KEY[key].label.lower()}
            )
        return value

    def clean_legal_first_name(self):
        return self._name("legal_first_name", _("enter the pupil's legal first name"))

    def clean_legal_last_name(self):
        return self._name("legal_last_name", _("enter the pupil's legal last name"))

    def clean_preferred_name(self):
        return self._name("preferred_name", None)

    def clean_date_of_birth(self):
        text = self.cleaned_data["date_of_birth"]
        value = parse_date_of_birth(text)
        if value is None:
            if re.fullmatch(r"\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\s*", text or ""):
                raise ValidationError(
                    _("the date of birth %(date)s is not a real date") % {"date": text.strip()}
                )
            raise ValidationError(_("enter a date of birth in the form 31/12/2015"))
        if value >= datetime.date.today():
            raise ValidationError(
                _("the date of birth %(date)s must be in the past") % {"date": text}
            )
        return value

    def clean_year_group(self):
        text = self.cleaned_data["year_group"]
        if not text:
            raise ValidationError(_("enter a year group, for example Year 3 or Reception"))
        value = self.lookups["year_group"].get(_normalise(text))
        if value is None:
            raise ValidationError(
                _(
                    "year group '%(value)s' is not one we know. Use Nursery, Reception, or "
                    "Year 1 to Year 13"
                )
                % {"value": text}
            )
        return int(value)

    def clean_upn(self):
        text = self.cleaned_data["upn"]
        if not text:
            raise ValidationError(_("enter the pupil's unique pupil number (UPN)"))
        value = text.upper()
        try:
            upn_validator(value)
        except ValidationError:
            raise ValidationError(
                _(
                    "UPN %(upn)s is not a valid unique pupil number. A UPN is 13 characters: a "
                    "capital letter, 11 digits, then a digit or capital letter"
                )
                % {"upn": text}
            ) from None
        return value

    def clean_sen_status(self):
        text = self.cleaned_data["sen_status"]
        if not text:
            raise ValidationError(_("enter an SEN status: Monitoring, SEN Support or EHC plan"))
        value = self.lookups["sen_status"].get(_normalise(text))
        if value is None:
            raise ValidationError(
                _(
                    "SEN status '%(value)s' is not one we know. Use Monitoring, SEN Support or "
                    "EHC plan"
                )
                % {"value": text}
            )
        return str(value)

    def clean_areas_of_need(self):
        areas: list[str] = []
        for part in self.cleaned_data["areas_of_need"].split(AREA_SEPARATOR):
            if not part.strip():
                continue
            value = self.lookups["areas_of_need"].get(_normalise(part))
            if value is None:
                raise ValidationError(
                    _(
                        "area of need '%(value)s' is not one we know. Use Communication and "
                        "interaction; Cognition and learning; Social, emotional and mental "
                        "health; or Sensory and/or physical, with a semicolon (;) between them"
                    )
                    % {"value": part.strip()}
                )
            if value not in areas:
                areas.append(str(value))
        return areas

    def clean_home_language(self):
        text = self.cleaned_data["home_language"]
        if not text:
            return ""
        value = self.lookups["home_language"].get(_normalise(text))
        if value is None:
            raise ValidationError(
                _(
                    "home language '%(value)s' is not one we know. Use a language from the "
                    "list on the upload page, or leave it empty"
                )
                % {"value": text}
            )
        return value


# Planning -----------------------------------------------------------------------------------


class RowAction(models.TextChoices):
    CREATE = "create", gettext_lazy("New pupil")
    UPDATE = "update", gettext_lazy("Update")
    UNCHANGED = "unchanged", gettext_lazy("No change")
    ERROR = "error", gettext_lazy("Error")


@dataclass
class PlannedRow:
    number: int
    values: dict[str, str]
    action: str = RowAction.ERROR
    errors: list[str] = field(default_factory=list)
    pupil: Pupil | None = None
    matched_by_name: bool = False
    fields: dict = field(default_factory=dict)
    areas: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[str]:
        """What an update changes, in words: 'SEN status, areas of need'."""
        return [str(COLUMNS_BY_KEY[name].label) for name in self.changed_fields]

    @property
    def action_label(self) -> str:
        return str(RowAction(self.action).label)

    @property
    def is_error(self) -> bool:
        return self.action == RowAction.ERROR

    @property
    def name(self) -> str:
        first = self.values.get("legal_first_name", "")
        last = self.values.get("legal_last_name", "")
        return f"{first} {last}".strip()

    @property
    def messages(self) -> list[str]:
        """Each problem as the SENCO reads it: 'Row 4: enter a date of birth ...'."""
        return [
            _("Row %(number)s: %(problem)s") % {"number": self.number, "problem": problem}
            for problem in self.errors
        ]

    @property
    def shown(self) -> list[tuple[str, str]]:
        """(label, value) per column: as understood for a good row, as written for a bad one."""
        if self.is_error:
            return [
                (str(column.label), self.values.get(column.key, ""))
                for column in COLUMNS
                if column.key in self.values
            ]
        fields = self.fields
        return [
            (str(COLUMNS_BY_KEY["legal_first_name"].label), fields["legal_first_name"]),
            (str(COLUMNS_BY_KEY["legal_last_name"].label), fields["legal_last_name"]),
            (str(COLUMNS_BY_KEY["preferred_name"].label), fields["preferred_name"]),
            (
                str(COLUMNS_BY_KEY["date_of_birth"].label),
                fields["date_of_birth"].strftime("%d/%m/%Y"),
            ),
            (str(COLUMNS_BY_KEY["year_group"].label), str(YearGroup(fields["year_group"]).label)),
            (str(COLUMNS_BY_KEY["upn"].label), fields["upn"]),
            (str(COLUMNS_BY_KEY["sen_status"].label), str(SenStatus(fields["sen_status"]).label)),
            (
                str(COLUMNS_BY_KEY["areas_of_need"].label),
                "; ".join(str(AreaOfNeed(area).label) for area in self.areas),
            ),
            (
                str(COLUMNS_BY_KEY["home_language"].label),
                language_name(fields["home_language"]),
            ),
        ]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count(RowAction.CREATE)

    @property
    def updated(self) -> int:
        return self._count(RowAction.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(RowAction.UNCHANGED)

    @property
    def error_rows(self) -> int:
        return self._count(RowAction.ERROR)

    @property
    def has_errors(self) -> bool:
        return self.error_rows > 0

    @property
    def messages(self) -> list[tuple[int, str]]:
        return [(row.number, message) for row in self.rows for message in row.messages]

    @property
    def fingerprint(self) -> str:
        """What confirming would do, row by row. The confirm form carries it, so that a register
        changed since the preview (a pupil added with a UPN in the file) is shown again rather
        than written differently from what the SENCO checked."""
        outline = [
            [row.number, str(row.action), row.pupil.pk if row.pupil else None, row.changed_fields]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(outline).encode()).hexdigest()


def _name_key(first: str, last: str, date_of_birth: datetime.date) -> tuple:
    return (first.casefold(), last.casefold(), date_of_birth)


def plan_register_import(*, school: School, rows: list[dict]) -> ImportPlan:
    """Check every row and say what confirming would do to it. Reads the register; writes
    nothing. A row updates the pupil at this school with its UPN; failing that, a pupil with
    no UPN and the same legal name and date of birth (who then gets the UPN); otherwise it adds
    a pupil."""
    lookups = _lookups()
    planned: list[PlannedRow] = []
    for row in rows:
        item = PlannedRow(number=row["number"], values=row["values"])
        form = RegisterRowForm(row["values"], lookups=lookups)
        if form.is_valid():
            item.fields = {name: form.cleaned_data[name] for name in pupil_services.PUPIL_FIELDS}
            item.areas = form.cleaned_data["areas_of_need"]
        else:
            item.errors = [
                str(message) for column in COLUMNS for message in form.errors.get(column.key, [])
            ]
        if row.get("extra"):
            item.errors.append(_("there are more cells in this row than columns in the file"))
        planned.append(item)

    rows_with_upn: dict[str, list[PlannedRow]] = {}
    for item in planned:
        upn = item.fields.get("upn") or item.values.get("upn", "").upper()
        if upn:
            rows_with_upn.setdefault(upn, []).append(item)
    for upn, items in rows_with_upn.items():
        for item in items if len(items) > 1 else []:
            others = ", ".join(str(other.number) for other in items if other is not item)
            item.errors.append(
                ngettext(
                    "UPN %(upn)s is also on row %(rows)s. Each pupil must be on one row only",
                    "UPN %(upn)s is also on rows %(rows)s. Each pupil must be on one row only",
                    len(items) - 1,
                )
                % {"upn": upn, "rows": others}
            )

    good = [item for item in planned if not item.errors]
    by_upn = {
        pupil.upn: pupil
        for pupil in Pupil.objects.filter(
            school=school, upn__in=[item.fields["upn"] for item in good]
        ).prefetch_related("areas_of_need")
    }
    without_upn: dict[tuple, Pupil] = {}
    for pupil in Pupil.objects.filter(school=school, upn="").prefetch_related("areas_of_need"):
        without_upn.setdefault(
            _name_key(pupil.legal_first_name, pupil.legal_last_name, pupil.date_of_birth), pupil
        )

    for item in planned:
        if item.errors:
            item.action = RowAction.ERROR
            continue
        fields = item.fields
        pupil = by_upn.get(fields["upn"])
        if pupil is None:
            key = _name_key(
                fields["legal_first_name"], fields["legal_last_name"], fields["date_of_birth"]
            )
            pupil = without_upn.pop(key, None)
            item.matched_by_name = pupil is not None
        if pupil is None:
            item.action = RowAction.CREATE
            fields["home_language"] = fields["home_language"] or "en"
            continue
        item.pupil = pupil
        # Optional cells left empty keep what the register already holds.
        fields["preferred_name"] = fields["preferred_name"] or pupil.preferred_name
        fields["home_language"] = fields["home_language"] or pupil.home_language
        item.changed_fields = [
            name for name in pupil_services.PUPIL_FIELDS if getattr(pupil, name) != fields[name]
        ]
        if {area.area for area in pupil.areas_of_need.all()} != set(item.areas):
            item.changed_fields.append("areas_of_need")
        item.action = RowAction.UPDATE if item.changed_fields else RowAction.UNCHANGED
    return ImportPlan(rows=planned)


# Writing ------------------------------------------------------------------------------------


class RegisterImportInvalid(Exception):
    """A row has an error, or confirming would now do something other than what the SENCO
    checked (the register changed since the preview). Nothing was written."""

    def __init__(self, plan: ImportPlan):
        super().__init__("register import has rows with errors")
        self.plan = plan


def register_import_apply(
    *,
    actor: User,
    context: AuditContext,
    school: School,
    rows: list[dict],
    digest: str,
    fingerprint: str,
) -> ImportPlan:
    """Add and update the pupils of a checked upload: all rows or none.

    Caller: the school's SENCO (checked by access_school_to_manage). Checks every row again,
    against the register as it is inside the transaction, and raises RegisterImportInvalid
    (writing nothing) if any row has an error or the plan's fingerprint is no longer the one
    the SENCO confirmed. Each pupil added or changed is written and
    audited by the pupil services; one REGISTER_IMPORTED event records the counts and the
    file's SHA-256. A clash with a pupil added meanwhile raises ValidationError and rolls
    every row back.
    """
    with transaction.atomic():
        plan = plan_register_import(school=school, rows=rows)
        if plan.has_errors or plan.fingerprint != fingerprint:
            raise RegisterImportInvalid(plan)
        for item in plan.rows:
            details = pupil_services.PupilDetails(**item.fields, areas_of_need=tuple(item.areas))
            if item.action == RowAction.CREATE:
                pupil_services.pupil_create(
                    actor=actor, context=context, school=school, details=details
                )
            elif item.action == RowAction.UPDATE:
                pupil_services.pupil_update(
                    actor=actor, context=context, pupil=item.pupil, details=details
                )
        audit_record(
            action=AuditAction.REGISTER_IMPORTED,
            actor=actor,
            context=context,
            school_id=school.pk,
            detail=(
                f"added {plan.created}, updated {plan.updated}, unchanged {plan.unchanged}; "
                f"sha256 {digest}"
            ),
        )
    return plan
