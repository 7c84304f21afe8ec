"""Every URL pattern of the project, requested by every persona.

The matrix walks the URL resolver, so a view added later is covered automatically: a URL name
missing from EXPECTED fails `test_every_url_is_in_the_matrix` until someone decides who may
open it. A record the persona may not see is a 404, the same as one that does not exist.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import Cast

PERSONAS = [
    "coordinator",
    "school_admin",
    "advisor",
    "other_advisor",
    "case_manager",
    "caregiver",
    "caregiver_no_rights",
    "other_caregiver",
    "student",
    "other_student",
    "anonymous",
]
STAFF = {"coordinator", "school_admin", "advisor", "other_advisor", "case_manager"}
LOGIN = "login"  # redirected to the sign-in page
ADMIN_LOGIN = "admin-login"  # redirected to the admin site's sign-in page


def only(*allowed, other=404):
    """200 for the allowed personas, `other` for the rest of the signed in, LOGIN for anonymous.
    A school admin oversees the school as the coordinator does (policy.OVERSIGHT_ROLES), so a
    page the coordinator may open admits Sid too."""
    if "coordinator" in allowed:
        allowed = (*allowed, "school_admin")
    return {p: 200 if p in allowed else (LOGIN if p == "anonymous" else other) for p in PERSONAS}


def everyone(code, anonymous=None):
    return dict.fromkeys(PERSONAS, code) | {"anonymous": anonymous or code}


def signed_in(code):
    return everyone(code, anonymous=LOGIN)


API_LISTS = [
    "schools",
    "students",
    "advisories",
    "plans",
    "conferences",
    "frameworks",
    "competency_ratings",
    "assessment_results",
    "meeting_records",
]
SAM_API = {"coordinator", "school_admin", "advisor", "case_manager", "caregiver", "student"}


def api_signed_in(code, *, only=None):
    """The API: 401 (a problem body) without a session or token, 404 for what is not theirs."""
    return {p: code if only is None or p in only else 404 for p in PERSONAS} | {"anonymous": 401}


SAM_RECORD = only("coordinator", "advisor", "case_manager", "caregiver", "student")

# The student every record URL points at is Sam: Alice advises him, Casey is his case manager,
# Carla (his mother) has educational rights, Ned (his father) has none.
EXPECTED = {
    "core:home": signed_in(302),
    "core:healthz": everyone(200),
    # Undelivered messages: the school's oversight only; the actions are POST-only.
    "core:deliveries": only("coordinator"),
    "core:delivery_retry": signed_in(405),
    "core:delivery_handled": signed_in(405),
    "accounts:signin": everyone(302, anonymous=200),
    "accounts:signin_code": everyone(302),
    "accounts:signin_link": everyone(200),
    "accounts:signin_link_open": everyone(200),
    # A new link to the same page, for the holder of one that no longer works: POST only.
    "accounts:signin_link_renew": everyone(405),
    "accounts:signout": everyone(405),
    # Single sign-on: Harbor High has no provider here (a school without one is a 404, as a school
    # that does not exist); the provider's answer without a flow this session started is refused.
    "sso:start": everyone(404),
    "sso:callback": everyone(400),
    "accounts:signout_everywhere": signed_in(405),
    "accounts:set_language": everyone(405),
    "accounts:account": signed_in(200),
    "accounts:password": signed_in(200),
    "accounts:two_factor": {p: 200 if p in STAFF else 302 for p in PERSONAS} | {"anonymous": LOGIN},
    "accounts:password_reset": everyone(200),
    "accounts:password_reset_done": everyone(200),
    "accounts:password_reset_confirm": everyone(200),
    "accounts:password_reset_complete": everyone(200),
    "people:student_detail": only("coordinator", "advisor", "case_manager", "caregiver", "student"),
    "people:student_home": only("student", "other_student"),
    "people:family_home": only("caregiver", "caregiver_no_rights", "other_caregiver"),
    "advisories:advisor_home": only("advisor", "other_advisor"),
    "advisories:caseload_home": only("case_manager"),
    "advisories:coordinator": only("coordinator"),
    "advisories:reassign": signed_in(405),
    "advisories:student_advisory": only("coordinator"),
    # What people who left Harbor High left behind, and its handover: the coordinator's.
    "advisories:departures": only("coordinator"),
    "advisories:departure": only("coordinator"),
    # Rollover (issue 16): the next year is made by the school's oversight; GET is the preview.
    "advisories:rollover": only("coordinator"),
    # Roster import is the school admin's (PRODUCT.md: "School admin / IT imports rosters").
    "rosters:home": only("school_admin"),
    "rosters:run": only("school_admin"),
    "rosters:confirm": signed_in(405),
    "rosters:discard": signed_in(405),
    # Sam's plan has been shared once (version 1), so his family sees it too.
    "plans:student_plans": SAM_RECORD,
    "plans:detail": SAM_RECORD,
    "plans:version": SAM_RECORD,
    "plans:version_pdf": SAM_RECORD,
    "plans:compare": {p: 302 if SAM_RECORD[p] == 200 else SAM_RECORD[p] for p in PERSONAS},
    "plans:section_save": signed_in(405),
    "plans:save": signed_in(405),
    "plans:ready": signed_in(405),
    "plans:approve": signed_in(405),
    "plans:family_input": signed_in(405),
    "plans:activate": signed_in(405),
    "plans:close": signed_in(405),
    "plans:approval_attachment": only("coordinator", "advisor"),
    "plans:share": only("advisor"),
    "plans:record_approval": only("advisor"),
    "plans:revision": only("advisor"),
    "plans:advisor_plans": only("advisor", "other_advisor"),
    "plans:coordinator_plans": only("coordinator"),
    "plans:template": only("coordinator"),
    "plans:competencies": only("coordinator"),
    # Outreach is the school's working notes: staff with full access to Sam, never his family.
    "outreach:due": only("advisor", "other_advisor", "case_manager"),
    "outreach:student": only("coordinator", "advisor", "case_manager"),
    "outreach:contact_new": only("coordinator", "advisor", "case_manager"),
    "outreach:meeting_new": only("advisor"),
    "outreach:checkin": signed_in(405),
    "outreach:messages": only("advisor", "other_advisor"),
    "outreach:message_new": only("advisor", "other_advisor"),
    "outreach:message_detail": only("coordinator", "advisor"),  # Alice wrote it
    "outreach:coordinator_meetings": only("coordinator"),
    "outreach:contact_flags": only("coordinator"),
    "outreach:contact_flag_resolve": signed_in(405),
    "outreach:settings": only("coordinator"),
    # The school's message templates, in each language it serves (issue 15).
    "outreach:message_templates": only("coordinator"),
    "outreach:message_template": only("coordinator"),
    # The compliance desk (tandem.oversight): the school's oversight only.
    "oversight:desk": only("coordinator"),
    "oversight:desk_list": only("coordinator"),
    "oversight:desk_export": only("coordinator"),
    "oversight:desk_nudge": signed_in(405),
    # Alice referred Sam: she, the coordinator and the admin see it; Casey is not on the team.
    "referrals:new": only("coordinator", "advisor", "case_manager"),
    "referrals:list": only("coordinator", "advisor", "other_advisor", "case_manager"),
    "referrals:detail": only("coordinator", "advisor"),
    "referrals:settings": only("coordinator"),
    # Evidence for the review: Sam's record audience (Sam has an IEP, so the packet and the IEP
    # page are logged views of restricted records); interventions are the school's side.
    "evidence:packet": SAM_RECORD,
    "evidence:packet_pdf": SAM_RECORD,
    "evidence:credit_report": SAM_RECORD,
    "evidence:narrative": SAM_RECORD,
    "evidence:tests": SAM_RECORD,
    "evidence:iep": SAM_RECORD,
    # A data point of Sam's IEP goal is corrected or removed by its author only: Casey.
    "evidence:iep_point": only("case_manager"),
    "evidence:interventions": only("coordinator", "advisor", "case_manager"),
    "evidence:imports": only("school_admin"),
    "evidence:import_run": only("school_admin"),
    "evidence:import_confirm": signed_in(405),
    "evidence:import_discard": signed_in(405),
    # The graduation requirement moved into the diploma page (issue 19): the old address
    # sends the school's oversight there.
    "evidence:graduation": {p: 302 if c == 200 else c for p, c in only("coordinator").items()},
    # The diploma: credits per subject area and the competencies that count (issue 19).
    "transcripts:diploma": only("coordinator"),
    "evidence:iep_access": only("coordinator"),
    "evidence:access_log": only("coordinator"),
    # Conferences: Sam's Fall conference is booked; families book only for their own children
    # with rights (Ned has none: nothing to book), the feed is a secret link (no sign-in).
    "conferences:family": only("caregiver", "caregiver_no_rights", "other_caregiver"),
    "conferences:book": only("caregiver", "other_caregiver"),
    "conferences:availability": only("caregiver", "other_caregiver"),
    "conferences:change": only("caregiver"),
    "conferences:cancel": signed_in(405),
    "conferences:ics": only("caregiver"),
    # Held / no-show (a confirmation page first) and undoing it (with a reason): the student's
    # current advisor and the school's oversight.
    "conferences:mark": only("coordinator", "advisor"),
    "conferences:unmark": only("coordinator", "advisor"),
    "conferences:feed": everyone(200),
    "conferences:advisor": only("advisor", "other_advisor"),
    "conferences:advisor_availability": only("advisor", "other_advisor"),
    "conferences:terms": only("coordinator"),
    "conferences:window": only("coordinator"),
    "conferences:schedule": signed_in(405),
    "conferences:publish": signed_in(405),
    "conferences:nudge": signed_in(405),
    # The meeting of Sam's conference: run by the school's people with his record, followed
    # read-only by his invited mother and by Sam; the plan in the room is his advisor's.
    "meetings:agenda": SAM_RECORD,
    "meetings:cover": signed_in(405),
    "meetings:attendance": signed_in(405),
    "meetings:finish": only("coordinator", "advisor", "case_manager"),
    "meetings:ready": signed_in(405),
    "meetings:share": signed_in(405),
    "meetings:hand_over": signed_in(405),
    "meetings:sign": only("advisor"),
    # Without a hand-over in the session, Alice is sent back to the meeting page.
    "meetings:give_back": only("advisor") | {"advisor": 302},
    "meetings:verbal": signed_in(405),
    "meetings:revision": only("advisor"),
    "meetings:checklist": only("coordinator"),
    "meetings:checklist_item": only("coordinator"),
    "meetings:checklist_remove": only("coordinator"),
    "meetings:checklist_move": signed_in(405),
    "meetings:checklist_reset": only("coordinator"),
    "conferences:window_settings": only("coordinator"),
    "conferences:advisor_hours": only("coordinator"),
    "conferences:interpreters": only("coordinator"),
    "conferences:interpreter_new": only("coordinator"),
    "conferences:interpreter": only("coordinator"),
    "conferences:interpreter_deactivate": only("coordinator"),
    # How Sam's family meets: his advisor Alice and the school's oversight.
    "conferences:student_mode": only("coordinator", "advisor"),
    "conferences:offer_rebooking": signed_in(405),
    # Staff booking on a family's behalf: the school's oversight and Sam's advisor (Alice).
    "conferences:staff_book": only("coordinator", "advisor"),
    "conferences:staff_change": only("coordinator", "advisor"),
    "conferences:staff_cancel": only("coordinator", "advisor"),
    "conferences:proposal_drop": signed_in(405),
    # The address of Sam's home with Carla: staff with access to Sam and Carla herself.
    "people:household_address": only("coordinator", "advisor", "case_manager", "caregiver"),
    # tandem/records: the student writes the preparation, the school reads and comments, the
    # family with rights reads it; the meeting record is the school's until it is final (the
    # final record is tested in tests/records). Finalizing a record not yet written sends the
    # school's people back to it.
    "records:mine": only("student", "other_student"),
    "records:term_preparation": SAM_RECORD,
    "records:preparation": SAM_RECORD,
    "records:work_file": SAM_RECORD,
    "records:present": SAM_RECORD,
    "records:record": only("coordinator", "advisor", "case_manager"),
    "records:record_finalize": {
        p: 302 if v == 200 else v for p, v in only("coordinator", "advisor", "case_manager").items()
    },
    "records:record_pdf": only("coordinator", "advisor", "case_manager"),
    # tandem/portfolios (issue 17): Sam's portfolio has his conference preparation's readers;
    # he alone adds, edits and shares pieces (staff comment, POSTs tested in tests/portfolios).
    "portfolios:portfolio": SAM_RECORD,
    "portfolios:piece_new": only("student"),
    "portfolios:piece": SAM_RECORD,
    "portfolios:piece_file": SAM_RECORD,
    "portfolios:graduation": SAM_RECORD,
    "portfolios:pdf": SAM_RECORD,
    "portfolios:zip": SAM_RECORD,
    "portfolios:showcases": only("student"),
    "portfolios:showcase_revoke": signed_in(405),
    # A live showcase link opens to whoever holds it, signed in or not; only its chosen pieces,
    # and revoked or expired it is a 404 (tests/portfolios/test_showcase.py).
    "portfolios:showcase": everyone(200),
    "portfolios:showcase_file": everyone(200),
    "portfolios:coordinator": only("coordinator"),
    "portfolios:rubric": only("coordinator"),
    # The year's archive (its pages, its downloads) and retention: the school's oversight. The
    # year has an archive ready, with Sam's zip.
    "archive:years": only("coordinator"),
    "archive:year": only("coordinator"),
    "archive:start": only("coordinator"),
    # The progress line is polled by the year's page (htmx); opened directly it sends the
    # school's oversight to that page.
    "archive:progress": only("coordinator") | {"coordinator": 302, "school_admin": 302},
    "archive:download": only("coordinator"),
    "archive:student_download": only("coordinator"),
    "archive:retention": only("coordinator"),
    "archive:destroy": only("coordinator"),
    # Advisors' onboarding and voice: each advisor's own pages; Alice sent the suggestion. The
    # coordinator's side (who has acknowledged, the editor, the inbox) is the school's oversight.
    "onboarding:expectations": only("advisor", "other_advisor"),
    "onboarding:acknowledge": signed_in(405),
    "onboarding:task_tick": signed_in(405),
    "onboarding:suggestions": only("advisor", "other_advisor"),
    "onboarding:suggestion": only("advisor"),
    "onboarding:coordinator": only("coordinator"),
    "onboarding:edit": only("coordinator"),
    "onboarding:inbox": only("coordinator"),
    "onboarding:inbox_item": only("coordinator"),
    "onboarding:close": signed_in(405),
    # The school's public PLP page needs no sign-in; its editor is the coordinator's.
    "schoolpage:public": everyone(200),
    "schoolpage:edit": only("coordinator"),
    # The school's languages and what is not yet translated (issue 15): its oversight.
    "schools:languages": only("coordinator"),
    # Plan quality (issue 16): the rubric, samples and overview are the school's oversight;
    # Sam's Fall plan was dealt to Bob for peer review and his review is submitted, so Alice
    # (Sam's advisor) reads the feedback; each advisor has their own lists.
    "quality:overview": only("coordinator"),
    "quality:scores": only("coordinator"),
    "quality:rubric": only("coordinator"),
    "quality:criterion_new": only("coordinator"),
    "quality:criterion": only("coordinator"),
    "quality:criterion_move": signed_in(405),
    "quality:criterion_retire": signed_in(405),
    "quality:sample": only("coordinator"),
    "quality:review": only("coordinator", "other_advisor"),
    "quality:my_reviews": only("advisor", "other_advisor"),
    "quality:feedback": only("advisor", "other_advisor"),
    "quality:feedback_detail": only("advisor"),
    # Exhibitions (issue 17): Harbor's Senior Exhibition is today (tests/exhibitions/stage.py).
    # Its setup, panels and results PDF are the school's oversight's; Bob is a staff rater on
    # Sam's panel; Alice, Sam's advisor, finalises his results; Sam prepares his own.
    "exhibitions:list": only("coordinator"),
    "exhibitions:detail": only("coordinator"),
    "exhibitions:edit": only("coordinator"),
    "exhibitions:rubric": only("coordinator"),
    "exhibitions:students": only("coordinator"),
    "exhibitions:raters": only("coordinator"),
    "exhibitions:rater_availability": only("coordinator"),
    "exhibitions:panels_assign": only("coordinator"),
    "exhibitions:invite": signed_in(405),
    "exhibitions:results_pdf": only("coordinator"),
    "exhibitions:presentation": only("coordinator"),
    "exhibitions:my_panels": {p: 200 if p in STAFF else 404 for p in PERSONAS}
    | {"anonymous": LOGIN},
    "exhibitions:seat": only("other_advisor"),
    "exhibitions:seat_piece": only("other_advisor"),
    "exhibitions:result": only("coordinator", "advisor"),
    "exhibitions:prepare": only("student"),
    "exhibitions:student": SAM_RECORD,
    # The community panelist's link is the key, signed in or not (no account, no session): it
    # opens their panels only, and only from the day before to the day after
    # (test_community_panelist below).
    "exhibitions:panelist": everyone(200),
    "exhibitions:panelist_seat": everyone(200),
    "exhibitions:panelist_piece": everyone(200),
    # Participation (issue 16): rates, breakdowns and the students behind them; the target
    # is set by the school's oversight (POST only).
    "participation:page": only("coordinator"),
    "participation:students": only("coordinator"),
    "participation:target": signed_in(405),
    # The JSON API (issue 18), here with the signed-in session (tests/api asks the same with
    # each persona's token): 401 without one; the records are the pages' 404s; the reference
    # and its document are public. Tokens are made by staff on their account page.
    **{f"api:{name}": api_signed_in(200) for name in API_LISTS},
    "api:school": api_signed_in(200, only=STAFF),
    "api:terms": api_signed_in(200, only=STAFF),
    "api:student": api_signed_in(200, only=SAM_API),
    "api:iep_goals": api_signed_in(200, only=SAM_API),
    "api:plan": api_signed_in(200, only=SAM_API),
    "api:conference": api_signed_in(200, only={"coordinator", "school_admin", "advisor"}),
    "api:conference_cancel": everyone(405),  # POST only
    "api:conference_move": everyone(405),  # POST only
    # POST /conferences books; a GET of the same path is the list.
    "api:conference_book": api_signed_in(200),
    "api:framework": api_signed_in(200, only=STAFF),
    # A final record of Sam's conference: whoever its page opens it to (drafts: nobody).
    "api:meeting_record": api_signed_in(200, only=SAM_API),
    "api:api-root": everyone(302),  # to the reference page
    "api:openapi-json": everyone(200),
    "api:openapi-view": everyone(200),
    "api_tokens:tokens": {p: 200 if p in STAFF else 404 for p in PERSONAS} | {"anonymous": LOGIN},
    # Cora's token: only she may open its revocation.
    "api_tokens:revoke": {p: 200 if p == "coordinator" else 404 for p in PERSONAS}
    | {"anonymous": LOGIN},
    # Verifiable credentials (issue 18): Sam's badges are his record's (he mastered COM.1 and
    # Cora issued its badge); issuing and revoking are the school's oversight (issuing is POST
    # only); the school's DID document, its status list and the verification page are public.
    "credentials:student": SAM_RECORD,
    "credentials:issue": signed_in(405),
    "credentials:revoke": only("coordinator"),
    "credentials:json": SAM_RECORD,
    "credentials:badge": SAM_RECORD,
    # The CLR of every badge; Sam has none here, so it sends his record's audience to his
    # badges page (tests/credentials downloads it).
    "credentials:clr": {p: 302 if v == 200 else v for p, v in SAM_RECORD.items()},
    "credentials:settings": only("coordinator"),
    "credentials:did": everyone(200),
    "credentials:status_list": everyone(200),
    "credentials:verify": everyone(200),
}

# The admin site is for the school's IT staff (is_staff); no persona is, so every admin page
# sends every persona to the admin's own sign-in.
ADMIN_EXPECTED = {
    "admin:login": everyone(200),
    "admin:logout": everyone(302),  # the admin sends non-staff to its index, then to login
}


def url_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed>", entry


def all_url_names() -> list[str]:
    names = {name for name, _ in url_patterns()}
    return sorted(name for name in names if not name.endswith("<unnamed>"))


def params_for(name: str, cast: Cast) -> dict:
    """Fill each URL parameter with a value that points at Sam (or a plausible object)."""
    from django.contrib.contenttypes.models import ContentType

    values = {
        "student_id": cast.student.pk,
        "uidb64": "MQ",
        "token": "set-password",
        "object_id": str(cast.student.pk),
        "app_label": "people",
        "content_type_id": ContentType.objects.get_for_model(type(cast.student)).pk,
        "url": "anything/",
        "pk": "1",
        "exhibition_id": lambda: exhibition_stage_of(cast).exhibition.pk,
        "presentation_id": lambda: exhibition_stage_of(cast).presentation.pk,
        "seat_id": lambda: exhibition_stage_of(cast).staff_seat.pk,
        "panel_seat_id": lambda: exhibition_stage_of(cast).panelist_seat.pk,
        "panel_key": lambda: exhibition_stage_of(cast).panel_key,
        "rater_id": lambda: exhibition_stage_of(cast).panelist.pk,
        "presented_piece_id": lambda: exhibition_stage_of(cast).essay.pk,
        "id": str(cast.advisor.pk),
        "run_id": lambda: roster_run_of(cast).pk,
        "plan_id": lambda: shared_plan_of(cast).pk,
        "key": "hopes_goals",
        "number": 1,
        "approval_id": lambda: recorded_approval_of(cast).pk,
        "message_id": lambda: message_of(cast).pk,
        "flag_id": lambda: contact_flag_of(cast).pk,
        "template_id": lambda: message_template_of(cast).pk,
        "delivery_id": lambda: delivery_of(cast).pk,
        "referral_id": lambda: referral_of(cast).pk,
        "import_id": lambda: evidence_run_of(cast).pk,
        "term_id": lambda: cast.year.terms.get(name="Fall").pk,
        "window_id": lambda: conference_window_of(cast).pk,
        "conference_id": lambda: conference_of(cast).pk,
        "schedule_id": lambda: schedule_run_of(cast).pk,
        "item_id": lambda: checklist_item_of(cast).pk,
        "feed_key": lambda: conference_feed_key_of(cast),
        "advisor_id": cast.advisor.pk,
        "interpreter_id": lambda: interpreter_of(cast).pk,
        "household_id": lambda: cast.caregiver.guardianships.first().household_id,
        "work_id": lambda: work_piece_of(cast).pk,
        "piece_id": lambda: portfolio_piece_of(cast).pk,
        "showcase_id": lambda: showcase_of(cast)[0].pk,
        "showcase_token": lambda: showcase_of(cast)[1],
        "person_id": lambda: departed_of(cast).pk,
        "year_id": lambda: archived_year_of(cast).pk,
        "task_id": lambda: start_task_of(cast).pk,
        "suggestion_id": lambda: suggestion_of(cast).pk,
        "school_key": lambda: cast.school.slug or str(cast.school.pk),
        "criterion_id": lambda: quality_criterion_of(cast).pk,
        "review_id": lambda: quality_review_of(cast).pk,
        "point_id": lambda: progress_point_of(cast).pk,
        "school_id": cast.school.pk,
        "token_id": lambda: api_token_of(cast).pk,
        "framework_id": lambda: framework_of(cast).pk,
        "record_id": lambda: final_record_of(cast).pk,
        "credential_id": lambda: credential_of(cast).pk,
        "list_number": lambda: credential_of(cast).status_list.number,
    }
    for candidate, entry in url_patterns():
        if candidate == name:
            keys = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(entry.pattern))
            found = {a or b: values[a or b] for a, b in keys}
            return {k: v() if callable(v) else v for k, v in found.items()}
    raise AssertionError(name)


def credential_of(cast: Cast):
    """Sam mastered COM.1 in the Fall (Alice rated it) and Cora issued him its badge."""
    from django.utils import timezone

    from tandem.credentials.models import Credential
    from tandem.credentials.services import credential_issue
    from tandem.evidence.services import rating_save
    from tandem.plans.models import Competency

    existing = Credential.objects.filter(student=cast.student).first()
    if existing is not None:
        return existing
    competency, _created = Competency.objects.get_or_create(
        school=cast.school, code="COM.1", defaults={"statement": "Writes clearly"}
    )
    rating_save(
        student=cast.student,
        competency=competency,
        term=cast.year.terms.get(name="Fall"),
        level="mastered",
        rated_on=timezone.localdate(),
        by=cast.advisor,
    )
    return credential_issue(student=cast.student, competency=competency, by=cast.coordinator)


def api_token_of(cast: Cast):
    """Cora's read token for Harbor High."""
    from tandem.api.services import token_create

    return token_create(
        user=cast.coordinator, school=cast.school, name="Sync", days=30, can_write=False
    )[0]


