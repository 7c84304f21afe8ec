"""One clock: every date and time a person sees is on the school's clock, in the reader's
language — pages, PDFs, e-mails, texts, the .ics and CSV exports — while the server runs in UTC.

Everything is stamped at one known instant (time frozen). Its UTC rendering must appear nowhere
a person reads; its rendering in the school's zone must. The instants sit around midnight UTC
(so the UTC date is another day) and on both sides of the US daylight-saving changes.
"""

import datetime as dt
import io
import re
import zoneinfo
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tandem.core import dates
from tests.core import test_access_matrix as matrix
from tests.personas import build_cast, make_caregiver

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Friday March 12, 2027, 2:47 p.m. in Honolulu (UTC−10) is Saturday March 13, 12:47 a.m. UTC.
HONOLULU_FRIDAY = ("Pacific/Honolulu", dt.datetime(2027, 3, 13, 0, 47, tzinfo=UTC))
INSTANTS = [
    HONOLULU_FRIDAY,
    ("Pacific/Honolulu", dt.datetime(2027, 3, 12, 23, 47, tzinfo=UTC)),  # before UTC midnight
    ("Pacific/Honolulu", dt.datetime(2027, 3, 13, 10, 13, tzinfo=UTC)),  # 00:13 at the school
    ("America/New_York", dt.datetime(2027, 3, 14, 6, 47, tzinfo=UTC)),  # 1:47 a.m. EST
    ("America/New_York", dt.datetime(2027, 3, 14, 7, 13, tzinfo=UTC)),  # 3:13 a.m. EDT
    ("America/New_York", dt.datetime(2026, 11, 1, 5, 47, tzinfo=UTC)),  # 1:47 a.m. EDT
    ("America/New_York", dt.datetime(2026, 11, 1, 6, 47, tzinfo=UTC)),  # 1:47 a.m. EST again
]


