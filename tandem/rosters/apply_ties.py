"""The ties between students and caregivers an import makes: guardianships, in households."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tandem.core.bulk import insert
from tandem.people.models import Caregiver, Guardianship, Household, Relationship, Student

from .apply import BATCH, chunked

RELATIONSHIPS = {
    "parent": Relationship.PARENT,
    "guardian": Relationship.GUARDIAN,
    "relative": Relationship.RELATIVE,
}
# Tandem's finer relationships, by the OneRoster role they refine: a "mother" set in Tandem is
# still a "parent" to the SIS and is left alone.
CATEGORY = {
    Relationship.MOTHER: "parent",
    Relationship.FATHER: "parent",
    Relationship.PARENT: "parent",
    Relationship.STEPPARENT: "parent",
    Relationship.FOSTER_PARENT: "parent",
    Relationship.GUARDIAN: "guardian",
    Relationship.GRANDPARENT: "relative",
    Relationship.RELATIVE: "relative",
    Relationship.SIGNIFICANT_ADULT: "relative",
}


@dataclass(slots=True)
class Tie:
    pk: int
    relationship: str
    from_roster: bool


class Ties:
    """Part of PeopleStep: it has `students`, `caregivers`, `edges`, `caregiver_role`, `ties`."""

    def write_guardianships(self) -> None:
        new_for: dict[Student, list[tuple[Caregiver, str]]] = defaultdict(list)
        changed, listed = [], set()
        schools_of: dict[str, list[tuple[int, Student]]] = defaultdict(list)
        for (school_id, sid), student in self.students.items():
            schools_of[sid].append((school_id, student))
        for st_sid, cg_sid in sorted(self.edges):
            role = self.caregiver_role.get(cg_sid) or ""  # "": not said in this package
            for school_id, student in schools_of[st_sid]:
                caregiver = self.caregivers.get((school_id, cg_sid))
                if caregiver is None:
                    continue
                listed.add((student.pk, caregiver.pk))
                tie = self.ties.get((student.pk, caregiver.pk))
                if tie is None:
                    new_for[student].append((caregiver, role or "parent"))
                    continue
                recast = bool(role) and CATEGORY.get(tie.relationship) != role
                updated = not tie.from_roster or recast
                if updated:
                    tie.from_roster = True
                    if recast:
                        tie.relationship = RELATIONSHIPS[role]
                    changed.append(
                        Guardianship(pk=tie.pk, from_roster=True, relationship=tie.relationship)
                    )
                self.report.count("guardianships", "updated" if updated else "unchanged")
        households, new = [], []
        for student, caregivers in new_for.items():
            home = None
            for caregiver, role in caregivers:
                household = self.household_of.get(caregiver.pk)
                if household is None:
                    # Caregivers of one child with no household yet share a new one.
                    if home is None:
                        home = Household(school_id=student.school_id, name=caregiver.last_name)
                        households.append(home)
                    household = self.household_of[caregiver.pk] = home
                relative = role == "relative"
                new.append(
                    Guardianship(
                        student=student,
                        caregiver=caregiver,
                        relationship=RELATIONSHIPS[role],
                        has_educational_rights=not relative,
                        lives_with_student=not relative,
                        from_roster=True,
                        **(
                            {"household": household}
                            if isinstance(household, Household)
                            else {"household_id": household}
                        ),
                    )
                )
        # Inserting sets each new household's id on the ties that point at it.
        insert(Household, households)
        insert(Guardianship, new)
        Guardianship.objects.bulk_update(changed, ["from_roster", "relationship"], batch_size=BATCH)
        self.report.count("households", "created", len(households))
        self.report.count("guardianships", "created", len(new))
        self._unlink(listed)

    def _unlink(self, listed: set[tuple[int, int]]) -> None:
        """A full users.csv that no longer lists a tie the SIS made removes it (a custody change
        is often why); ties made in Tandem are never touched."""
        if not self.bulk_people:
            return
        student_sid = {s.pk: sid for (_school, sid), s in self.students.items()}
        caregiver_sid = {c.pk: sid for (_school, sid), c in self.caregivers.items()}
        gone = []
        for pair, tie in self.ties.items():
            if not tie.from_roster or pair in listed:
                continue
            st, cg = student_sid.get(pair[0]), caregiver_sid.get(pair[1])
            # Only when both rows were read: a row left out for an error says nothing.
            if st in self.people and cg in self.people:
                gone.append(tie.pk)
        for chunk in chunked(gone):
            Guardianship.objects.filter(pk__in=chunk).delete()
        self.report.count("guardianships", "deactivated", len(gone))
