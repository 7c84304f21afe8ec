"""Where a conference meets, as one reader may see it — the one rule for every page, e-mail,
text message and calendar file (issue 13: each household sees its own place).

- At school and by video the place is the same for everyone: the advisor's room or video link,
  stored in `Conference.place` when the conference is booked.
- A phone conference is a call to each invited household, at a number of that household's own
  caregivers (one who takes calls first, then the first with a mobile phone). A caregiver reads
  their own household's number; staff read who is called at which number.
- A home visit goes to one household (`home_for`). Its address is never stored on the
  conference: staff and that household read it; the student's other households read "At the
  student's home" unless the household lets them see it (`Household.address_shared`).

Nothing a household keeps to itself is written into a field every invitee reads: the number and
the address are derived here, at read time, for the reader.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Mode

PRIVATE_MODES = (Mode.PHONE, Mode.HOME)


@dataclass(frozen=True)
class Call:
    """One household of a phone conference, the caregiver the advisor calls and the number
    (no caregiver when nobody in the household has a mobile phone on record)."""

    household: object
    caregiver: object | None

    @property
    def number(self) -> str:
        return self.caregiver.mobile_phone_display if self.caregiver else ""

    @property
    def tel(self) -> str:
        return self.caregiver.mobile_phone if self.caregiver else ""


@dataclass(frozen=True)
class Place:
    """The meeting place for one reader. `text` is one line in the active language (the page,
    the e-mail, the text message, the calendar's LOCATION); `link` a video link (the calendar's
    URL); `calls` (staff, phone) who is called at which number; `home` (a home visit, for those
    who may see its address) the household visited."""

    text: str
    link: str = ""
    calls: tuple[Call, ...] = ()
    home: object | None = None


def ties_of(students) -> dict[int, list]:
    """Each student's guardianships with educational rights of active caregivers (the people
    a conference invites), with caregiver and household, in household order: one query."""
    from tandem.people.models import Guardianship

    ties = defaultdict(list)
    ids = {getattr(s, "pk", s) for s in students}
    if not ids:
        return ties
    for g in (
        Guardianship.objects.filter(
            student__in=ids, has_educational_rights=True, caregiver__is_active=True
        )
        .select_related("caregiver", "household")
        .order_by("student_id", "household_id", "pk")
    ):
        ties[g.student_id].append(g)
    return ties


def home_for(student, household_id, ties) -> object | None:
    """The household a home visit goes to: the conference's own household (households meet
    apart), else the first home of a caregiver with rights who lives with the student and has
    an address. `ties` are the student's (`ties_of`)."""
    if household_id:
        found = next((g.household for g in ties if g.household_id == household_id), None)
        if found is None:
            from tandem.people.models import Household

            found = Household.objects.filter(pk=household_id).first()
        return found
    ordered = sorted(ties, key=lambda g: (not g.lives_with_student, g.pk))
    homes = [g.household for g in ordered]
    return next((h for h in homes if h.has_address), homes[0] if homes else None)


def _calls(conference, ties) -> tuple[Call, ...]:
    """One call per invited household, in household order."""
    by_house = defaultdict(list)
    for g in ties:
        if conference.household_id in (None, g.household_id):
            by_house[g.household_id].append(g)
    calls = []
    for house in by_house.values():
        phoned = sorted(
            (g for g in house if g.caregiver.mobile_phone),
            key=lambda g: not g.caregiver.contact_by_call,
        )
        calls.append(Call(house[0].household, phoned[0].caregiver if phoned else None))
    return tuple(calls)


def _staff_line(call) -> str:
    if call.caregiver is None:
        return _("%(household)s: no mobile phone on record") % {"household": call.household.name}
    return _("%(household)s: %(name)s, %(number)s") % {
        "household": call.household.name,
        "name": call.caregiver.full_name,
        "number": call.number,
    }


def _place(conference, ties, *, caregiver, staff) -> Place:
    mode = conference.mode
    if mode == Mode.VIDEO:
        link = conference.place if conference.place.startswith("http") else ""
        return Place(conference.place or _("The video link will follow."), link=link)
    if mode not in PRIVATE_MODES:
        return Place(conference.place or _("At school"))
    own = None
    if caregiver is not None:
        own = next((g.household_id for g in ties if g.caregiver_id == caregiver.pk), None)
    if mode == Mode.PHONE:
        calls = _calls(conference, ties)
        if staff:
            return Place(" · ".join(_staff_line(c) for c in calls), calls=calls)
        mine = next((c for c in calls if c.household.pk == own and c.caregiver), None)
        if mine is not None:
            return Place(
                _("%(advisor)s will call you at %(number)s.")
                % {"advisor": conference.advisor.full_name, "number": mine.number}
            )
        return Place(_("%(advisor)s will call you.") % {"advisor": conference.advisor.full_name})
    home = home_for(conference.student, conference.household_id, ties)
    lives_there = home is not None and own == home.pk
    if home is None or not home.has_address:
        if staff:
            return Place(_("No address on record."), home=home)
        return Place(_("At your home") if lives_there else _("At the student's home"))
    if staff or lives_there or (own is not None and home.address_shared):
        return Place(home.address, home=home)
    return Place(_("At the student's home"))


def places_for(conferences, *, caregiver=None, staff=False) -> list[Place]:
    """The place of each conference as this reader sees it, in the order given, in a fixed
    number of queries: `staff` (the advisor, the school's oversight, the advisor's calendar
    feed), or `caregiver` (an invited caregiver: their own household's number or address), or
    neither (the student: nothing that belongs to one household)."""
    conferences = list(conferences)
    ties = ties_of({c.student_id for c in conferences if c.mode in PRIVATE_MODES})
    return [
        _place(c, ties.get(c.student_id, []), caregiver=caregiver, staff=staff) for c in conferences
    ]


def place_for(conference, *, caregiver=None, staff=False) -> Place:
    """The place of one conference as this reader sees it (see `places_for`)."""
    return places_for([conference], caregiver=caregiver, staff=staff)[0]
