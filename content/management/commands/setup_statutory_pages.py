"""Create the site-wide statutory pages (accessibility statement, privacy notices) from their
default text, on any database: run it on every deployment. Never overwrites an editor's work."""

from django.core.management.base import BaseCommand, CommandError

from content.models import HomePage
from content.services import statutory_pages_set_up


class Command(BaseCommand):
    help = (
        "Create the accessibility statement and the privacy notices under the home page if "
        "missing, from content/fixtures/statutory/. Pages an editor has touched are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--contact-email",
            required=True,
            help="Where readers send accessibility requests and data protection questions.",
        )
        parser.add_argument("--contact-phone", default="", help="A phone number for the same.")

    def handle(self, *args, contact_email, contact_phone, **options):
        home = HomePage.objects.filter(locale__language_code="en").first()
        if home is None:
            raise CommandError("There is no English home page yet: run the migrations first.")
        outcome = statutory_pages_set_up(
            home=home, contact_email=contact_email, contact_phone=contact_phone
        )
        for slug, result in outcome.items():
            self.stdout.write(f"{slug}: {result}")
