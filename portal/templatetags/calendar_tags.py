"""Links to the school calendar pages for the people who keep them."""

from django import template

from portal.schools.access import calendar_schools, calendar_trusts, can_manage_calendar
from portal.schools.models import School, Trust

register = template.Library()


@register.inclusion_tag("schools/calendar_links.html", takes_context=True)
def calendar_links(context) -> dict:
    """The dashboard's links: each school whose calendar the user keeps, and each trust whose
    term dates they set."""
    user = context["request"].user
    school_ids, trust_ids = calendar_schools(user), calendar_trusts(user)
    return {
        "schools": list(School.objects.filter(pk__in=school_ids)) if school_ids else [],
        "trusts": list(Trust.objects.filter(pk__in=trust_ids)) if trust_ids else [],
    }


@register.inclusion_tag("schools/school_calendar_link.html", takes_context=True)
def school_calendar_link(context, school: School) -> dict:
    return {"school": school, "show": can_manage_calendar(context["request"].user, school.pk)}