def framework_of(cast: Cast):
    """Harbor High's competency framework (one item), as a CASE import leaves it."""
    from tandem.evidence.models import Framework, FrameworkItem

    framework, created = Framework.objects.get_or_create(
        school=cast.school, identifier="urn:harbor:competencies", defaults={"title": "Harbor"}
    )
    if created:
        FrameworkItem.objects.create(
            framework=framework, identifier="urn:harbor:w1", code="W.1", statement="Writes"
        )
    return framework


def final_record_of(cast: Cast):
    """The final record of Sam's conference, with one next step."""
    from django.utils import timezone

    from tandem.records.models import MeetingRecord, NextStep

    record, created = MeetingRecord.objects.get_or_create(
        conference=conference_of(cast),
        defaults={
            "reflection": "Proud of the essay.",
            "finalized_at": timezone.now(),
            "finalized_by": cast.advisor,
        },
    )
    if created:
        NextStep.objects.create(
            record=record, what="Read nightly", owner_name="Family", due_on=timezone.localdate()
        )
    return record


def departed_of(cast: Cast):
    """Dee advised a student of Harbor High and holds no role there any more."""
    from tandem.advisories.models import Advisory
    from tests.personas import make_student, make_user

    dee = make_user("dee@harbor.test", "Dee Departed")
    kid = make_student(cast.school, "Kid", "Left", local_id="S-900")
    Advisory.objects.create(student=kid, advisor=dee, year=cast.year)
    return dee


