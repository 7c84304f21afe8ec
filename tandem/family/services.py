"""Writes of the family's side."""

from .models import RecordRead


def record_read(*, record, caregiver) -> None:
    """The caregiver opened the final record: it leaves their next steps."""
    RecordRead.objects.get_or_create(record=record, caregiver=caregiver)
