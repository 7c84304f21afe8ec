"""The school's message templates, kept by the coordinator (/coordinator/message-templates/):
reads and writes.

A template is the rows of `MessageTemplate` sharing a name, one per language it is written in
(a subject and a text each). The school writes it in its own language (the first of
`School.languages`) and may add the languages its families read; a language without a row is
"not yet translated" (the page marks it, schools.untranslated lists it) and its families get the
school's text (`messaging.message_send`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core import content, languages

from .message_models import MessageTemplate


@dataclass
class Template:
    """One template in every language it is written in."""

    name: str
    rows: dict[str, MessageTemplate] = field(default_factory=dict)  # by language
    missing: list[str] = field(default_factory=list)  # served languages it is not in

    @property
    def pk(self) -> int:
        """The row the template's page is reached by: the school's language's, else the
        first."""
        return self.main.pk

    @property
    def main(self) -> MessageTemplate:
        return next(iter(self.rows.values()))

    @property
    def missing_names(self) -> str:
        return ", ".join(languages.name(code) for code in self.missing)


def templates_of(school) -> list[Template]:
    """The school's templates by name, each with the served languages it is not in yet
    (one query)."""
    own = content.school_language(school)
    served = content.served_languages(school)
    found: dict[str, Template] = {}
    rows = MessageTemplate.objects.filter(school=school).order_by("name", "language")
    for row in rows:
        found.setdefault(row.name, Template(row.name)).rows[row.language] = row
    for template in found.values():
        if own in template.rows:  # the school's language first
            template.rows = {own: template.rows[own]} | template.rows
        template.missing = [lang for lang in served if lang not in template.rows]
    return list(found.values())


def template_of(row: MessageTemplate) -> Template:
    """The whole template one of its rows belongs to."""
    return next(t for t in templates_of(row.school) if t.name == row.name)


@transaction.atomic
def template_save(
    *, school, name: str, texts: dict[str, tuple[str, str]], current: str | None = None
) -> MessageTemplate:
    """Write a template (a new one, or the one named `current`, renamed to `name`): for each
    language given, its (subject, text), or ("", "") to take that language out. The school's
    language must have both. Languages not given are kept as they are. Returns the school's
    language's row."""
    own = content.school_language(school)
    name = " ".join(name.split())
    subject, body = texts.get(own, ("", ""))
    if not name:
        raise ValidationError(_("Give the template a name."))
    if not (subject.strip() and body.strip()):
        raise ValidationError(
            _("Write the subject and the text in %(language)s.") % {"language": languages.name(own)}
        )
    rows = MessageTemplate.objects.filter(school=school)
    if name != current and rows.filter(name=name).exists():
        raise ValidationError(_("The school has a template named %(name)s.") % {"name": name})
    if current is not None and name != current:
        rows.filter(name=current).update(name=name)
    for lang, (subject, body) in texts.items():
        subject, body = subject.strip(), body.strip()
        if lang not in content.LANGUAGES:
            continue
        if subject and body:
            MessageTemplate.objects.update_or_create(
                school=school, name=name, language=lang, defaults={"subject": subject, "body": body}
            )
        else:
            rows.filter(name=name, language=lang).delete()
    return MessageTemplate.objects.get(school=school, name=name, language=own)