def archived_year_of(cast: Cast):
    """Harbor High's year with its archive ready: the school zip and Sam's zip (written
    directly; tests/archive builds real ones)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tandem.archive.models import ArchiveFile, YearArchive

    archive, created = YearArchive.objects.get_or_create(
        year=cast.year,
        defaults={
            "school": cast.school,
            "requested_by": cast.coordinator,
            "language": "en",
            "status": YearArchive.Status.DONE,
            "students_total": 1,
            "students_done": 1,
        },
    )
    if created:
        archive.school_file = default_storage.save(
            f"{archive.folder}/school.zip", ContentFile(b"z")
        )
        archive.save()
        name = default_storage.save(f"{archive.folder}/students/sam.zip", ContentFile(b"zip"))
        ArchiveFile.objects.create(
            archive=archive, student=cast.student, name=name, size=3, sha256="0" * 64
        )
    return cast.year


def progress_point_of(cast: Cast):
    """A data point Casey (Sam's case manager) recorded on his IEP reading goal."""
    from datetime import timedelta

    from django.utils import timezone

    from tandem.evidence.models import IepGoal, ProgressPoint

    today = timezone.localdate()
    goal, _created = IepGoal.objects.get_or_create(
        student=cast.student,
        area="Reading fluency",
        defaults={
            "goal": "Reads a grade-level passage aloud at 110 words per minute",
            "baseline": 70,
            "target": 110,
            "measure": "words per minute",
            "starts_on": today - timedelta(days=60),
            "ends_on": today + timedelta(days=200),
            "created_by": cast.case_manager,
        },
    )
    point = goal.points.first()
    return point or ProgressPoint.objects.create(
        goal=goal,
        measured_on=today - timedelta(days=7),
        value=82,
        recorded_by=cast.case_manager,
    )


def roster_run_of(cast: Cast):
    """A roster import into Harbor High, waiting for Sid's confirmation."""
    from tandem.rosters.models import ImportRun

    run = ImportRun.objects.create(
        by=cast.school_admin, file_name="harbor.zip", status=ImportRun.Status.PREVIEW
    )
    run.schools.add(cast.school)
    return run


def evidence_run_of(cast: Cast):
    """A test-results import into Harbor High, waiting for Sid's confirmation."""
    from tandem.rosters.models import ImportRun

    run = ImportRun.objects.create(
        kind=ImportRun.Kind.ASSESSMENTS,
        by=cast.school_admin,
        file_name="AssessmentResults.csv",
        status=ImportRun.Status.PREVIEW,
    )
    run.schools.add(cast.school)
    return run


def shared_plan_of(cast: Cast):
    """Sam's Fall plan, written, marked ready by both authors and shared with his family."""
    from tandem.plans import services
    from tandem.plans.models import Plan

    existing = Plan.objects.filter(student=cast.student).first()
    if existing is not None:
        return existing
    plan = services.plan_create(
        student=cast.student, term=cast.year.terms.get(name="Fall"), kind="term", by=cast.advisor
    )
    for section in plan.sections.filter(required=True, kind="text"):
        services.section_save(
            plan=plan,
            key=section.key,
            body="Written.",
            items=[],
            expected_revision=0,
            by=cast.advisor,
        )
    plan.sections.filter(required=True).exclude(kind="text").update(required=False)
    services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
    services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
    services.plan_share(plan=plan, by=cast.advisor)
    return plan


def recorded_approval_of(cast: Cast):
    """A paper approval of Sam's plan by his mother, with a photo of the signed page."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tandem.plans import approvals

    plan = shared_plan_of(cast)
    return approvals.approval_record(
        plan=plan,
        caregiver=cast.caregiver,
        version_number=1,
        method="paper",
        approved_at=timezone.now(),
        note="",
        by=cast.advisor,
        attachment=ContentFile(b"\xff\xd8\xff photo", name="signed.jpg"),
    )


def message_of(cast: Cast):
    """Alice's message to Sam's family."""
    from tandem.outreach.messaging import message_send

    return message_send(
        author=cast.advisor,
        school=cast.school,
        students=[cast.student],
        kind="student",
        subject="Hello",
        body="Hello {caregiver_name}",
    )


def message_template_of(cast: Cast):
    """Harbor High's "Welcome" template, in English (its Spanish not written yet)."""
    from tandem.outreach.message_models import MessageTemplate

    return MessageTemplate.objects.get_or_create(
        school=cast.school,
        name="Welcome",
        language="en",
        defaults={"subject": "Welcome, {caregiver_name}", "body": "Hello from {advisor_name}."},
    )[0]


def contact_flag_of(cast: Cast):
    from tandem.outreach.services import contact_flag

    return contact_flag(caregiver=cast.caregiver, detail="phone", reason="Wrong number")


def delivery_of(cast: Cast):
    """An e-mail to Carla about Sam that has not been delivered."""
    from tandem.core.models import Delivery

    delivery, _created = Delivery.objects.get_or_create(
        message_id="<matrix@tandem.local>",
        defaults={
            "to": cast.caregiver.email,
            "school": cast.school,
            "student": cast.student,
            "caregiver": cast.caregiver,
            "subject": "Sam's plan",
            "state": Delivery.State.FAILED,
            "last_error": "550 no such user",
        },
    )
    return delivery


def referral_of(cast: Cast):
    """Alice refers Sam to the student support team."""
    from tandem.referrals.services import referral_create

    return referral_create(
        student=cast.student,
        referrer=cast.advisor,
        refer_to="support_team",
        category="Academic",
        urgency="routine",
        observed="Missed three assignments.",
        family_told=True,
    )


def persona_user(cast: Cast, persona: str):
    match persona:
        case "anonymous":
            return None
        case "student" | "other_student":
            return getattr(cast, persona).user
        case "caregiver" | "caregiver_no_rights" | "other_caregiver":
            return getattr(cast, persona).user
        case _:
            return getattr(cast, persona)


def outcome(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("accounts:signin") + "?next="):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
    return response.status_code


def expected_for(name: str) -> dict:
    if name in EXPECTED:
        return EXPECTED[name]
    if name in ADMIN_EXPECTED:
        return ADMIN_EXPECTED[name]
    if name.startswith("admin:"):
        return everyone(ADMIN_LOGIN)
    raise KeyError(name)


def test_every_url_has_a_name():
    # The admin site's own unnamed patterns (its redirects and catch-all) are covered by
    # test_admin_unnamed_paths; anything else needs a name to be in the matrix.
    unnamed = [
        str(entry.pattern)
        for name, entry in url_patterns()
        if name.endswith("<unnamed>") and not name.startswith("admin:")
    ]
    assert not unnamed, f"every URL needs a name so the matrix can cover it: {unnamed}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/people/student/{pk}/", "/admin/no-such-page/"])
