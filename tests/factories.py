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
