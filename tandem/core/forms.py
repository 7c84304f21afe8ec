"""How a view shows a service's ValidationError: on the form, or as page messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)


def errors_to_messages(request, error: ValidationError) -> None:
    """Each of the error's messages as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)
