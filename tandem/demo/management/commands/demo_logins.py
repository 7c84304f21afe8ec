"""manage.py demo_logins: who to sign in as in the demo school, and what each will see."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.demo import generator
from tandem.demo.logins import demo_logins


class Command(BaseCommand):
    help = "Print the demo school's logins: one per role, with the password."

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            self.stdout.write(
                f"There is no demo school ({generator.SCHOOL_NAME}) in this database. "
                "Create one with: manage.py seed_demo"
            )
            return
        rows = [("Role", "E-mail", "Password", "Name")] + [
            (login.role, login.email, login.password, login.name) for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        rule = "  ".join("-" * width for width in widths)
        self.stdout.write(f"\nTandem demo: {generator.SCHOOL_NAME}, open {settings.SITE_URL}\n")
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if number == 0:
                self.stdout.write(rule)
        self.stdout.write("\nWhat each sees:")
        for login in logins:
            self.stdout.write(f"  {login.role}: {login.sees}")
        self.stdout.write(
            "\nFamilies and students can also ask for a sign-in link instead of a password: "
            "the demo sends no mail, the link prints in the terminal running the server.\n"
        )
