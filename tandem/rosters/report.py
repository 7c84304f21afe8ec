"""What an import did, or would do: counts per kind, what was left out, and every problem.

The same report is printed by `manage.py import_oneroster` (as a table or `--report json`),
shown on the preview page, and kept as the summary of the ImportRun.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .oneroster import Problem

KINDS = {
    "schools": _("Schools"),
    "years": _("School years"),
    "terms": _("Terms"),
    "students": _("Students"),
    "caregivers": _("Caregivers"),
    "staff": _("Staff"),
    "households": _("Households"),
    "guardianships": _("Guardianships"),
    "advisories": _("Advisories"),
    "course_records": _("Course records"),
}
ACTIONS = ("created", "updated", "unchanged", "deactivated")
ACTION_LABELS = {
    "created": _("Created"),
    "updated": _("Updated"),
    "unchanged": _("Unchanged"),
    "deactivated": _("Deactivated"),
}
# Why rows were read but not kept: key -> what a person reads.
IGNORED = {
    "enrollments_not_students": _("enrollments of teachers and other staff"),
    "enrollments_without_student": _(
        "enrollments of students Tandem does not keep (outside grades 6–12, or at another school)"
    ),
    "classes_homeroom": _("homeroom classes (not courses)"),
    "classes_without_course": _("classes whose course or school year is not in the package"),
    "line_items_not_final": _("gradebook line items that are not a final grade"),
    "results_not_final": _("gradebook results that are not a final grade"),
    "demographics": _("demographics (Tandem keeps none of them)"),
    "orgs_not_school": _("organizations that are not schools (districts, departments …)"),
    "sessions_nested": _("grading periods inside a term"),
    "roles_without_access": _("roles without record access (aide, proctor, system admin …)"),
    "roles_not_at_school": _("roles at an organization that is not a school"),
    "outside_school": _("roles at other schools than the one being imported"),
    "students_outside_grades": _("students outside grades 6–12, or with no grade"),
    "staff_without_email": _("staff with no e-mail address (they could not sign in)"),
    "caregivers_without_student": _("caregivers linked to no student of the school"),
    "people_without_row": _("roles of people who are neither in users.csv nor in Tandem"),
}
# The most problems kept in a stored summary; the totals are always exact.
KEEP_PROBLEMS = 1000
# A year or term made in Tandem that the import took for one of the package's, and why.
MATCHED = {
    ("years", "name"): _("School year %(title)s → matched the existing %(existing)s by name"),
    ("years", "dates"): _("School year %(title)s → matched the existing %(existing)s by its dates"),
    ("terms", "name"): _("Term %(title)s of %(year)s → matched the existing %(existing)s by name"),
    ("terms", "dates"): _(
        "Term %(title)s of %(year)s → matched the existing %(existing)s by its dates"
    ),
}


@dataclass
class Report:
    version: str = ""
    files: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    skip_bad_rows: bool = False
    written: bool = False
    counts: defaultdict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    ignored: Counter = field(default_factory=Counter)
    files_ignored: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    schools: list[int] = field(default_factory=list)  # ids of the schools it covered
    fatal: bool = False  # the package cannot be imported at all, bad rows skipped or not
    # Years and terms made in Tandem that the package's were matched to (see `match`).
    matched: list[dict] = field(default_factory=list)
    # What is counted (key -> label): a roster's records, or another import's (tandem.evidence).
    kinds: dict = field(default_factory=lambda: KINDS)

    def count(self, kind: str, action: str, number: int = 1) -> None:
        assert kind in self.kinds and action in ACTIONS, (kind, action)
        if number:
            self.counts[kind][action] += number

    def match(self, kind, school, title: str, existing: str, by: str, year: str = "") -> None:
        """The package's year or term `title` is the school's `existing` one, by name or by
        dates; kept as data so the page says it in the reader's language."""
        self.matched.append(
            {
                "kind": kind,
                "school": str(school),
                "title": title,
                "existing": existing,
                "by": by,
                "year": year,
            }
        )

    def error(self, file: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(Problem(file, row, column, message))

    def warn(self, file: str, row: int | None, column: str, message: str) -> None:
        self.warnings.append(Problem(file, row, column, message))

    @property
    def changes(self) -> int:
        return sum(
            counter[action]
            for counter in self.counts.values()
            for action in ("created", "updated", "deactivated")
        )

    def as_dict(self, *, limit: int | None = None) -> dict:
        """The JSON form: `counts` holds created/updated/unchanged/deactivated for every kind."""
        return {
            "version": self.version,
            "files": dict(self.files),
            "dry_run": self.dry_run,
            "skip_bad_rows": self.skip_bad_rows,
            "written": self.written,
            "counts": {
                kind: {action: self.counts[kind][action] for action in ACTIONS}
                for kind in self.kinds
            },
            "ignored": {key: n for key, n in sorted(self.ignored.items()) if n},
            "files_ignored": list(self.files_ignored),
            "matched": list(self.matched),
            "errors": [problem.as_dict() for problem in self.errors[:limit]],
            "errors_total": len(self.errors),
            "warnings": [problem.as_dict() for problem in self.warnings[:limit]],
            "warnings_total": len(self.warnings),
        }

    def as_text(self) -> str:
        """A table for the terminal."""
        lines = []
        width = max(len(str(label)) for label in self.kinds.values())
        header = f"{'':<{width}}  " + "  ".join(f"{action:>11}" for action in ACTIONS)
        lines.append(header)
        for kind, label in self.kinds.items():
            numbers = "  ".join(f"{self.counts[kind][action]:>11}" for action in ACTIONS)
            lines.append(f"{label!s:<{width}}  {numbers}")
        if any(self.ignored.values()):
            lines.append("")
            lines.append(str(_("Read but not kept:")))
            for key, number in sorted(self.ignored.items()):
                if number:
                    lines.append(f"  {number:>7}  {IGNORED.get(key, key)}")
        if self.files_ignored:
            lines.append(
                str(_("Files not read: %(files)s")) % {"files": ", ".join(self.files_ignored)}
            )
        if self.matched:
            lines.append("")
            lines.append(str(_("Matched in Tandem:")))
            several = len({match["school"] for match in self.matched}) > 1
            for match in self.matched:
                line = describe_match(match)
                lines.append(f"  {match['school']}: {line}" if several else f"  {line}")
        for title, problems in ((_("Errors"), self.errors), (_("Warnings"), self.warnings)):
            if problems:
                lines.append("")
                lines.append(f"{title} ({len(problems)}):")
                for problem in problems:
                    lines.append("  " + describe(problem.as_dict()))
        return "\n".join(lines)


def describe(problem: dict) -> str:
    """`users.csv row 7, familyName: A value is required.`"""
    where = problem["file"]
    if problem.get("row"):
        where += " " + str(_("row %(row)s") % {"row": problem["row"]})
    if problem.get("column"):
        where += f", {problem['column']}"
    return f"{where}: {problem['message']}" if where else problem["message"]


def describe_match(match: dict) -> str:
    """`School year 2026-2027 → matched the existing 2026–2027 by name`"""
    return str(MATCHED[match["kind"], match["by"]]) % match


def ignored_rows(summary: dict) -> list[tuple[str, int]]:
    """(label, count) for a stored summary's `ignored`, for the page."""
    return [
        (str(IGNORED.get(key, key)), number) for key, number in summary.get("ignored", {}).items()
    ]