def test_admin_unnamed_paths(client, cast, path):
    path = path.format(pk=cast.student.pk)
    for persona in PERSONAS:
        client.logout()
        user = persona_user(cast, persona)
        if user is not None:
            client.force_login(user)
        assert outcome(client.get(path)) == ADMIN_LOGIN, (persona, path)


def test_every_url_is_in_the_matrix():
    missing = [
        name for name in all_url_names() if not name.startswith("admin:") and name not in EXPECTED
    ]
    assert not missing, f"decide who may open these and add them to EXPECTED: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", all_url_names())
def test_access(client, cast, name):
    url = reverse(name, kwargs=params_for(name, cast))
    expected = expected_for(name)
    got = {}
    for persona in PERSONAS:
        client.logout()
        user = persona_user(cast, persona)
        if user is not None:
            client.force_login(user)
        got[persona] = outcome(client.get(url))
    assert got == expected, f"{name} ({url})"


def conference_window_of(cast: Cast):
    """The Fall term's conference window (Fall ends nine days from today)."""
    from tandem.conferences.services import window_for_term

    return window_for_term(term=cast.year.terms.get(name="Fall"))


def conference_of(cast: Cast):
    """Sam's conference, booked at the first time free for his family (once: the browser sweep
    asks for it again on every conference page)."""
    from tandem.conferences import selectors, services
    from tandem.conferences.models import Conference

    existing = Conference.objects.filter(student=cast.student).first()
    if existing is not None:
        return existing

    window = conference_window_of(cast)
    requests = selectors.family_requests(cast.caregiver, window)
    first = selectors.offers(window, requests)[0]
    (conference,) = services.conferences_book(
        by=cast.caregiver.user, window=window, requests=requests, starts_at=first.starts_at
    )
    return conference


