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


SAM_RECORD = only("coordinator", "advisor", "case_manager", "caregiver", "student")

# The student every record URL points at is Sam: Alice advises him, Casey is his case manager,
# Carla (his mother) has educational rights, Ned (his father) has none.
EXPECTED = {
    "core:home": signed_in(302),
    "core:healthz": everyone(200),
    "accounts:signin": everyone(302, anonymous=200),
    "accounts:signin_code": everyone(302),
    "accounts:signin_link": everyone(200),
    "accounts:signin_link_open": everyone(200),
    "accounts:signout": everyone(405),
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
        "id": str(cast.advisor.pk),
        "run_id": lambda: roster_run_of(cast).pk,
        "plan_id": lambda: shared_plan_of(cast).pk,
        "key": "hopes_goals",
        "number": 1,
        "approval_id": lambda: recorded_approval_of(cast).pk,
    }
    for candidate, entry in url_patterns():
        if candidate == name:
            keys = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", str(entry.pattern))
            found = {a or b: values[a or b] for a, b in keys}
            return {k: v() if callable(v) else v for k, v in found.items()}
    raise AssertionError(name)


def roster_run_of(cast: Cast):
    """A roster import into Harbor High, waiting for Sid's confirmation."""
    from tandem.rosters.models import ImportRun

    run = ImportRun.objects.create(
        by=cast.school_admin, file_name="harbor.zip", status=ImportRun.Status.PREVIEW
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
