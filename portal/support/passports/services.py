"""Writes: a school's or a trust's passport headings, and a pupil's passport."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.lib.text import has_text_direction_controls
from portal.people.models import User
from portal.pupils.models import Pupil
from portal.schools.models import School, Trust

from .models import Passport, PassportEntry, PassportHeading, PassportTemplate
from .selectors import MAX_ENTRY_CHARACTERS, MAX_HEADINGS, passport_page


@dataclass(frozen=True)
class HeadingInput:
    """A heading as the form sends it: `pk` names a heading of the same template, or is None
    for a new one."""

    pk: int | None
    title: str
    guidance: str = ""


def _validate_headings(headings: list[HeadingInput]) -> None:
    if not headings:
        raise ValidationError(_("Add at least one heading"))
    if len(headings) > MAX_HEADINGS:
        raise ValidationError(
            _("A passport fits on one page with up to %(count)s headings: remove some")
            % {"count": MAX_HEADINGS}
        )
    seen: set[str] = set()
    for heading in headings:
        title = heading.title.strip()
        if not title:
            raise ValidationError(_("Enter a heading, or remove the empty one"))
        if len(title) > 200 or len(heading.guidance) > 300:
            raise ValidationError(_("Headings must be 200 characters or fewer"))
        if has_text_direction_controls(title) or has_text_direction_controls(heading.guidance):
            raise ValidationError(_("Remove the hidden text-direction characters"))
        if title.casefold() in seen:
            raise ValidationError(
                _("“%(title)s” is there twice: give each heading its own words") % {"title": title}
            )
        seen.add(title.casefold())


def passport_template_save(
    *,
    actor: User,
    context: AuditContext,
    headings: list[HeadingInput],
    school: School | None = None,
    trust: Trust | None = None,
) -> PassportTemplate:
    """Replace the headings of a school's template (its SENCO) or a trust's (its SEND lead):
    the caller has checked who may. Headings keep their rows when renamed or moved, so entries
    written under them follow; a removed heading's entries keep their words (COP-6.49: nothing
    staff wrote is lost). The first save of a school that used its trust's or the built-in
    headings creates the school's own template. Audited (PASSPORT_TEMPLATE_CHANGED).

    Raises ValidationError for no headings, too many for one page, an empty or repeated one."""
    if (school is None) == (trust is None):
        raise ValueError("Give a school or a trust.")
    _validate_headings(headings)
    owner = {"school": school} if school is not None else {"trust": trust}
    with transaction.atomic():
        template, _created = PassportTemplate.objects.select_for_update().get_or_create(
            **owner, defaults={"updated_by": actor}
        )
        existing = {heading.pk: heading for heading in template.headings.all()}
        kept: set[int] = set()
        for order, item in enumerate(headings):
            row = existing.get(item.pk) if item.pk is not None else None
            if row is not None and row.pk not in kept:
                row.title, row.guidance, row.order = item.title.strip(), item.guidance, order
                row.save(update_fields=["title", "guidance", "order"])
                kept.add(row.pk)
            else:
                PassportHeading.objects.create(
                    template=template, title=item.title.strip(), guidance=item.guidance, order=order
                )
        removed = [pk for pk in existing if pk not in kept]
        PassportHeading.objects.filter(pk__in=removed).delete()
        template.updated_by = actor
        template.save(update_fields=["updated_by", "updated_at"])
        audit_record(
            action=AuditAction.PASSPORT_TEMPLATE_CHANGED,
            actor=actor,
            context=context,
            obj=template,
            school_id=school.pk if school is not None else None,
            detail=f"{'school' if school else 'trust'} {(school or trust).pk}: "
            f"{len(headings)} headings, {len(removed)} removed",
        )
    return template


def passport_save(
    *, actor: User, context: AuditContext, pupil: Pupil, texts: dict[str, str]
) -> Passport:
    """Write a pupil's passport: `texts` maps each section's key (as `passport_sections` gives
    them) to its text. The caller has checked the actor is the school's SENCO. An entry under a
    heading in force takes the heading's current words; one under a heading no longer in force
    keeps its own words, and goes when emptied. Audited (PASSPORT_CHANGED, object the pupil).

    Raises ValidationError (keyed by section) for an entry too long to fit on one page."""
    errors = {}
    for key, text in texts.items():
        if len(text) > MAX_ENTRY_CHARACTERS:
            errors[key] = _(
                "Shorten this to %(count)s characters or fewer, so the passport fits on one page"
            ) % {"count": f"{MAX_ENTRY_CHARACTERS:,}"}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        passport, _created = Passport.objects.select_for_update().get_or_create(
            pupil=pupil, defaults={"school": pupil.school, "updated_by": actor}
        )
        page = passport_page(pupil=pupil)
        for order, section in enumerate(page.sections):
            text = texts.get(section.key, section.text).strip()
            entry = section.entry
            if section.current:
                heading = section.heading
                title = heading.title
                heading_id = heading.pk
                if entry is None and text:
                    PassportEntry.objects.create(
                        passport=passport,
                        heading_id=heading_id,
                        title=title,
                        order=order,
                        text=text,
                    )
                elif entry is not None:
                    entry.text, entry.title, entry.heading_id, entry.order = (
                        text,
                        title,
                        heading_id,
                        order,
                    )
                    entry.save(update_fields=["text", "title", "heading", "order"])
            elif entry is not None and not text:
                entry.delete()
            elif entry is not None:
                entry.text, entry.order = text, order
                entry.save(update_fields=["text", "order"])
        passport.updated_by = actor
        passport.save(update_fields=["updated_by", "updated_at"])
        audit_record(
            action=AuditAction.PASSPORT_CHANGED,
            actor=actor,
            context=context,
            obj=pupil,
            detail="passport",
        )
    return passport
