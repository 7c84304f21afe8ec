"""The school's words and language names in templates: `{% load content %}`.

{{ section|tr:"title" }}         the reader's text; a fallback as <span lang="en">…</span>
{{ caregiver.home_language|language_name }}   "Somali" / "somalí" (a code or a written name)
{{ interpreter.languages|language_names }}    "Spanish, Haitian Creole"
"""

from django import template

from tandem.core import content, languages

register = template.Library()

register.filter("tr", content.render)
register.filter("language_name", languages.name)
register.filter("language_names", languages.names)


@register.filter
def tr_lang(obj, field):
    """The language of the text `tr` shows when it is a fallback, else '': for an element
    whose text comes in lines, `<ul{% with l=item|tr_lang:"guidance" %}{% if l %} lang="{{ l
    }}"{% endif %}{% endwith %}>`."""
    if obj is None or obj == "":
        return ""
    _text, language = content.pick(obj, field)
    return language if language and language != content.reader_language() else ""
