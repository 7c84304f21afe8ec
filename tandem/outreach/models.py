"""The advisor's routines with families and advisees: the contact log, quarterly meetings,
check-ins, the school's outreach settings, and contact details flagged for correction.
Messages to families live in message_models.py (imported at the end)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Caregiver, Student
from tandem.schools.models import Quarter, School


class NoRightsPolicy(models.TextChoices):
    NOTHING = "nothing", _("Nothing")
    GENERAL = "general", _("General messages only (never about the student's record)")


class OutreachSettings(models.Model):
    """A school's numbers for outreach; a school without a row uses the defaults."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="outreach")
    checkin_days = models.PositiveSmallIntegerField(
        _("days without a check-in before it is due"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    quiet_start = models.TimeField(_("quiet hours start"), default=datetime.time(20, 0))
    quiet_end = models.TimeField(_("quiet hours end"), default=datetime.time(8, 0))
    no_rights_messages = models.CharField(
        _("caregivers without educational rights receive"),
        max_length=10,
        choices=NoRightsPolicy.choices,
        default=NoRightsPolicy.NOTHING,
    )
    # How long the sign-in link in a document e-mail to a family works (tandem/accounts/links.py).
    family_link_days = models.PositiveSmallIntegerField(
        _("days a sign-in link in an e-mail to a family works"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "The shared plan, the meeting record and conference e-mails carry a link that signs "
            "the family in once. Staff never get one."
        ),
    )

    def __str__(self):
        return f"Outreach settings for {self.school}"

    @classmethod
    def for_school(cls, school) -> "OutreachSettings":
        found = cls.objects.filter(school=school).first()
        return found or cls(school=school)

    def is_quiet(self, moment) -> bool:
        """Is `moment` (aware) inside the school's quiet hours, in the school's time zone?"""
        local = timezone.localtime(moment, self.school.zone).time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end

    def quiet_ends_after(self, moment) -> datetime.datetime:
        """The first moment after `moment` outside quiet hours (aware, UTC)."""
        zone = self.school.zone
        local = timezone.localtime(moment, zone)
        end = datetime.datetime.combine(local.date(), self.quiet_end, tzinfo=zone)
        if end <= local:
            end += datetime.timedelta(days=1)
        return end.astimezone(datetime.UTC)


class ContactMethod(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    HOME_VISIT = "home_visit", _("Home visit")


class Initiator(models.TextChoices):
    SCHOOL = "school", _("School")
    FAMILY = "family", _("Family")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    BOUNCED = "bounced", _("E-mail bounced")
    SENT = "sent", _("Message sent")
    PENDING = "pending", _("Message waiting to be sent")
    NOT_SENT = "not_sent", _("Message not sent")


class ContactLog(models.Model):
    """One contact (or attempt) between the school and a caregiver about a student."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="contacts")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.CASCADE, related_name="contacts")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_logged"
    )
    method = models.CharField(_("how"), max_length=12, choices=ContactMethod.choices)
    initiated_by = models.CharField(
        _("who started it"), max_length=10, choices=Initiator.choices, default=Initiator.SCHOOL
    )
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    contacted_at = models.DateTimeField(_("when"), default=timezone.now)
    recipient = models.OneToOneField(
        "outreach.MessageRecipient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contacted_at", "-id"]
        indexes = [
            models.Index(fields=["student", "-contacted_at"]),
            models.Index(fields=["caregiver", "-contacted_at"]),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.caregiver} ({self.get_outcome_display()})"


class ContactDetail(models.TextChoices):
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")


class ContactFlag(models.Model):
    """A caregiver's phone or e-mail that turned out wrong (a wrong number, a bounce), waiting
    for someone to correct it."""

    caregiver = models.ForeignKey(Caregiver, on_delete=models.CASCADE, related_name="flags")
    detail = models.CharField(_("detail"), max_length=10, choices=ContactDetail.choices)
    value = models.CharField(_("value"), max_length=254, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    flagged_at = models.DateTimeField(default=timezone.now)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-flagged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["caregiver", "detail"],
                condition=Q(resolved_at__isnull=True),
                name="contact_flag_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.caregiver}: {self.get_detail_display()} ({self.reason})"


class QuarterlyMeeting(models.Model):
    """An advisor–student meeting (at least one a quarter), and what came of it for the
    coordinator."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="meetings")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_held"
    )
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    progress = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    ideas = models.TextField(_("new ideas and developments"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["student", "quarter"])]

    def __str__(self):
        return f"{self.student} — {self.held_on}"


class CheckIn(models.Model):
    """A casual greeting or check-in with an advisee: one tap, an optional word."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="checkins")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkins"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["student", "-at"])]

    def __str__(self):
        return f"{self.student} — {self.at:%Y-%m-%d}"


class DigestSent(models.Model):
    """One morning digest per person per day, however often the command runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"Digest for {self.user} on {self.day}"


from .message_models import Message, MessageRecipient, MessageTemplate  # noqa: E402, F401
