"""The Personal Learning Plan: its template, its living draft, frozen versions, the family's
input, approvals bound to a version, and revision plans.

The draft lives in PlanSection rows (each with its own revision number, so two people editing
different sections never collide and two editing the same one get a conflict, not a lost
update). Sharing or approving freezes a PlanVersion: the canonical JSON of the plan and its
SHA-256. Approvals point at a version, so "what did the family agree to" always has an exact
answer.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Caregiver, Student
from tandem.schools.models import School, Term

# The seed's two questions for families (000_77661f1ccf010411.txt, step 6.2), stored by key
# and shown in the reader's language; a school's own questions are stored as written.
FAMILY_QUESTIONS = {
    "hopes": _(
        "Are your hopes for your student reflected here? What should we add, change or remove?"
    ),
    "learning": _(
        "Does the plan fit how your student learns best? What should we add, change or remove?"
    ),
}


class SectionKind(models.TextChoices):
    TEXT = "text", _("Text")
    COMPETENCIES = "competencies", _("Competencies")
    ACTION_STEPS = "action_steps", _("Action steps")


class Competency(models.Model):
    """A competency a student can target; a plain list until frameworks are imported."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(_("code"), max_length=40)
    statement = models.CharField(_("statement"), max_length=500)
    is_active = models.BooleanField(_("in use"), default=True)
    # Set when the competency came from an imported framework (tandem.evidence): the import
    # updates the statement; the graduation fields below stay the school's.
    framework_item = models.ForeignKey(
        "evidence.FrameworkItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competencies",
    )
    counts_toward_graduation = models.BooleanField(_("counts toward graduation"), default=False)
    credits = models.DecimalField(
        _("credit value"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Credits a student earns by mastering it."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="competency_code_unique")
        ]

    def __str__(self):
        return f"{self.code} — {self.statement}"


class PlanTemplate(models.Model):
    """The school's PLP template: the sections every new plan starts from."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="plan_template")
    family_questions = models.TextField(
        _("extra questions for families"),
        blank=True,
        help_text=_("One question per line, asked after the two standard questions."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"PLP template of {self.school}"

    @property
    def extra_questions(self) -> list[str]:
        return [line.strip() for line in self.family_questions.splitlines() if line.strip()]


class TemplateSection(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("prompt"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.TEXT
    )
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_section_key_unique")
        ]

    def __str__(self):
        return self.title


class PlanKind(models.TextChoices):
    INITIAL = "initial", _("Initial PLP")
    TERM = "term", _("Term plan")
    ANNUAL = "annual", _("Annual update")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for family")
    SHARED = "shared", _("Shared with family")
    APPROVED = "approved", _("Approved")
    NEEDS_REVISION = "needs_revision", _("Needs revision")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plans")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    student_ready_at = models.DateTimeField(null=True, blank=True)
    advisor_ready_at = models.DateTimeField(null=True, blank=True)
    advisor_ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-term__starts_on", "student__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="plan_one_per_term"),
        ]
        indexes = [models.Index(fields=["term", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.student} — {self.term}"

    @property
    def is_read_only(self) -> bool:
        return self.state == PlanState.CLOSED


class PlanSection(models.Model):
    """One section of the living draft. `revision` goes up on every save; a save that names an
    older revision is a conflict."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    prompt = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=SectionKind.choices)
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plan_section_key_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def is_empty(self) -> bool:
        return not self.body.strip() and not self.items


class PlanEdit(models.Model):
    """Who changed which section, when, and to what: the attribution trail of the draft."""

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="edits")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.author} edited {self.section} (r{self.revision})"


class VersionReason(models.TextChoices):
    SHARED = "shared", _("Shared with family")
    APPROVED = "approved", _("Approved")


class PlanVersion(models.Model):
    """A frozen copy of the plan. Never edited: services only create them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=20, choices=VersionReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")
        ]

    def __str__(self):
        return f"v{self.number} of {self.plan}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Plan versions are immutable")
        super().save(*args, **kwargs)


class ApprovalMethod(models.TextChoices):
    PORTAL = "portal", _("Signed in Tandem")
    VERBAL = "verbal", _("Verbally")
    TEXT = "text", _("By text message")
    PAPER = "paper", _("Signed on paper")
    MEETING = "meeting", _("Signed in the meeting")


class Approval(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="approvals")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="approvals")
    method = models.CharField(_("how"), max_length=10, choices=ApprovalMethod.choices)
    approved_at = models.DateTimeField(_("when"), default=timezone.now)
    typed_name = models.CharField(_("typed name"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to="plans/approvals/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "heic", "pdf"])],
    )

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "caregiver"], name="approval_once_per_version"
            ),
            models.CheckConstraint(
                condition=~Q(method="portal") | ~Q(typed_name=""), name="portal_approval_signed"
            ),
            models.CheckConstraint(
                condition=~Q(method="meeting") | ~Q(typed_name=""),
                name="meeting_approval_signed",
            ),
        ]

    def __str__(self):
        return f"{self.caregiver} approved v{self.version.number} ({self.method})"


class FamilyInput(models.Model):
    """A caregiver's comment on a section, or answer to one of the family questions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="family_input")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.PROTECT, related_name="+")
    section_key = models.SlugField(max_length=40, blank=True)
    question = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.caregiver} on {self.plan}"

    @property
    def question_text(self) -> str:
        return str(FAMILY_QUESTIONS.get(self.question, self.question))


class RevisionPlan(models.Model):
    """What must change before the family is asked again, who does it, and by when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revision_plans")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    changes = models.TextField(_("changes asked for"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revision_plans",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("revised by"))
    review_on = models.DateField(_("reviewed with the family by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("due_on")), name="revision_review_after_due"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(resolved_at__isnull=True),
                name="revision_open_by_due",
            )
        ]

    def __str__(self):
        return f"Revision of {self.plan} due {self.due_on}"
