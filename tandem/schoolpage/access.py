"""The public page needs no sign-in; its editor is the school's coordinators' and admins'."""

from tandem.core.policy import OVERSIGHT_ROLES
from tandem.schools.access import school_with_role
from tandem.schools.models import School


def editable_school(user, school_id=None) -> School:
    return school_with_role(user, OVERSIGHT_ROLES, school_id)