def visible(html: str) -> str:
    """The text a person reads: tags (and the machine values in their attributes) removed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.replace("&nbsp;", " ").split())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


class Clock:
    """The instant as the school shows it and as it must never be shown."""

    def __init__(self, zone_name: str, instant: dt.datetime, language: str = "en"):
        self.zone = zoneinfo.ZoneInfo(zone_name)
        self.instant = instant
        with translation.override(language):
            self.local_datetime = dates.format_datetime(instant, self.zone)
            self.local_time = dates.format_time(instant, self.zone)
            self.utc_time = dates.format_time(instant, UTC)
            self.utc_datetime = dates.format_datetime(instant, UTC)
            self.utc_date = dates.format_date(instant, UTC)
            self.local_date = dates.format_date(instant, self.zone)
        self.utc_iso_day = instant.date().isoformat()

    def forbidden(self) -> list[str]:
        found = [self.utc_time, self.utc_datetime, self.utc_iso_day, "p.m..", "a.m.."]
        if self.utc_date != self.local_date:
            found.append(self.utc_date)
        return found

    def assert_local(self, text: str, where: str, *, must_show=True) -> None:
        for wrong in self.forbidden():
            assert wrong not in text, f"{where} shows {wrong!r} ({self.instant} in UTC)"
        if must_show:
            assert self.local_time in text, f"{where} lacks {self.local_time!r}: {text[:3000]}"


def build_world(zone_name: str):
    """Harbor High in `zone_name`, and every kind of stamped thing, all made at the frozen now:
    a shared plan (section edits, the version) approved by Carla in the portal, Sam's conference
    starting now with its final record, a message, a referral, import runs, an access-log line."""
    from tandem.conferences.models import Conference
    from tandem.conferences.services import window_for_term
    from tandem.core.models import AccessLog
    from tandem.people.models import Guardianship, Household
    from tandem.plans import approvals
    from tandem.records import services as records

    cast = build_cast()
    cast.school.time_zone = zone_name
    cast.school.save(update_fields=["time_zone"])
    fall = cast.year.terms.get(name="Fall")
    plan = matrix.shared_plan_of(cast)
    # Diego, with rights in a home of his own, has not approved yet: the plan stays shared,
    # so Carla's page says when she approved.
    diego = make_caregiver(cast.school, "Diego", "Rivera", email="diego@family.test")
    Guardianship.objects.create(
        student=cast.student,
        caregiver=diego,
        household=Household.objects.create(school=cast.school, name="Rivera (Pine Rd)"),
        relationship="guardian",
    )
    approval = approvals.approval_give(
        plan=plan,
        caregiver=cast.caregiver,
        version_number=1,
        typed_name="Carla Rivera",
        confirmed=True,
        ip_address=None,
        user_agent="",
        by=cast.caregiver.user,
    )
    now = dt.datetime.now(UTC)
    conference = Conference.objects.create(
        window=window_for_term(term=fall),
        student=cast.student,
        advisor=cast.advisor,
        starts_at=now,
        ends_at=now + timedelta(minutes=30),
    )
    records.record_save(
        conference=conference,
        fields={"reflection": "Proud of my lab.", "family_actions": "Read together."},
        interventions=[],
        steps=[
            records.StepRow(
                what="Math lab",
                owner=cast.advisor,
                due_on=dates.local_today(cast.school.zone) + timedelta(days=9),
            )
        ],
        expected_revision=0,
        by=cast.advisor,
    )
    records.record_finalize(conference=conference, by=cast.advisor)
    AccessLog.objects.create(
        user=cast.case_manager,
        school=cast.school,
        student=cast.student,
        record_type="iep_goal",
        record_id="1",
        purpose="review",
    )
    world = {
        "cast": cast,
        "plan": plan,
        "approval": approval,
        "conference": conference,
        "message": matrix.message_of(cast),
        "referral": matrix.referral_of(cast),
        "roster_run": matrix.roster_run_of(cast),
        "evidence_run": matrix.evidence_run_of(cast),
    }
    return world


def once(make):
    made = {}

    def made_once(cast):
        if "it" not in made:
            made["it"] = make(cast)
        return made["it"]

    return made_once


def client_as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_every_page_of_the_matrix_shows_the_schools_clock(client, monkeypatch):
    """Each persona opens every page of the access matrix it may open: the Honolulu school's
    times show as Honolulu's (Friday afternoon), never as UTC's (Saturday, 12:47 a.m.)."""
    zone_name, instant = HONOLULU_FRIDAY
    clock = Clock(zone_name, instant)
    with time_machine.travel(instant, tick=False):
        world = build_world(zone_name)
        cast = world["cast"]
        # Each of the matrix's objects is made once for the whole walk (its helpers expect a
        # fresh database per URL), and the stamped ones are this world's.
        for attr in [a for a in vars(matrix) if a.endswith("_of")]:
            monkeypatch.setattr(matrix, attr, once(getattr(matrix, attr)))
        monkeypatch.setattr(matrix, "conference_of", lambda _cast: world["conference"])
        monkeypatch.setattr(matrix, "roster_run_of", lambda _cast: world["roster_run"])
        monkeypatch.setattr(matrix, "evidence_run_of", lambda _cast: world["evidence_run"])
        monkeypatch.setattr(matrix, "message_of", lambda _cast: world["message"])
        monkeypatch.setattr(matrix, "referral_of", lambda _cast: world["referral"])
        monkeypatch.setattr(matrix, "recorded_approval_of", lambda _cast: world["approval"])
        seen = []
        for name in matrix.all_url_names():
            if name.startswith("admin:") or name in {"core:healthz", "conferences:feed"}:
                continue
            try:
                url = reverse(name, kwargs=matrix.params_for(name, cast))
            except KeyError:  # a parameter the matrix does not fill yet: its own test fails
                continue
            for persona in matrix.PERSONAS[:-1]:
                response = client_as(client, matrix.persona_user(cast, persona)).get(url)
                kind = response.get("Content-Type", "")
                if response.status_code != 200 or not kind.startswith("text/html"):
                    continue
                text = visible(response.content.decode())
                clock.assert_local(text, f"{name} as {persona}", must_show=False)
                seen.append((name, persona, text))
    shown = {name for name, _persona, text in seen if clock.local_time in text}
    # The pages that stamp this instant show it on the school's clock.
    for name in (
        "plans:detail",
        "plans:version_detail",
        "meetings:agenda",
        "records:record",
        "rosters:run",
        "evidence:import_run",
        "outreach:message_detail",
        "referrals:detail",
    ):
        assert name in shown or name not in matrix.all_url_names(), name
    family_plan = next(
        text for name, persona, text in seen if (name, persona) == ("plans:detail", "caregiver")
    )
    # The time ends the sentence: one full stop, not "p.m..".
    assert f"You approved this version on {clock.local_datetime[:-1]}. Thank you." in family_plan
    advisor_plan = next(
        text for name, persona, text in seen if (name, persona) == ("plans:detail", "advisor")
    )
    assert f"Last edited by Alice Advisor, {clock.local_datetime}" in advisor_plan
    meeting = next(text for name, _p, text in seen if name == "meetings:agenda")
    assert "Friday, March 12, 2027, 2:47 p.m." in meeting


@pytest.mark.parametrize(("zone_name", "instant"), INSTANTS)
def test_documents_mail_texts_ics_and_csv_show_the_schools_clock(
    client, settings, zone_name, instant
):
    from tandem.conferences import calendar, tasks
    from tandem.core.sms import MemoryBackend

    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    clock = Clock(zone_name, instant)
    with time_machine.travel(instant, tick=False):
        mail.outbox.clear()
        world = build_world(zone_name)
        cast, plan, conference = world["cast"], world["plan"], world["conference"]

        # The plan page, the signed PDF (the SHA-256 one) and the meeting record's PDF.
        family = client_as(client, cast.caregiver.user)
        clock.assert_local(
            visible(family.get(reverse("plans:detail", args=[plan.pk])).content.decode()),
            "the family's plan page",
        )
        staff = client_as(client, cast.advisor)
        version_pdf = staff.get(reverse("plans:version_pdf", args=[plan.pk, 1]))
        clock.assert_local(pdf_text(version_pdf.content), "the plan PDF")
        record_pdf = staff.get(reverse("records:record_pdf", args=[conference.pk]))
        clock.assert_local(pdf_text(record_pdf.content), "the record PDF")
        packet = staff.get(reverse("evidence:packet_pdf", args=[cast.student.pk]))
        clock.assert_local(pdf_text(packet.content), "the review packet", must_show=False)

        # The access log as CSV, for the coordinator.
        csv = client_as(client, cast.coordinator).get(reverse("evidence:access_log"))
        clock.assert_local(csv.content.decode(), "the access-log CSV")

        # The conference's invitation: e-mail, text and the calendar file.
        tasks.send_invitation.call(
            conference_id=conference.pk, caregiver_id=cast.caregiver.pk, method="REQUEST"
        )
        ics = calendar.invitation(conference, method="REQUEST", attendees=[cast.caregiver])

    # Machine times in the .ics stay UTC; the words in it are never a UTC time.
    assert instant.strftime("%Y%m%dT%H%M%SZ").encode() in ics
    words = b" ".join(
        line for line in ics.splitlines() if line.startswith((b"SUMMARY", b"DESCRIPTION"))
    ).decode()
    clock.assert_local(words, "the .ics text", must_show=False)

    assert mail.outbox, "the plan, the record and the invitation were mailed"
    for message in mail.outbox:
        clock.assert_local(message.subject + " " + message.body, message.subject, must_show=False)
        for _name, content, kind in message.attachments:
            if kind == "application/pdf":
                clock.assert_local(pdf_text(content), f"{message.subject} (PDF)")
    invitation = next(m for m in mail.outbox if "conference" in m.body and m.attachments)
    assert clock.local_time.removesuffix(".") in invitation.body
    for _to, text in MemoryBackend.outbox:
        clock.assert_local(text, "a text message")


def test_spanish_dates_read_with_de_and_the_24_hour_clock(client):
    """Carla reads Spanish: "viernes, 12 de marzo de 2027, 14:47" on the record page and in its
    PDF; never the UTC day (sábado 13) or time (00:47), never "12 marzo" without "de"."""
    zone_name, instant = HONOLULU_FRIDAY
    clock = Clock(zone_name, instant, language="es")
    with time_machine.travel(instant, tick=False):
        world = build_world(zone_name)
        cast, plan, conference = world["cast"], world["plan"], world["conference"]
        cast.caregiver.user.preferred_language = "es"
        cast.caregiver.user.save(update_fields=["preferred_language"])
        family = client_as(client, cast.caregiver.user)
        page = visible(family.get(reverse("records:record", args=[conference.pk])).content.decode())
        pdf = pdf_text(family.get(reverse("records:record_pdf", args=[conference.pk])).content)
        plan_pdf = pdf_text(family.get(reverse("plans:version_pdf", args=[plan.pk, 1])).content)
    for where, text in (("the record page", page), ("the record PDF", pdf)):
        assert "viernes, 12 de marzo de 2027, 14:47" in text, (where, text[:2000])
        clock.assert_local(text, where)
        assert "sábado" not in text and "12 marzo" not in text
    assert "12 de marzo de 2027, 14:47" in plan_pdf
    clock.assert_local(plan_pdf, "the Spanish plan PDF")


def test_the_helpers_speak_each_language():
    friday = dt.datetime(2027, 3, 12, 23, 30, tzinfo=UTC)  # 1:30 p.m. in Honolulu
    honolulu = zoneinfo.ZoneInfo("Pacific/Honolulu")
    with translation.override("en"):
        assert dates.format_weekday(friday, honolulu) == "Friday, March 12, 2027"
        assert dates.format_time(friday, honolulu) == "1:30 p.m."
        assert dates.format_datetime(friday, honolulu) == "March 12, 2027, 1:30 p.m."
        assert dates.format_time(dt.time(12, 0)) == "12:00 p.m."
        assert dates.end_sentence(dates.format_time(friday, honolulu)) == "1:30 p.m"
        assert dates.format_time_range(dt.time(13, 30), dt.time(14)) == "1:30 p.m.–2:00 p.m."
    with translation.override("es"):
        assert dates.format_weekday(friday, honolulu) == "viernes, 12 de marzo de 2027"
        assert dates.format_time(friday, honolulu) == "13:30"
        assert dates.format_month_day(friday.date()) == "12 de marzo"
        assert dates.end_sentence("13:30") == "13:30"
