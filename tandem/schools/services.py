"""Writes to the school's own settings and words."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tandem.core import content

from .models import School, Term


@transaction.atomic
def term_names_save(*, term: Term, names: dict[str, str]) -> Term:
    """The term's name in each language given ({language: name}); the school's own language
    cannot be emptied, and two terms of a year never share a name in a language."""
    school = term.year.school
    own = content.school_language(school)
    names = {lang: name for lang, name in names.items() if name or lang != own}
    content.set_all(term, "name", names)
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise ValidationError(
            _("Another term of %(year)s has that name.") % {"year": term.year.name}
        ) from None
    return term


@transaction.atomic
def school_languages_save(*, school: School, languages: list[str]) -> School:
    """The languages the school serves, its own first (validated against the catalogs)."""
    school.languages = ",".join(dict.fromkeys(languages))
    school.full_clean(validate_unique=False, validate_constraints=False)
    school.save(update_fields=["languages"])
    return school
