"""Referrals of a student to the student support team or the guidance counselor. Restricted:
only the referrer, the school's support team, its counselors and its coordinators see one, and
every view is written to the access log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.people.models import Student
from tandem.schools.models import School

# Used when a school has configured no categories of its own.
DEFAULT_CATEGORIES = [
    ("emotional", _("Emotional / mental health")),
    ("academic", _("Academic")),
    ("attendance", _("Attendance")),
    ("behaviour", _("Behavior")),  # the stored key keeps its first spelling
    ("basic_needs", _("Basic needs")),
    ("other", _("Other")),
]


class ReferralCategory(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="referral_categories")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["school", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="referral_category_unique"),
        ]
        verbose_name_plural = "referral categories"

    def __str__(self):
        return self.name


class SupportTeamMember(models.Model):
    """A member of a school's student support team: they receive and work on referrals."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="support_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_teams"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="support_team_member_unique"),
        ]

    def __str__(self):
        return f"{self.user} ({self.school})"


class ReferTo(models.TextChoices):
    SUPPORT_TEAM = "support_team", _("Student support team")
    COUNSELOR = "counselor", _("Guidance counselor")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine (within two weeks)")
    SOON = "soon", _("Soon (this week)")
    URGENT = "urgent", _("Urgent (today)")


class ReferralState(models.TextChoices):
    REFERRED = "referred", _("Referred")
    IN_REVIEW = "in_review", _("In review")
    ACTIONS_AGREED = "actions_agreed", _("Actions agreed")
    CLOSED = "closed", pgettext_lazy("referral state", "Closed")


# The allowed moves; closing is possible from every open state, reopening is not.
NEXT_STATES = {
    ReferralState.REFERRED: [ReferralState.IN_REVIEW, ReferralState.CLOSED],
    ReferralState.IN_REVIEW: [ReferralState.ACTIONS_AGREED, ReferralState.CLOSED],
    ReferralState.ACTIONS_AGREED: [ReferralState.CLOSED],
    ReferralState.CLOSED: [],
}


class Referral(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="referrals")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="referrals")
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    refer_to = models.CharField(_("refer to"), max_length=20, choices=ReferTo.choices)
    category = models.CharField(_("concern"), max_length=80)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    observed = models.TextField(_("what was seen"))
    strategies_tried = models.TextField(_("strategies already tried"), blank=True)
    family_told = models.BooleanField(_("the family was told"))
    family_not_told_reason = models.TextField(_("why the family was not told"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ReferralState.choices, default=ReferralState.REFERRED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "state", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(family_told=True) | ~Q(family_not_told_reason=""),
                name="referral_family_not_told_needs_reason",
            ),
        ]

    def __str__(self):
        return f"Referral #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state != ReferralState.CLOSED


class ReferralNote(models.Model):
    """A contributor's note on a referral; a note may move it to its next state."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"))
    from_state = models.CharField(max_length=20, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReferralState.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on referral #{self.referral_id}"
