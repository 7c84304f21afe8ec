"""Credentials issued after commit (a school's auto-issue)."""

from django.core.exceptions import ValidationError
from django_tasks import task


@task()
def issue_for_mastery(student_id: int, competency_id: int) -> None:
    """Issue the badge unless one was issued before (a badge the coordinator revoked is not
    issued again by a later save of the rating) or the mastery is gone; running it twice does
    no harm."""
    from tandem.people.models import Student
    from tandem.plans.models import Competency

    from . import services
    from .models import Credential

    student = Student.objects.select_related("school").filter(pk=student_id).first()
    competency = Competency.objects.filter(pk=competency_id).first()
    if student is None or competency is None:
        return
    if Credential.objects.filter(student=student, competency=competency).exists():
        return
    try:
        services.credential_issue(student=student, competency=competency)
    except ValidationError:
        return
