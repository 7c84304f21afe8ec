import datetime

import pytest
import time_machine

from tandem.schools.models import Quarter, Term

# Harbor High's year, fixed so the rules' boundaries can be named: school starts on Tuesday
# 1 September 2026; first contact is due by 15 September (14 days); quarters of 75 days.
FIRST_DAY = datetime.date(2026, 9, 1)


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """Noon (by default) in Harbor High's zone, as an aware datetime."""
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo("America/New_York"))


def fix_calendar(cast, first_day: datetime.date = FIRST_DAY) -> None:
    """Move the cast's year (and its quarters and terms) to start on `first_day`."""
    shift = first_day - cast.year.starts_on
    cast.year.starts_on += shift
    cast.year.ends_on += shift
    cast.year.save()
    for period in [*Quarter.objects.filter(year=cast.year), *Term.objects.filter(year=cast.year)]:
        period.starts_on += shift
        period.ends_on += shift
        period.save()


@pytest.fixture
def travel():
    """travel(day, hour=12): freeze time at that hour of that day in the school's zone."""
    state = {}

    def go(day, hour=12):
        if "coordinates" in state:
            state["coordinates"].move_to(moment(day, hour))
        else:
            state["traveller"] = time_machine.travel(moment(day, hour), tick=False)
            state["coordinates"] = state["traveller"].start()

    yield go
    if "traveller" in state:
        state["traveller"].stop()


@pytest.fixture
def harbor(cast, travel):
    """The cast on a fixed calendar, with time frozen on the first day of school."""
    travel(FIRST_DAY)
    fix_calendar(cast)
    return cast


@pytest.fixture
def sms(settings):
    from tandem.core.sms import MemoryBackend

    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    yield MemoryBackend.outbox
    MemoryBackend.outbox = []
