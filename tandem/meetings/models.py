"""The conference itself: the school's checklist (the meeting's agenda), and for each
conference its meeting — what was covered, who was there, and what happened in the room.

The checklist defaults to the school guide's Must-Do list (seed 000_77661f1ccf010411.txt),
with the Should-Do and Nice-to-Do items as tips for the advisor; `services.checklist_for`
makes it the first time a school's checklist is asked for.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.conferences.models import Conference
from tandem.people.models import Caregiver
from tandem.schools.models import School


class ItemKind(models.TextChoices):
    MUST = "must", _("Must do")
    SHOULD = "should", _("Should do (a tip for the advisor)")
    NICE = "nice", _("Nice to do (a tip for the advisor)")


class Evidence(models.TextChoices):
    """What an agenda item opens in the meeting."""

    NONE = "none", pgettext_lazy("evidence kind", "Nothing to open")
    CREDIT_REPORT = "credit_report", _("Credit report")
    NARRATIVE = "narrative", _("Advisor's narrative")
    GROWTH = "growth", _("Test growth (growth first, details on request)")
    IEP = "iep", _("IEP goals and progress")
    PLAN = "plan", _("The new plan, with the family's questions and input")
    APPROVAL = "approval", _("Approval of the plan")
    REVISION = "revision", _("Revision plan")


class Checklist(models.Model):
    """A school's conference checklist; its items are the agenda of every meeting."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="conference_checklist"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Conference checklist of {self.school}"


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("What to look at or ask; one point per line.")
    )
    evidence = models.CharField(
        _("opens"), max_length=20, choices=Evidence.choices, default=Evidence.NONE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="must") | Q(evidence="none"),
                name="checklist_tip_opens_nothing",
                violation_error_message=_(
                    "A tip for the advisor opens nothing; make it a Must-do item."
                ),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_tip(self) -> bool:
        return self.kind != ItemKind.MUST

    @property
    def guidance_lines(self) -> list[str]:
        return [line.strip() for line in self.guidance.splitlines() if line.strip()]


class Meeting(models.Model):
    """What happened at one conference. Made (with its invitees) the first time someone running
    it opens the agenda; `started_at` is set by the first thing recorded in it, so opening the
    page ahead of time to look does not start it."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="meeting")
    started_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Meeting of {self.conference}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Coverage(models.Model):
    """One agenda item checked off as covered, with notes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="coverage")
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=300)  # the item's title then, kept if it is removed
    covered = models.BooleanField(_("covered"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="coverage_once_per_item")
        ]

    def __str__(self):
        return f"{self.title} ({'covered' if self.covered else 'open'})"


class AttendeeKind(models.TextChoices):
    CAREGIVER = "caregiver", _("Caregiver")
    STUDENT = "student", _("Student")
    ADVISOR = "advisor", _("Advisor")
    INTERPRETER = "interpreter", _("Interpreter")
    OTHER = "other", pgettext_lazy("attendee", "Other")


class Attendee(models.Model):
    """One person invited to or present at the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(max_length=12, choices=AttendeeKind.choices)
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    invited = models.BooleanField(default=True)
    present = models.BooleanField(_("present"), default=False)
    # For someone not invited by name (a grandparent, an aunt): do they count as the family
    # coming? Caregivers and the student are family by their kind.
    family = models.BooleanField(_("family member"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "caregiver"],
                condition=Q(caregiver__isnull=False),
                name="attendee_caregiver_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=Q(kind__in=["student", "advisor", "interpreter"]),
                name="attendee_role_once",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.kind})"


class EventKind(models.TextChoices):
    STUDENT_READY_ON_DEVICE = "student_ready_device", _("The student marked the plan ready")
    STUDENT_AGREED = "student_agreed", _("The student agreed in the room (recorded by the advisor)")
    ADVISOR_READY = "advisor_ready", _("The advisor marked the plan ready")
    SHARED = "shared", _("Shared the new version")
    SIGNED = "signed", _("Approved on the device")
    VERBAL = "verbal", _("Approved verbally (recorded by the advisor)")
    REVISION_PLAN = "revision_plan", _("Made a revision plan")
    FINISHED = "finished", _("Finished the meeting")


class RoomEvent(models.Model):
    """What was done to the plan in the room, who did it and when: the meeting record's
    account of the live revision and the approvals."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(
        Caregiver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version_number = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
