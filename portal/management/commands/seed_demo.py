"""Demo data: one local authority, a trust of two schools, one school outside it, and people."""

from __future__ import annotations

import datetime
import secrets
from importlib import import_module
from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.app_modules import apps_with_module
from portal.audit.actors import SYSTEM_CONTEXT
from portal.auth.services import AUTHENTICATOR_NAME, otp_backup_codes_issue
from portal.people.models import (
    GuardianLink,
    Invitation,
    StaffMembership,
    StaffRole,
    TrustRole,
    User,
)
from portal.people.services import hash_token
from portal.pupils.models import AreaOfNeed, Pupil, PupilAreaOfNeed, SenStatus, TeachingAssignment
from portal.schools.demo import seed_calendar
from portal.schools.models import LocalAuthority, School, Trust

DEMO_PASSWORD = "demo-portal-2026"
BACKUP_CODES_SHOWN = 3

SCHOOLS = [
    # urn, name, in trust, SENCO, brand colour
    ("100001", "Riverside Primary School", True, ("Priya", "Shah"), "#1d5b6b"),
    ("100002", "Riverside Academy", True, ("Tom", "Evans"), "#4c2c92"),
    ("100003", "Hilltop Community Primary School", False, ("Grace", "Okafor"), "#00703c"),
]
STAFF = [
    (StaffRole.SENCO, "senco"),
    (StaffRole.TEACHER, "teacher"),
    (StaffRole.DSL, "dsl"),
    (StaffRole.HEADTEACHER, "head"),
]
STAFF_NAMES = {
    "100001": {"teacher": ("Amy", "Clarke"), "dsl": ("Ben", "Hughes"), "head": ("Carol", "Lee")},
    "100002": {"teacher": ("Dan", "Morgan"), "dsl": ("Ella", "Price"), "head": ("Femi", "Adeyemi")},
    "100003": {"teacher": ("Gita", "Patel"), "dsl": ("Harry", "Jones"), "head": ("Isla", "Reid")},
}
# urn: (first, last, year, status, areas, home language)
PUPILS = {
    "100001": [
        ("Aisha", "Khan", 3, SenStatus.SEN_SUPPORT, ["communication"], "ur"),
        ("Leo", "Williams", 5, SenStatus.SEN_SUPPORT, ["cognition", "semh"], "en"),
        ("Maja", "Nowak", 1, SenStatus.MONITORING, ["communication"], "pl"),
        ("Owen", "Davies", 6, SenStatus.EHC_PLAN, ["sensory_physical"], "cy"),
        ("Zara", "Ahmed", 4, SenStatus.SEN_SUPPORT, ["semh"], "bn"),
    ],
    "100002": [
        ("Sam", "Khan", 8, SenStatus.SEN_SUPPORT, ["cognition"], "ur"),
        ("Ruby", "Taylor", 10, SenStatus.EHC_PLAN, ["communication", "semh"], "en"),
        ("Yusuf", "Ali", 7, SenStatus.MONITORING, ["cognition"], "so"),
        ("Chloe", "Brown", 9, SenStatus.SEN_SUPPORT, ["sensory_physical"], "en"),
    ],
    "100003": [
        ("Noah", "Green", 2, SenStatus.SEN_SUPPORT, ["communication", "cognition"], "en"),
        ("Lily", "Murphy", 0, SenStatus.MONITORING, ["semh"], "en"),
        ("Mateo", "Silva", 5, SenStatus.EHC_PLAN, ["sensory_physical", "cognition"], "pt"),
    ],
}
# parent email: [(urn, pupil first name, relationship)]
PARENTS = {
    "parent@example.org": (
        "Nadia",
        "Khan",
        [("100001", "Aisha", "mother"), ("100002", "Sam", "mother")],
    ),
    "parent2@example.org": ("Mark", "Green", [("100003", "Noah", "father")]),
}


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_PASSWORDS_ALLOWED", False):
            raise CommandError("Demo data with known passwords is only for development settings.")
        # What each app says about its demo data comes after the sign-ins, so the last lines
        # `make run` prints are the ones to act on (such as a pupil's code to type).
        said = StringIO()
        notes = OutputWrapper(said)
        with transaction.atomic():
            sign_ins = self._seed()
            # Each app may add its own demo data in a `demo` module with a `seed()` function.
            for app in apps_with_module("demo"):
                import_module(f"{app.name}.demo").seed(stdout=notes)
        self._print(sign_ins)
        self.stdout.write(said.getvalue(), ending="")

    def _user(self, email: str, first: str, last: str, **extra) -> User:
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, **extra}
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _second_factor(self, user: User) -> list[str]:
        TOTPDevice.objects.get_or_create(
            user=user, name=AUTHENTICATOR_NAME, defaults={"confirmed": True}
        )
        return otp_backup_codes_issue(actor=user, context=SYSTEM_CONTEXT)

    def _seed(self) -> list[tuple[str, str, list[str]]]:
        authority, _ = LocalAuthority.objects.update_or_create(
            name="Northshire County Council",
            defaults={
                "iass_name": "Northshire SENDIASS",
                "iass_phone": "01632 960 123",
                "iass_email": "sendiass@northshire.example.org",
                "iass_website": "https://sendiass.northshire.example.org/",
                "iass_opening_hours": "Monday to Friday, 9am to 5pm",
                "local_offer_url": "https://localoffer.northshire.example.org/",
            },
        )
        trust, _ = Trust.objects.get_or_create(name="Riverside Learning Trust")
        sign_ins: list[tuple[str, str, list[str]]] = []
        schools: dict[str, School] = {}
        teachers: dict[str, User] = {}
        for urn, name, in_trust, (senco_first, senco_last), colour in SCHOOLS:
            slug = name.split()[0].lower() + urn[-1]
            school, _ = School.objects.update_or_create(
                urn=urn,
                defaults={
                    "name": name,
                    "local_authority": authority,
                    "trust": trust if in_trust else None,
                    "senco_name": f"{senco_first} {senco_last}",
                    "senco_email": f"senco@{slug}.example.org",
                    "senco_phone": "01632 960 2" + urn[-2:],
                    "brand_colour": colour,
                },
            )
            schools[urn] = school
            for role, key in STAFF:
                first, last = (senco_first, senco_last) if key == "senco" else STAFF_NAMES[urn][key]
                user = self._user(f"{key}@{slug}.example.org", first, last)
                StaffMembership.objects.get_or_create(user=user, school=school, role=role)
                sign_ins.append((f"{role.label}, {name}", user.email, self._second_factor(user)))
                if key == "teacher":
                    teachers[urn] = user
        lead = self._user("send.lead@riverside-trust.example.org", "Jo", "Bennett")
        TrustRole.objects.get_or_create(user=lead, trust=trust)
        sign_ins.append(("Trust SEND lead", lead.email, self._second_factor(lead)))
        admin = self._user(
            "admin@example.org", "Site", "Administrator", is_staff=True, is_superuser=True
        )
        sign_ins.append(
            ("Site administrator (CMS and Django admin)", admin.email, self._second_factor(admin))
        )

        pupils: dict[tuple[str, str], Pupil] = {}
        for urn, rows in PUPILS.items():
            school = schools[urn]
            for index, (first, last, year, status, areas, language) in enumerate(rows):
                birth_year = timezone.now().year - year - 5
                pupil, _ = Pupil.objects.update_or_create(
                    school=school,
                    legal_first_name=first,
                    legal_last_name=last,
                    defaults={
                        "date_of_birth": datetime.date(
                            birth_year, 1 + (index * 3) % 12, 10 + index
                        ),
                        "year_group": year,
                        "sen_status": status,
                        "home_language": language,
                        "upn": f"{'ABCDEFGHJK'[index]}{urn}{index:05d}{year % 10}",
                    },
                )
                PupilAreaOfNeed.objects.filter(pupil=pupil).exclude(area__in=areas).delete()
                for area in areas:
                    PupilAreaOfNeed.objects.get_or_create(pupil=pupil, area=AreaOfNeed(area))
                pupils[(urn, first)] = pupil
                if index < 2:
                    TeachingAssignment.objects.get_or_create(
                        pupil=pupil,
                        teacher=teachers[urn],
                        defaults={"assigned_by": teachers[urn]},
                    )

        for email, (first, last, children) in PARENTS.items():
            parent = self._user(email, first, last)
            sign_ins.append(("Parent", parent.email, []))
            for urn, child, relationship in children:
                pupil = pupils[(urn, child)]
                if GuardianLink.objects.filter(parent=parent, pupil=pupil).exists():
                    continue
                senco = StaffMembership.objects.get(school=pupil.school, role=StaffRole.SENCO).user
                now = timezone.now()
                invitation = Invitation.objects.create(
                    pupil=pupil,
                    email=email,
                    relationship=relationship,
                    has_parental_responsibility=True,
                    token_hash=hash_token(secrets.token_urlsafe(32)),
                    invited_by=senco,
                    created_at=now,
                    expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
                    accepted_at=now,
                    accepted_by=parent,
                )
                GuardianLink.objects.create(
                    parent=parent,
                    pupil=pupil,
                    relationship=relationship,
                    has_parental_responsibility=True,
                    invitation=invitation,
                )
        seed_calendar(schools=schools)
        return sign_ins

    def _print(self, sign_ins) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data is ready."))
        out.write(f"Every demo account's password: {DEMO_PASSWORD}")
        out.write(
            "Staff sign in with a second factor: enter one of their backup codes (each works once)."
        )
        for role, email, codes in sign_ins:
            shown = ", ".join(codes[:BACKUP_CODES_SHOWN])
            out.write(f"  {role:<48} {email:<42} {('backup codes: ' + shown) if codes else ''}")
        out.write(
            "A SEN register to import (SENCO > Import pupils from a CSV file): "
            "portal/pupils/fixtures/demo_register.csv"
        )
        out.write("Emails (invitations, notifications) are sent by the worker to this console.")