def schedule_run_of(cast: Cast):
    from tandem.conferences.models import ScheduleRun

    return ScheduleRun.objects.create(window=conference_window_of(cast), result={"meetings": []})


def checklist_item_of(cast: Cast):
    """The first item of Harbor High's conference checklist (the guide's list)."""
    from tandem.meetings.services import checklist_for

    return checklist_for(cast.school).items.first()


def start_task_of(cast: Cast):
    """The first task of Harbor High's first-weeks checklist for advisors (the default list)."""
    from tandem.onboarding.services import expectations_for

    expectations_for(cast.school)
    return cast.school.start_tasks.first()


def quality_criterion_of(cast: Cast):
    """The first criterion of Harbor High's plan quality rubric (the default from the seeds)."""
    from tandem.quality.services import rubric_for

    return rubric_for(cast.school).criteria.first()


def quality_review_of(cast: Cast):
    """Peer review on: Sam's shared Fall plan is dealt to Bob, who submits his review."""
    from tandem.quality import services

    plan = shared_plan_of(cast)
    existing = plan.quality_reviews.first()
    if existing is not None:
        return existing
    rubric = services.rubric_for(cast.school)
    rubric.peer_review = True
    rubric.save()
    sample = services.sample_draw(term=plan.term, by=cast.coordinator, seed=1)
    review = sample.reviews.get(plan=plan)
    return services.review_submit(
        review=review,
        by=review.reviewer,
        levels={c.pk: 3 for c in rubric.criteria.all()},
        comments={},
        feedback="Name the steps' owners.",
    )


