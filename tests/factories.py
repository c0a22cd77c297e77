"""Factories for the domain core. Rows are real: they go through the database."""

import datetime
import secrets

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.people.models import (
    GuardianLink,
    Invitation,
    StaffMembership,
    StaffRole,
    TrustRole,
    User,
)
from portal.people.services import hash_token
from portal.pupils.models import Pupil, PupilAreaOfNeed, SenStatus, TeachingAssignment
from portal.schools.models import LocalAuthority, School, Trust

PASSWORD = "correct-horse-battery"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    name = factory.Sequence(lambda n: f"Authority {n} Council")
    iass_name = factory.LazyAttribute(lambda o: f"{o.name.split()[0]} {o.name.split()[1]} SENDIASS")
    iass_phone = "01632 960 000"
    iass_email = factory.Sequence(lambda n: f"iass{n}@la.example.org")
    iass_website = factory.Sequence(lambda n: f"https://iass{n}.example.org/")
    iass_opening_hours = "Monday to Friday, 9am to 5pm"
    local_offer_url = factory.Sequence(lambda n: f"https://localoffer{n}.example.org/")


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Trust {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{200000 + n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    trust = None
    senco_name = "Sam SENCO"
    senco_email = factory.Sequence(lambda n: f"senco{n}@school.example.org")
    senco_phone = "01632 960 111"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = StaffRole.TEACHER


class TrustRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustRole

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    legal_first_name = factory.Sequence(lambda n: f"Pupil{n}")
    legal_last_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = datetime.date(2016, 3, 4)
    year_group = 4
    sen_status = SenStatus.SEN_SUPPORT
    home_language = "en"

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            for area in extracted or ["communication"]:
                PupilAreaOfNeed.objects.create(pupil=obj, area=area)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; the raw token is on `.token`."""

    class Meta:
        model = Invitation

    pupil = factory.SubFactory(PupilFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    relationship = "mother"
    has_parental_responsibility = True
    invited_by = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=7))

    @classmethod
    def create(cls, **kwargs):
        token = secrets.token_urlsafe(32)
        kwargs.setdefault("token_hash", hash_token(token))
        instance = super().create(**kwargs)
        instance.token = token
        return instance


def link_parent(parent: User, pupil: Pupil, relationship: str = "mother") -> GuardianLink:
    """A parent linked to a pupil the only way the product allows: an accepted invitation."""
    invitation = InvitationFactory.create(
        pupil=pupil,
        email=parent.email,
        relationship=relationship,
        accepted_at=timezone.now(),
        accepted_by=parent,
    )
    return GuardianLink.objects.create(
        parent=parent,
        pupil=pupil,
        relationship=relationship,
        has_parental_responsibility=True,
        invitation=invitation,
    )


def assign_teacher(teacher: User, pupil: Pupil) -> TeachingAssignment:
    return TeachingAssignment.objects.create(pupil=pupil, teacher=teacher, assigned_by=teacher)


# Meetings (portal/support/meetings) ---------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting proposed a week from now; pass record_status="shared" (with shared_at) for a
    shared record."""

    class Meta:
        model = "support_meetings.Meeting"

    pupil = factory.SubFactory(PupilFactory)
    school = factory.LazyAttribute(lambda o: o.pupil.school)
    kind = "review"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    location = "The SENCO's office"
    outcomes_agreed = "Aisha will read with an adult three times a week."


class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support_meetings.NextStep"

    meeting = factory.SubFactory(MeetingFactory)
    action = "Send the reading diary home every Friday."
    owner = "school"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


# Support plans ----------------------------------------------------------------------------------


class InterventionFactory(factory.django.DjangoModelFactory):
    """An entry of a school's provision map."""

    class Meta:
        model = "support_plans.Intervention"

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Intervention {n}")
    group_size = 4
    staff_minutes_per_week = 90


def make_plan(
    pupil: Pupil,
    senco: User,
    *,
    outcomes: tuple[str, ...] = ("Reads a short book on their own",),
    support: tuple[tuple[str, str], ...] = (("Daily phonics group", "additional"),),
    share: bool = True,
    review_date: datetime.date | None = None,
):
    """A cycle built the way the SENCO builds one, through the services: the next cycle of the
    pupil (cycle 1 when there is none), with outcomes, support (description, core/additional),
    an expected impact and a review date; shared with the parents unless `share` is False."""
    from portal.audit.actors import AuditContext
    from portal.support.plans import services

    context = AuditContext()
    cycle = services.cycle_start(actor=senco, context=context, pupil=pupil)
    existing = cycle.outcomes.count()
    if not existing:
        for wording in outcomes:
            services.outcome_add(
                actor=senco,
                context=context,
                cycle=cycle,
                details=services.OutcomeDetails(
                    parent_wording=wording, child_wording=f"I can: {wording.lower()}"
                ),
            )
    for description, provision_type in support:
        services.support_item_add(
            actor=senco,
            context=context,
            cycle=cycle,
            details=services.SupportDetails(
                description=description, provision_type=provision_type, sessions_per_week=5
            ),
        )
    cycle = services.cycle_plan_update(
        actor=senco,
        context=context,
        cycle=cycle,
        expected_impact="Reads with more confidence in class.",
        expected_impact_staff_only=False,
        review_date=review_date or (timezone.localdate() + datetime.timedelta(days=60)),
        staff_notes="Mum finds mornings hard.",
    )
    if share:
        services.plan_share(actor=senco, context=context, cycle=cycle)
        cycle.refresh_from_db()
    return cycle


def review_plan(cycle, senco: User, *, score: int = 3, scores: dict | None = None):
    """Record the review of a shared cycle, every outcome at `score` unless `scores` says."""
    from portal.audit.actors import AuditContext
    from portal.support.plans import services

    progress = {
        outcome.pk: services.ProgressEntry(
            score=(scores or {}).get(outcome.parent_wording, score), comment="Steady."
        )
        for outcome in cycle.outcomes.all()
    }
    return services.review_record(
        actor=senco,
        context=AuditContext(),
        cycle=cycle,
        held_on=timezone.localdate(),
        assessment_still_holds="yes",
        assessment_note="",
        summary="A good term.",
        progress=progress,
    )
