"""The school's own words in each language it serves: the one home of how they are stored, read,
frozen into a plan version and edited.

School content a family or student reads (plan template sections, family questions, competency
statements, checklist items, term names, rooms) keeps one column per catalog language
(django-modeltranslation; each app's `translation.py` lists its fields): `title_en`, `title_es`.
The school writes each text in its own language (the first of `School.languages`) and may add
the others. A reader gets their language, else the school's: `obj.title` does that by itself
(the reader's language, then the others in `settings.LANGUAGES` order), and `pick()` /
`{{ obj|tr:"title" }}` also say which language the text is in, so a fallback is marked
`<span lang="en">…</span>` on the page.

A shared plan version is frozen: `frozen()` writes the school's text under the field's name (as
before) and every language's under `<field>_i18n`, so the family reads the version in their
language and the fingerprint covers what each language said.

Code that writes content without a language (imports, the demo, rollover) writes the active
language's column through modeltranslation; `set_all()` and `copy()` write every column at once.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


def reader_language() -> str:
    """The active language as a content language ('es-mx' reads 'es'; unknown reads the
    default)."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    if code not in LANGUAGES:
        code = code.split("-")[0]
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def school_language(school) -> str:
    """The language the school writes its content in: the first it lists."""
    return next((c for c in school.language_codes if c in LANGUAGES), settings.LANGUAGE_CODE)


def served_languages(school) -> list[str]:
    """The languages the school serves: the ones it lists (its own first), then any other its
    active families read Tandem in (one query). Only catalog languages: content in another is
    read through an interpreter."""
    from tandem.people.models import Caregiver

    listed = [c for c in school.language_codes if c in LANGUAGES] or [school_language(school)]
    families = set(
        Caregiver.objects.filter(school=school, is_active=True)
        .values_list("preferred_language", flat=True)
        .distinct()
    )
    return listed + [c for c in LANGUAGES if c in families and c not in listed]


