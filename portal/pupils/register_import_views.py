"""The SENCO's import of the SEN register from a CSV file: upload, check every row, confirm.

Nothing is saved until the SENCO confirms. Between the two steps the rows (not the file) wait
in the session, tied to the school and to the file's SHA-256, which the confirm form carries:
a different upload in another tab cannot be confirmed from this page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.i18n import HOME_LANGUAGE_CODES, language_name
from portal.pupils.register_import import (
    COLUMNS,
    MAX_ROWS,
    TEMPLATE_FILENAME,
    RegisterImportInvalid,
    SourceFile,
    plan_register_import,
    read_register_csv,
    register_import_apply,
    template_csv,
)
from portal.pupils.selectors import pupils_shown_audited
from portal.schools.access import access_school_to_manage

SESSION_KEY = "portal_register_import"
# The error summary lists this many problems; the rest are shown with their rows.
SUMMARY_LIMIT = 20


class RegisterUploadForm(forms.Form):
    csv_file = forms.FileField(
        label=gettext_lazy("Upload a CSV file"),
        help_text=gettext_lazy("A CSV file smaller than 1 MB, with at most 2,000 pupils."),
        error_messages={
            "required": gettext_lazy("Choose a CSV file to upload"),
            "empty": gettext_lazy("The selected file is empty"),
            "invalid": gettext_lazy("Choose a CSV file to upload"),
            "missing": gettext_lazy("Choose a CSV file to upload"),
        },
    )

    source: SourceFile | None = None

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        self.source = read_register_csv(upload)
        return upload


def _stored_upload(request: HttpRequest, school) -> dict | None:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("school_id") != school.pk:
        return None
    return stored


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def register_import_upload(request: HttpRequest, school_id: int) -> HttpResponse:
    school = access_school_to_manage(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    if request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            request.session[SESSION_KEY] = {"school_id": school.pk} | form.source.as_session_data()
            return redirect("portal:register_import_preview", school_id=school.pk)
    else:
        form = RegisterUploadForm()
    languages = sorted(
        ((language_name(code, "en"), code) for code in HOME_LANGUAGE_CODES),
        key=lambda pair: pair[0],
    )
    context = {
        "school": school,
        "form": form,
        "columns": COLUMNS,
        "languages": languages,
        "max_rows": MAX_ROWS,
        "brand_colour": school.brand_colour,
    }
    return render(request, "pupils/register_import_upload.html", context)


@login_required
@never_cache
@require_GET
def register_import_template(request: HttpRequest, school_id: int) -> HttpResponse:
    access_school_to_manage(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


def _result_message(plan) -> str:
    added = ngettext("%(count)s pupil added", "%(count)s pupils added", plan.created) % {
        "count": plan.created
    }
    updated = ngettext("%(count)s updated", "%(count)s updated", plan.updated) % {
        "count": plan.updated
    }
    if plan.unchanged:
        unchanged = ngettext(
            "%(count)s already up to date", "%(count)s already up to date", plan.unchanged
        ) % {"count": plan.unchanged}
        return _("%(added)s, %(updated)s, %(unchanged)s.") % {
            "added": added,
            "updated": updated,
            "unchanged": unchanged,
        }
    return _("%(added)s, %(updated)s.") % {"added": added, "updated": updated}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def register_import_preview(request: HttpRequest, school_id: int) -> HttpResponse:
    """Every row of the upload and what confirming would do; a POST confirms or cancels."""
    school = access_school_to_manage(
        actor=request.user, school_id=school_id, context=AuditContext.from_request(request)
    )
    stored = _stored_upload(request, school)
    if stored is None:
        if request.method == "POST":
            messages.error(request, _("Nothing was imported. Upload the file again."))
        return redirect("portal:register_import_upload", school_id=school.pk)

    plan = None
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("Import cancelled. Nothing was saved."))
            return redirect("portal:school_overview", school_id=school.pk)
        if request.POST.get("digest") != stored["digest"]:
            messages.error(
                request,
                _(
                    "Another file was uploaded since you checked this one. Nothing was "
                    "imported. Check the rows below before you import them."
                ),
            )
            return redirect("portal:register_import_preview", school_id=school.pk)
        try:
            plan = register_import_apply(
                actor=request.user,
                context=AuditContext.from_request(request),
                school=school,
                rows=stored["rows"],
                digest=stored["digest"],
                fingerprint=request.POST.get("fingerprint", ""),
            )
        except RegisterImportInvalid as invalid:
            plan = invalid.plan
            if not plan.has_errors:
                messages.error(
                    request,
                    _(
                        "The register has changed since you checked this file, so nothing was "
                        "imported. Check the rows again before you import them."
                    ),
                )
        except ValidationError:
            messages.error(
                request,
                _(
                    "The register changed while the pupils were being imported, so nothing "
                    "was saved. Check the rows again."
                ),
            )
            return redirect("portal:register_import_preview", school_id=school.pk)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _result_message(plan))
            return redirect("portal:school_overview", school_id=school.pk)

    if plan is None:
        plan = plan_register_import(school=school, rows=stored["rows"])
    # Rows that match a pupil already on the register show what would change in their record.
    pupils_shown_audited(
        actor=request.user,
        context=AuditContext.from_request(request),
        pupils=[row.pupil for row in plan.rows if row.pupil is not None],
        where="register import check",
    )
    problems = plan.messages
    context = {
        "school": school,
        "plan": plan,
        "filename": stored["filename"],
        "digest": stored["digest"],
        "ignored_columns": stored.get("ignored_columns", []),
        "problems": problems[:SUMMARY_LIMIT],
        "more_problems": max(0, len(problems) - SUMMARY_LIMIT),
        "brand_colour": school.brand_colour,
    }
    return render(request, "pupils/register_import_preview.html", context)