def suggestion_of(cast: Cast):
    """Alice's suggestion to Harbor High's coordinator."""
    from tandem.onboarding.services import suggestion_send

    return suggestion_send(
        author=cast.advisor,
        school=cast.school,
        kind="suggestion",
        subject="Shorter plan template",
        text="Families find the plan long.",
    )


def conference_feed_key_of(cast: Cast) -> str:
    from tandem.conferences.views import feed_key_for

    return feed_key_for(cast.advisor)


def work_piece_of(cast: Cast):
    """A file Sam chose to show at his Fall conference."""
    from django.core.files.base import ContentFile

    from tandem.records.services import work_add

    return work_add(
        student=cast.student,
        term=cast.year.terms.get(name="Fall"),
        title="Lab report",
        upload=ContentFile(b"%PDF-1.4 lab report", name="lab.pdf"),
        by=cast.student.user,
    )


def portfolio_piece_of(cast: Cast):
    """A file in Sam's portfolio (the same one each time it is asked for)."""
    from django.core.files.base import ContentFile

    from tandem.portfolios.models import Piece
    from tandem.portfolios.services import piece_add

    return Piece.objects.filter(portfolio__student=cast.student, title="Poster").first() or (
        piece_add(
            student=cast.student,
            title="Poster",
            upload=ContentFile(b"%PDF-1.4 poster", name="poster.pdf"),
            by=cast.student.user,
        )
    )


