"""Scale data for the benchmark: a trust of many schools under one local authority, each with
staff, an SEN register, parents linked by accepted invitations, pending invitations,
notifications and audit rows; plus one large and one small school. Rows are made in bulk.

Idempotent by adding only what is missing: each school has a fixed URN, and a school that is
already there is left as it is (its volumes are not changed). Running it again with a larger
`--schools` adds the schools that are missing, which is how the benchmark measures the same
pages at 1 school and at 50. The manifest is always rewritten from the database.

The portal holds a school's SEN register, not its whole roll: every pupil row has an SEN status.
`--pupils` is the number on roll, and a fifth of them (the register) are made.
"""

from __future__ import annotations

import datetime
import json
import random
import secrets
import time
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.app_modules import apps_with_module
from portal.audit.actors import SYSTEM_CONTEXT
from portal.audit.models import AuditAction
from portal.audit.services import audit_record, audit_record_each
from portal.auth.services import AUTHENTICATOR_NAME
from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
)
from portal.people.models import (
    GuardianLink,
    Invitation,
    Relationship,
    StaffMembership,
    StaffRole,
    TrustRole,
    User,
)
from portal.people.services import hash_token
from portal.pupils.models import AreaOfNeed, Pupil, PupilAreaOfNeed, SenStatus, TeachingAssignment
from portal.schools.models import LocalAuthority, School, Trust


@dataclass(frozen=True)
class ScaleSchool:
    """What a journey's `scale.seed_school(school=...)` is given for one new school: its people
    and pupils as made, the parents' links, and a seeded random source (the same every run)."""

    school: School
    senco: User
    headteacher: User
    teachers: list[User]
    pupils: list[Pupil]
    links: list[GuardianLink]
    rng: random.Random
    now: datetime.datetime


def journey_scale_modules() -> list:
    """Each app above the core may add its records to every new school in a `scale` module with
    `seed_school(school: ScaleSchool)` (and may add to the manifest with `manifest() -> dict`):
    the core names no app above it."""
    return [import_module(f"{app.name}.scale") for app in apps_with_module("scale")]


AUTHORITY_NAME = "Scaleshire County Council"
TRUST_NAME = "Scale Learning Trust"
TRUST_LEAD_EMAIL = "send.lead@scale-trust.example.org"
# Ordinary schools are 700001, 700002...; the small and the large school have URNs of their own.
FIRST_URN = 700_001
SMALL_URN = "709998"
BIG_URN = "709999"
EMAIL_DOMAIN = "scale.example.org"

FIRST_NAMES = [
    "Aisha",
    "Amelia",
    "Ava",
    "Ben",
    "Chloe",
    "Daniel",
    "Eden",
    "Ella",
    "Freya",
    "George",
    "Grace",
    "Hamza",
    "Harry",
    "Isla",
    "Ivy",
    "Jack",
    "Jacob",
    "Kai",
    "Layla",
    "Leo",
    "Lily",
    "Maja",
    "Mason",
    "Mia",
    "Mohammed",
    "Noah",
    "Olivia",
    "Oscar",
    "Priya",
    "Ruby",
    "Sofia",
    "Theo",
    "Yusuf",
    "Zara",
    "Zoe",
    "Ali",
    "Bethan",
    "Cerys",
    "Dylan",
    "Emre",
    "Fatima",
    "Ibrahim",
    "Jun",
    "Kofi",
    "Lucia",
    "Mateo",
    "Nia",
    "Rhys",
]
LAST_NAMES = [
    "Ahmed",
    "Ali",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hughes",
    "Jones",
    "Khan",
    "Lee",
    "Martin",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Patel",
    "Price",
    "Reid",
    "Roberts",
    "Shah",
    "Silva",
    "Smith",
    "Taylor",
    "Thomas",
    "Walker",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Nguyen",
    "Kowalski",
    "Adeyemi",
    "Begum",
    "Hussain",
    "Jenkins",
    "Lewis",
    "Owen",
]
LANGUAGES = ["en"] * 12 + ["ur", "pl", "bn", "pa", "so", "pt", "ro", "cy", ""]
STATUSES = [SenStatus.MONITORING] * 5 + [SenStatus.SEN_SUPPORT] * 12 + [SenStatus.EHC_PLAN] * 3
AREAS = list(AreaOfNeed)
PARENT_RELATIONSHIPS = [Relationship.MOTHER, Relationship.FATHER]
OTHER_RELATIONSHIPS = [Relationship.CARER, Relationship.GUARDIAN, Relationship.OTHER]


