"""manage.py seed_demo: write the demo school (Riverside Community High School)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tandem.demo import generator
from tandem.demo.conferences import seed_demo_conferences
from tandem.demo.evidence import seed_demo_evidence
from tandem.demo.meetings import seed_demo_meetings
from tandem.demo.outreach import seed_demo_outreach
from tandem.demo.plans import seed_demo_plans
from tandem.demo.quality import seed_demo_quality
from tandem.demo.records import seed_demo_records
from tandem.schools.models import School


class Command(BaseCommand):
    help = "Create the demo school with its staff, students and families (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--students", type=int, default=300, help="how many students (default 300)"
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="the same seed gives the same people"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has a school",
        )

    def handle(self, *args, students, seed, if_empty, **options):
        if students < generator.MIN_STUDENTS:
            raise CommandError(f"The demo school needs at least {generator.MIN_STUDENTS} students.")
        if if_empty and School.objects.exists():
            self.stdout.write("The database already has a school; not seeding the demo school.")
            return
        if generator.demo_school() is not None:
            raise CommandError(
                f"{generator.SCHOOL_NAME} already exists. Seed a fresh database, or pass "
                "--if-empty to keep this one."
            )
        started = time.perf_counter()
        try:
            with transaction.atomic():
                # One "today" for the whole demo: the school's, passed to every part.
                today = generator.demo_today()
                summary = generator.build_demo_school(students=students, seed=seed, today=today)
                school = summary.school
                plans = seed_demo_plans(school, seed=seed, today=today)
                outreach = seed_demo_outreach(school, seed=seed, today=today)
                evidence = seed_demo_evidence(school, seed=seed, today=today)
                evidence |= seed_demo_conferences(school, seed=seed, today=today)
                evidence |= seed_demo_records(school, seed=seed, today=today)
                evidence |= seed_demo_meetings(school, seed=seed, today=today)
                evidence |= seed_demo_quality(school, seed=seed, today=today)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {summary.school.name}, {summary.year.name} (seed {seed}) "
                f"in {seconds:.1f} s:"
            )
        )
        width = max(len(label) for label in summary.counts)
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6}")
        for state, count in plans.items():
            self.stdout.write(f"  {'plans ' + state.replace('_', ' '):<{width}}  {count:>6}")
        for label, count in outreach.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6}")
        for label, count in evidence.items():
            self.stdout.write(f"  {label:<{width}}  {count:>6}")
        self.stdout.write("Sign-in details: manage.py demo_logins")
