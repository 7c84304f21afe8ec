"""Which pages a person's roles open to them: the home they land on and the links they see."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import Role

from .policy import OVERSIGHT_ROLES, roles_by_school


def _held_roles(user) -> set[str]:
    held: set[str] = set()
    for roles in roles_by_school(user).values():
        held |= roles
    return held


def nav_links(user) -> list[tuple[str, str]]:
    """(url, label) for each home the user has, in the order of `home_url_for`."""
    if not user.is_authenticated:
        return []
    held = _held_roles(user)
    links = []
    if held & OVERSIGHT_ROLES:
        links.append((reverse("advisories:coordinator"), _("Students and advisors")))
        links.append((reverse("oversight:desk"), _("Compliance")))
        links.append((reverse("participation:page"), _("Participation")))
        links.append((reverse("plans:coordinator_plans"), _("Plans")))
        links.append((reverse("quality:overview"), _("Plan quality")))
        links.append((reverse("outreach:coordinator_meetings"), _("Meetings")))
        links.append((reverse("conferences:terms"), _("Conferences")))
        links.append((reverse("meetings:checklist"), _("Conference checklist")))
        links.append((reverse("portfolios:coordinator"), _("Graduation portfolios")))
        links.append((reverse("exhibitions:list"), _("Exhibitions of learning")))
        links.append((reverse("onboarding:coordinator"), _("Advisor onboarding")))
        links.append((reverse("onboarding:inbox"), _("Suggestions and concerns")))
        links.append((reverse("schoolpage:edit"), _("Public PLP page")))
        links.append((reverse("credentials:settings"), _("Badges and credentials")))
        links.append((reverse("schools:languages"), _("Languages and translations")))
        links.append((reverse("archive:years"), _("Year archive")))
        links.append((reverse("core:deliveries"), _("Messages not delivered")))
    if Role.ADVISOR in held:
        links.append((reverse("advisories:advisor_home"), _("My advisees")))
        links.append((reverse("plans:advisor_plans"), _("My advisees' plans")))
        links.append((reverse("quality:feedback"), _("Plan quality feedback")))
        links.append((reverse("outreach:messages"), _("Messages")))
        links.append((reverse("conferences:advisor"), _("My conferences")))
        links.append((reverse("onboarding:expectations"), _("Advisor expectations")))
        links.append((reverse("onboarding:suggestions"), _("Suggestions and concerns")))
    if held & {Role.CASE_MANAGER, Role.COUNSELOR}:
        links.append((reverse("advisories:caseload_home"), _("My caseload")))
    if held & {Role.ADVISOR, Role.CASE_MANAGER, Role.COUNSELOR}:
        links.append((reverse("outreach:due"), _("What's due")))
    if held:
        links.append((reverse("referrals:list"), _("Referrals")))
        links.append((reverse("exhibitions:my_panels"), _("My exhibition panels")))
    if Role.SCHOOL_ADMIN in held:
        links.append((reverse("rosters:home"), _("Roster import")))
        links.append((reverse("evidence:imports"), _("Evidence imports")))
    caregiver = getattr(user, "caregiver", None)
    if caregiver is not None and caregiver.is_active:
        links.append((reverse("people:family_home"), _("My children")))
        links.append((reverse("conferences:family"), _("Conferences")))
    student = getattr(user, "student", None)
    if student is not None and student.is_active:
        links.append((reverse("people:student_home"), _("My page")))
        links.append((reverse("exhibitions:student", args=[student.pk]), _("My exhibitions")))
    return links


def home_url_for(user) -> str | None:
    links = nav_links(user)
    if links:
        return links[0][0]
    if user.is_staff:
        return reverse("admin:index")
    return None