class Command(BaseCommand):
    help = (
        "Create scale data for the benchmark: N schools in one trust (about 250 pupils on roll "
        "each, a fifth on the SEN register), a large and a small school, and a manifest of the "
        "accounts the benchmark signs in as. Adds only what is missing; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=50, help="ordinary schools (50)")
        parser.add_argument(
            "--pupils",
            type=int,
            default=250,
            help="pupils on roll per ordinary school (250); a fifth are on the SEN register",
        )
        parser.add_argument(
            "--big-school-pupils",
            type=int,
            default=1000,
            help="pupils on the large school's SEN register (1000; 0 for no large school)",
        )
        parser.add_argument(
            "--small-school-pupils",
            type=int,
            default=40,
            help="pupils on the small school's SEN register (40; 0 for no small school)",
        )
        parser.add_argument(
            "--manifest",
            type=Path,
            default=None,
            help="where to write the manifest JSON (default VAR_DIR/scale.json)",
        )

    def handle(self, *args, **options):
        if options["schools"] < 1:
            raise CommandError("--schools must be at least 1.")
        if options["pupils"] < 5:
            raise CommandError("--pupils must be at least 5 (a fifth of them on the register).")
        started = time.monotonic()
        # Known passwords only where demo passwords are allowed; elsewhere nobody can sign in
        # with a password and the benchmark makes its sessions in the database.
        demo = getattr(settings, "DEMO_PASSWORDS_ALLOWED", False)
        self.password_hash = make_password(DEMO_PASSWORD if demo else None)
        self.now = timezone.now()
        authority, trust, lead = self._authority_and_trust()
        plan = [
            (str(FIRST_URN + index), f"Scale School {index + 1}", options["pupils"] // 5)
            for index in range(options["schools"])
        ]
        if options["small_school_pupils"] > 0:
            plan.append((SMALL_URN, "Scale Small Primary School", options["small_school_pupils"]))
        if options["big_school_pupils"] > 0:
            plan.append((BIG_URN, "Scale Large Academy", options["big_school_pupils"]))
        urns = [urn for urn, _, _ in plan]
        existing = set(School.objects.filter(urn__in=urns).values_list("urn", flat=True))
        made = 0
        for urn, name, register_size in plan:
            if urn in existing:
                continue
            with transaction.atomic():
                self._school(
                    urn=urn,
                    name=name,
                    register_size=register_size,
                    authority=authority,
                    trust=trust,
                )
            made += 1
            if made % 10 == 0:
                self.stdout.write(f"  {made} schools made")
        manifest = self._manifest(trust=trust, lead=lead, demo=demo)
        path = options["manifest"] or Path(settings.VAR_DIR) / "scale.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data: {made} schools made, {len(existing)} already there; "
                f"{manifest['totals']['pupils']} pupils in the trust; "
                f"{time.monotonic() - started:.1f} s. Manifest: {path}"
            )
        )

    # Building ------------------------------------------------------------------------------

    def _users(self, rows: list[tuple[str, str, str]]) -> list[User]:
        users = User.objects.bulk_create(
            [
                User(email=email, first_name=first, last_name=last, password=self.password_hash)
                for email, first, last in rows
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        return users

    def _authority_and_trust(self) -> tuple[LocalAuthority, Trust, User]:
        with transaction.atomic():
            authority, _ = LocalAuthority.objects.get_or_create(
                name=AUTHORITY_NAME,
                defaults={
                    "iass_name": "Scaleshire SENDIASS",
                    "iass_phone": "01632 960 700",
                    "iass_email": "sendiass@scaleshire.example.org",
                    "iass_website": "https://sendiass.scaleshire.example.org/",
                    "iass_opening_hours": "Monday to Friday, 9am to 5pm",
                    "local_offer_url": "https://localoffer.scaleshire.example.org/",
                },
            )
            trust, _ = Trust.objects.get_or_create(name=TRUST_NAME)
            lead = User.objects.filter(email=TRUST_LEAD_EMAIL).first()
            if lead is None:
                (lead,) = self._users([(TRUST_LEAD_EMAIL, "Morgan", "Ellis")])
                TrustRole.objects.create(user=lead, trust=trust)
                TOTPDevice.objects.create(user=lead, name=AUTHENTICATOR_NAME, confirmed=True)
        return authority, trust, lead

    def _school(
        self, *, urn: str, name: str, register_size: int, authority: LocalAuthority, trust: Trust
    ) -> School:
        # Made-up data, the same on every run: not for secrets.
        rng = random.Random(int(urn))  # noqa: S311
        domain = f"s{urn}.{EMAIL_DOMAIN}"
        secondary = urn == BIG_URN
        school = School.objects.create(
            name=name,
            urn=urn,
            local_authority=authority,
            trust=trust,
            senco_name="Scale SENCO",
            senco_email=f"senco@{domain}",
            senco_phone="01632 960 800",
        )

        # Staff: a SENCO, a headteacher, a DSL, an administrator, and about one teacher or
        # teaching assistant for every five pupils on the register (a class of 25-30 on roll).
        teacher_count = min(60, max(2, register_size // 5))
        staff_rows = [
            (f"senco@{domain}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
            (f"head@{domain}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
            (f"dsl@{domain}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
            (f"office@{domain}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
        ] + [
            (f"teacher{n}@{domain}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            for n in range(1, teacher_count + 1)
        ]
        staff = self._users(staff_rows)
        senco, head, dsl, office, *teachers = staff
        roles = [StaffRole.SENCO, StaffRole.HEADTEACHER, StaffRole.DSL, StaffRole.SCHOOL_ADMIN]
        StaffMembership.objects.bulk_create(
            [
                StaffMembership(user=user, school=school, role=role)
                for user, role in zip(staff, roles, strict=False)
            ]
            + [StaffMembership(user=t, school=school, role=StaffRole.TEACHER) for t in teachers]
        )
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user=u, name=AUTHENTICATOR_NAME, confirmed=True) for u in staff]
        )

        # The register: statuses and areas of need in roughly national proportions.
        years = range(7, 12) if secondary else range(0, 7)
        this_year = self.now.year
        pupils = []
        for index in range(register_size):
            year = rng.choice(years)
            pupils.append(
                Pupil(
                    school=school,
                    legal_first_name=rng.choice(FIRST_NAMES),
                    legal_last_name=rng.choice(LAST_NAMES),
                    preferred_name=rng.choice(FIRST_NAMES) if rng.random() < 0.05 else "",
                    date_of_birth=datetime.date(
                        this_year - year - 5, rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    year_group=year,
                    upn=f"{'ABCDEFGHJKLMNPQRTUVWXYZ'[index % 23]}{urn[-6:]}{index:05d}{year % 10}",
                    sen_status=rng.choice(STATUSES),
                    home_language=rng.choice(LANGUAGES),
                )
            )
        pupils = Pupil.objects.bulk_create(pupils)
        PupilAreaOfNeed.objects.bulk_create(
            [
                PupilAreaOfNeed(pupil=pupil, area=area)
                for pupil in pupils
                for area in rng.sample(AREAS, rng.choice([1, 1, 1, 2, 2, 3]))
            ]
        )
        TeachingAssignment.objects.bulk_create(
            [
                TeachingAssignment(pupil=pupil, teacher=teacher, assigned_by=senco)
                for pupil in pupils
                for teacher in rng.sample(teachers, min(len(teachers), rng.choice([1, 1, 2])))
            ]
        )

        # Parents and carers: most children have one or two linked (by an accepted invitation,
        # the only way the product links them); some share a parent with a sibling; some have
        # only a pending, expired or withdrawn invitation.
        parent_rows: list[tuple[str, str, str]] = []
        links: list[tuple[int, int, str]] = []  # (parent row, pupil index, relationship)
        waiting: list[tuple[int, str]] = []  # (pupil index, kind of invitation)
        for index, pupil in enumerate(pupils):
            draw = rng.random()
            if draw < 0.12:
                waiting.append((index, rng.choice(["pending", "pending", "expired", "revoked"])))
                continue
            if draw < 0.20 and parent_rows:
                links.append((len(parent_rows) - 1, index, rng.choice(PARENT_RELATIONSHIPS)))
                continue
            for relationship in (
                rng.sample(PARENT_RELATIONSHIPS, 2)
                if rng.random() < 0.35
                else [rng.choice(PARENT_RELATIONSHIPS + OTHER_RELATIONSHIPS[:1])]
            ):
                parent_rows.append(
                    (
                        f"parent{len(parent_rows) + 1}@{domain}",
                        rng.choice(FIRST_NAMES),
                        pupil.legal_last_name,
                    )
                )
                links.append((len(parent_rows) - 1, index, relationship))
        parents = self._users(parent_rows)
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=parent, delivery=Delivery.DAILY_DIGEST)
                for parent in parents
                if rng.random() < 0.3
            ]
        )

        sent_at = self.now - datetime.timedelta(days=30)
        valid = datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
        invitation_rows = [
            (pupils[pupil_index], parents[parent_index].email, relationship, parents[parent_index])
            for parent_index, pupil_index, relationship in links
        ] + [
            (pupils[pupil_index], f"invited{n}@{domain}", rng.choice(PARENT_RELATIONSHIPS), kind)
            for n, (pupil_index, kind) in enumerate(waiting, start=1)
        ]
        emails = OutboundEmail.objects.bulk_create(
            [
                OutboundEmail(
                    to=email,
                    subject=f"Link to {pupil.display_name}'s page in the SEN Support portal",
                    body="An invitation link (scale data).",
                    status=EmailStatus.SENT,
                    attempts=1,
                    created_at=sent_at,
                    sent_at=sent_at,
                    requested_by=senco,
                )
                for pupil, email, _, _ in invitation_rows
            ]
        )
        invitations = []
        for (pupil, email, relationship, outcome), outbound in zip(
            invitation_rows, emails, strict=True
        ):
            accepted_by = outcome if isinstance(outcome, User) else None
            created = self.now - datetime.timedelta(
                days=(10 if outcome == "expired" else 2) if accepted_by is None else 30
            )
            invitations.append(
                Invitation(
                    pupil=pupil,
                    email=email,
                    relationship=relationship,
                    has_parental_responsibility=relationship in PARENT_RELATIONSHIPS,
                    token_hash=hash_token(secrets.token_urlsafe(32)),
                    invited_by=senco,
                    created_at=created,
                    expires_at=created + valid,
                    accepted_at=created + datetime.timedelta(days=1) if accepted_by else None,
                    accepted_by=accepted_by,
                    revoked_at=created + datetime.timedelta(days=1)
                    if outcome == "revoked"
                    else None,
                    outbound_email=outbound,
                )
            )
        invitations = Invitation.objects.bulk_create(invitations)
        accepted = [inv for inv in invitations if inv.accepted_by_id]
        guardian_links = GuardianLink.objects.bulk_create(
            [
                GuardianLink(
                    parent=inv.accepted_by,
                    pupil=inv.pupil,
                    relationship=inv.relationship,
                    has_parental_responsibility=inv.has_parental_responsibility,
                    invitation=inv,
                )
                for inv in accepted
            ]
        )

        # What those acceptances told people, most of it read.
        notifications = []
        for inv in accepted:
            url = reverse("portal:pupil_detail", args=[inv.pupil_id])
            read_at = self.now if rng.random() < 0.8 else None
            notifications.append(
                Notification(
                    recipient=senco,
                    kind=NotificationKind.INVITATION_ACCEPTED,
                    text=f"{inv.email} accepted the invitation for {inv.pupil.display_name}.",
                    url=url,
                    created_at=inv.accepted_at,
                    read_at=read_at,
                )
            )
            notifications.append(
                Notification(
                    recipient=inv.accepted_by,
                    kind=NotificationKind.CHILD_LINKED,
                    text=(
                        f"You can now see {inv.pupil.display_name}'s page for {school.name}: "
                        "who works with them and how to contact the SENCO."
                    ),
                    url=url,
                    created_at=inv.accepted_at,
                    read_at=read_at,
                )
            )
        Notification.objects.bulk_create(notifications)

        # The audit trail, through the audit service so that the chain stays whole: pupils
        # added, invitations sent and accepted, the register read and records opened.
        audit_record_each(
            action=AuditAction.PUPIL_CREATED, actor=senco, context=SYSTEM_CONTEXT, objects=pupils
        )
        audit_record_each(
            action=AuditAction.INVITATION_SENT,
            actor=senco,
            context=SYSTEM_CONTEXT,
            objects=invitations,
        )
        accepted_by_parent: dict[int, list[Invitation]] = {}
        for inv in accepted:
            accepted_by_parent.setdefault(inv.accepted_by_id, []).append(inv)
        parents_by_id = {parent.pk: parent for parent in parents}
        for parent_id, parent_invitations in accepted_by_parent.items():
            audit_record_each(
                action=AuditAction.INVITATION_ACCEPTED,
                actor=parents_by_id[parent_id],
                context=SYSTEM_CONTEXT,
                objects=parent_invitations,
            )
        for reader in (senco, head, dsl):
            audit_record(
                action=AuditAction.REGISTER_VIEWED,
                actor=reader,
                context=SYSTEM_CONTEXT,
                school_id=school.pk,
                detail="status= area=",
            )
        audit_record_each(
            action=AuditAction.PUPIL_VIEWED,
            actor=senco,
            context=SYSTEM_CONTEXT,
            objects=rng.sample(pupils, len(pupils) // 2),
        )
        made = ScaleSchool(
            school=school,
            senco=senco,
            headteacher=head,
            teachers=teachers,
            pupils=pupils,
            links=guardian_links,
            rng=rng,
            now=self.now,
        )
        for module in journey_scale_modules():
            module.seed_school(made)
        return school

    # The manifest ---------------------------------------------------------------------------

    def _senco(self, urn: str) -> dict | None:
        school = School.objects.filter(urn=urn).first()
        if school is None:
            return None
        senco = StaffMembership.objects.get(school=school, role=StaffRole.SENCO).user
        return {
            "email": senco.email,
            "user_id": senco.pk,
            "school_id": school.pk,
            "register_size": Pupil.objects.filter(school=school).count(),
        }

    def _manifest(self, *, trust: Trust, lead: User, demo: bool) -> dict:
        first = School.objects.get(urn=str(FIRST_URN))
        # A parent of the first school with one child, linked: the same person at every size.
        link = (
            GuardianLink.objects.filter(pupil__school=first, revoked_at__isnull=True)
            .select_related("parent")
            .order_by("parent__email")
            .first()
        )
        report = (
            School.objects.exclude(sen_report_url="")
            .order_by("urn")
            .values_list("sen_report_url", flat=True)
        ).first()
        schools = School.objects.filter(trust=trust)
        return {
            "password": DEMO_PASSWORD if demo else None,
            "parent": {
                "email": link.parent.email,
                "user_id": link.parent_id,
                "pupil_id": link.pupil_id,
                "school_id": first.pk,
            },
            "senco": self._senco(str(FIRST_URN)),
            "senco_small": self._senco(SMALL_URN),
            "senco_big": self._senco(BIG_URN),
            "trust_lead": {"email": lead.email, "user_id": lead.pk, "trust_id": trust.pk},
            "report_path": report or None,
            "journeys": {
                module.__name__.rsplit(".", 1)[0]: module.manifest()
                for module in journey_scale_modules()
                if hasattr(module, "manifest")
            },
            "totals": {
                "schools": schools.count(),
                "pupils": Pupil.objects.filter(school__trust=trust).count(),
                "parent_links": GuardianLink.objects.filter(pupil__school__trust=trust).count(),
            },
        }