def showcase_of(cast: Cast):
    """A live showcase link of Sam's showing his poster, and its token."""
    from tandem.portfolios.services import showcase_create

    return showcase_create(
        student=cast.student, pieces=[portfolio_piece_of(cast)], days=7, by=cast.student.user
    )


def interpreter_of(cast: Cast):
    from tandem.conferences.models import Interpreter

    return Interpreter.objects.create(school=cast.school, name="Ana Interpreter", languages="es")


def exhibition_stage_of(cast: Cast):
    """Harbor's Senior Exhibition, today: Sam presents, Bob and Pat Panel (a community panelist)
    score him (tests/exhibitions/stage.py)."""
    from tests.exhibitions.stage import build_stage

    return build_stage(cast)


# The community panelist persona: no account, only the e-mailed link. Every exhibition URL and
# every page of Sam's record (the URLs that take only his id), asked with Pat's key where a URL
# takes one: only Pat's panel pages open, and only from the day before the exhibition to the day
# after; every other page answers as it does anyone signed out (the sign-in, or a 404 / 405).
PANELIST_PAGES = {"exhibitions:panelist", "exhibitions:panelist_seat", "exhibitions:panelist_piece"}


def _record_pages() -> list[str]:
    pages = []
    for name, entry in url_patterns():
        keys = set(re.findall(r"<(?:\w+:)?(\w+)>", str(entry.pattern)))
        if name.startswith("exhibitions:") or (keys == {"student_id"} and name in EXPECTED):
            pages.append(name)
    return sorted(set(pages))


@pytest.mark.django_db
def test_community_panelist(client, cast):
    import datetime

    import time_machine

    stage = exhibition_stage_of(cast)
    urls = {name: reverse(name, kwargs=params_for(name, cast)) for name in _record_pages()}
    assert "evidence:credit_report" in urls and "exhibitions:panelist_seat" in urls
    for name, url in urls.items():
        got = outcome(client.get(url))
        if name in PANELIST_PAGES:
            assert got == 200, name
        else:
            assert got == expected_for(name)["anonymous"], f"{name}: {got}"
    # Olive's presentation has no seat of Pat's.
    olive_seat = stage.other_presentation.seats.get()
    seat_url = reverse("exhibitions:panelist_seat", args=[stage.panel_key, olive_seat.pk])
    assert client.get(seat_url).status_code == 404
    # Out of the dates, nothing: two days before and two days after.
    day = stage.exhibition.starts_on
    for offset in (-2, 2):
        noon = datetime.datetime.combine(
            day + datetime.timedelta(days=offset), datetime.time(12), tzinfo=cast.school.zone
        )
        with time_machine.travel(noon, tick=False):
            for name in PANELIST_PAGES:
                assert client.get(urls[name]).status_code == 404, (name, offset)