def column(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


def fields_of(model) -> tuple[str, ...]:
    """The content fields of a model (empty when it has none)."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def values(obj, field: str) -> dict[str, str]:
    """Every language's text of one field, '' where there is none."""
    return {lang: getattr(obj, column(field, lang), None) or "" for lang in LANGUAGES}


def _order(language: str) -> tuple[str, ...]:
    return (language, *(lang for lang in LANGUAGES if lang != language))


def pick(obj, field: str, language: str | None = None) -> tuple[str, str | None]:
    """(text, the language it is in) for a reader of `language` (the active one by default):
    theirs, else the first language that has one. Works on a model instance and on a frozen
    version's dict (`frozen`); the language is None where it is not known (a version frozen
    before languages were kept)."""
    language = language or reader_language()
    if isinstance(obj, dict):
        texts = obj.get(f"{field}_i18n") or {}
        if texts.get(language):
            return texts[language], language
        source = obj.get(field) or ""
        found = next((lang for lang, text in texts.items() if text == source), None)
        return source, found
    if field not in fields_of(type(obj)):
        return getattr(obj, field, "") or "", None
    for lang in _order(language):
        text = getattr(obj, column(field, lang), None)
        if text:
            return text, lang
    return "", None


def text_in(obj, field: str, language: str) -> str:
    """The text for a reader of `language`, with the fallback (plain, for e-mails and files)."""
    return pick(obj, field, language)[0]


def mark(text: str, language: str | None, reader: str | None = None):
    """The text, escaped; wrapped in `<span lang>` when it is not in the reader's language."""
    reader = reader or reader_language()
    if language and language != reader and text:
        return format_html('<span lang="{}">{}</span>', language, text)
    return format_html("{}", text)


def render(obj, field: str):
    """`{{ obj|tr:"title" }}`: the reader's text, a fallback marked with its language."""
    if obj is None or obj == "":
        return ""
    text, language = pick(obj, field)
    return mark(text, language)


def frozen(obj, field: str, school_language_code: str, name: str | None = None) -> dict:
    """What a plan version keeps of one field: the school's text under `name` (the field's
    name by default) and every language's under `<name>_i18n`."""
    name = name or field
    if field not in fields_of(type(obj)):
        return {name: getattr(obj, field, "") or ""}
    texts = {lang: text for lang, text in values(obj, field).items() if text}
    return {name: pick(obj, field, school_language_code)[0], f"{name}_i18n": texts}


def set_all(obj, field: str, texts: dict[str, str]) -> None:
    """Set the given languages' columns (the others are left as they are); an empty text is
    stored as NULL, so two empty translations never clash in a unique name."""
    for lang, text in texts.items():
        if lang in LANGUAGES:
            setattr(obj, column(field, lang), text or None)


def copy(source, target, field: str, *, change=None, only_empty: bool = False) -> None:
    """Copy every language of `source.field` to `target.field` (`change` rewrites each text,
    e.g. a term name's year; `only_empty` keeps the languages the target has)."""
    for lang, text in values(source, field).items():
        name = column(field, lang)
        if text and not (only_empty and getattr(target, name, None)):
            setattr(target, name, change(text) if change else text)


def as_kwargs(source, field: str, target_field: str | None = None) -> dict[str, str]:
    """`{"place_en": …, "place_es": …}`: every language of a field, for `Model(**kwargs)`."""
    return {
        column(target_field or field, lang): text or None
        for lang, text in values(source, field).items()
    }


def missing(obj, field: str, languages) -> list[str]:
    """The languages (of those given) a field has no text in, when it has text in any."""
    texts = values(obj, field)
    if not any(texts.values()):
        return []
    return [lang for lang in languages if not texts.get(lang)]


def backfill(apps, label: str, fields, school_path: str | None = None) -> None:
    """Migration helper: copy the original column into its school's language column (the first
    of `School.languages`; `school_path` leads from the row to its school), one UPDATE per
    field and language."""
    from django.db.models import F, Q

    model = apps.get_model(label)
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    by_language: dict[str, list[int]] = {}
    for school in apps.get_model("schools", "School").objects.all():
        codes = [c.strip() for c in school.languages.split(",") if c.strip() in LANGUAGES]
        by_language.setdefault(codes[0] if codes else default, []).append(school.pk)
    if school_path is None or set(by_language) <= {default}:
        by_language = {default: None}
    for lang, schools in by_language.items():
        rows = model.objects.all()
        if schools is not None:
            rows = rows.filter(**{f"{school_path}__in": schools})
        for field in fields:
            target = column(field, lang)
            rows.filter(Q(**{f"{target}__isnull": True}) | Q(**{target: ""})).update(
                **{target: F(field)}
            )


# -- editing: one input per language the school serves --------------------------------------


def columns(*fields: str) -> list[str]:
    """Every language's column of the fields, for a ModelForm's `Meta.fields`."""
    return [column(field, lang) for field in fields for lang in LANGUAGES]


def language_fields(form, field: str, *, school, label=None, instance=None, served=None) -> None:
    """Give `form` one input per language the school serves for `field`, in place of the
    field (a plain form's) or of its columns (a ModelForm's `columns()`): the school's language
    first, required as the field was; the others labelled with their language and, while
    empty, marked `untranslated` (templates/includes/form_fields.html says "Not yet
    translated"). Cleaned data and a ModelForm's save use the columns (`title_es`). `served`
    (`served_languages(school)`) spares its query to a page of many forms."""
    import copy

    from django.utils.translation import gettext

    from . import languages as language_names

    own = school_language(school)
    served = served_languages(school) if served is None else served
    served = [own, *(lang for lang in served if lang != own)]
    names = [column(field, lang) for lang in LANGUAGES]
    base = form.fields.get(field)
    template = base or next(form.fields[n] for n in names if n in form.fields)
    required = base.required if base is not None else template.required
    label = label or (base.label if base is not None else template.label)
    instance = instance if instance is not None else getattr(form, "instance", None)
    made = {}
    for lang in served:
        name = column(field, lang)
        made_field = copy.deepcopy(form.fields.get(name) or template)
        made_field.required = required and lang == own
        made_field.label = gettext("%(field)s (%(language)s)") % {
            "field": label,
            "language": language_names.name(lang),
        }
        current = getattr(instance, name, None) if instance is not None else None
        current = current or form.initial.get(name)
        if base is not None and not form.initial.get(name) and form.initial.get(field):
            current = current or (form.initial[field] if lang == own else None)
            if lang == own:
                form.initial[name] = form.initial[field]
        made_field.untranslated = lang != own and not current
        made_field.widget.attrs["lang"] = lang
        made[name] = made_field
    rebuilt = {}
    for key, value in form.fields.items():
        if key == field or key in names:
            rebuilt.update(made)
            made = {}
            continue
        rebuilt[key] = value
    form.fields = rebuilt
    if form.is_bound is False and instance is not None:
        for name in rebuilt:
            if name in names and name not in form.initial:
                form.initial[name] = getattr(instance, name, None) or ""


def cleaned_texts(form, field: str) -> dict[str, str]:
    """{language: text} of a form's per-language inputs of `field` (after `is_valid`)."""
    return {
        lang: (form.cleaned_data.get(column(field, lang)) or "").strip()
        for lang in LANGUAGES
        if column(field, lang) in form.cleaned_data
    }


def texts(value, school) -> dict[str, str]:
    """{language: text} from what a service is given: a dict of languages as it is, a plain
    text as the school's language."""
    if isinstance(value, dict):
        return {lang: (text or "").strip() for lang, text in value.items() if lang in LANGUAGES}
    return {school_language(school): (value or "").strip()}


def in_every_language(text) -> dict[str, str]:
    """A translatable default (gettext_lazy) as every catalog's text of it."""
    out = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            out[lang] = str(text)
    return out


def kwargs(field: str, texts_by_language: dict[str, str]) -> dict[str, str]:
    """`{"title_en": …, "title_es": …}` for `Model(**…)` from {language: text}."""
    return {column(field, lang): text for lang, text in texts_by_language.items()}
