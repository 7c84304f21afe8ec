"""The exhibition's rules: the median and spread of a panel, the level a median reaches, when a
panel is open, the day's slots, and how a panel names the presenter."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from tandem.exhibitions import rules


def test_median_and_spread():
    assert rules.median([3, 1, 4]) == Decimal(3)
    assert rules.median([2, 3]) == Decimal("2.5")
    assert rules.median([]) is None
    assert rules.spread([3, 1, 4]) == 3
    assert rules.spread([2]) == 0
    assert rules.spread([]) is None


def test_a_median_reaches_the_highest_level_it_meets():
    levels = [SimpleNamespace(value=v) for v in (4, 1, 3, 2)]
    assert rules.level_for(levels, Decimal("2.5")).value == 2
    assert rules.level_for(levels, Decimal(3)).value == 3
    assert rules.level_for(levels, Decimal(4)).value == 4
    assert rules.level_for(levels, Decimal("0.5")).value == 1
    assert rules.level_for(levels, None) is None
    assert rules.level_for([], Decimal(2)) is None


def test_a_panel_is_open_from_the_day_before_to_the_day_after(cast):
    day = datetime.date(2027, 3, 10)
    exhibition = SimpleNamespace(school=cast.school, starts_on=day, ends_on=day)
    assert not rules.panel_open(exhibition, day - datetime.timedelta(days=2))
    assert rules.panel_open(exhibition, day - datetime.timedelta(days=1))
    assert rules.panel_open(exhibition, day)
    assert rules.panel_open(exhibition, day + datetime.timedelta(days=1))
    assert not rules.panel_open(exhibition, day + datetime.timedelta(days=2))


def test_slots_fill_each_day_in_the_schools_zone(cast):
    exhibition = SimpleNamespace(
        school=cast.school,
        starts_on=datetime.date(2027, 3, 10),
        ends_on=datetime.date(2027, 3, 11),
        day_starts_at=datetime.time(9, 0),
        day_ends_at=datetime.time(10, 10),
        slot_minutes=20,
    )
    found = rules.slots(exhibition)
    assert len(found) == 6  # 9:00, 9:20, 9:40 on each day; 10:00 would end after 10:10
    first, last = found[0], found[-1]
    assert first[0].tzinfo is not None
    assert (first[0].hour, first[1].minute) == (9, 20)
    assert (last[0].date(), last[0].hour, last[0].minute) == (datetime.date(2027, 3, 11), 9, 40)


def test_a_panel_names_the_presenter_by_first_name_and_initial(cast):
    assert rules.presenter_name(cast.student) == "Sam R."
    assert rules.presenter_name(cast.other_student) == "Olive C."
