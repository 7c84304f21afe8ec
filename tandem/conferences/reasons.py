"""Why a student could not be placed, in the reader's language.

The scheduler gives each `unscheduled` entry of a run a stable `code` and a small `detail`
(tandem/scheduling/reasons.py lists them); this turns one into a translated sentence. An entry
without a known code (a run stored before codes existed) keeps its English `reason`.
"""

from __future__ import annotations

from django.utils.translation import gettext

from tandem.core.languages import name as _language
from tandem.scheduling import reasons as codes


def _cause(cause: str) -> str:
    return {
        "advisor_daily_limit": gettext("the advisor's daily limit"),
        "advisor_conferences": gettext("the advisor's other conferences"),
        "family_conferences": gettext("the family's other conferences"),
        "interpreter_conferences": gettext("the interpreter's other conferences"),
    }.get(cause, cause)


def describe(entry: dict) -> str:
    """A sentence for one `unscheduled` entry of a scheduler result."""
    code, detail = entry.get("code"), entry.get("detail") or {}
    if code == codes.NO_INTERPRETER:
        return gettext("No interpreter speaks %(language)s.") % {
            "language": _language(detail.get("language", ""))
        }
    if code == codes.NO_COMMON_TIME:
        if detail.get("travel"):
            return gettext(
                "The family and the advisor have no time in common, counting the home visit's "
                "travel."
            )
        return gettext("The family and the advisor have no time in common.")
    if code == codes.NO_INTERPRETER_FREE:
        return gettext(
            "No %(language)s interpreter is free when the family and the advisor are."
        ) % {"language": _language(detail.get("language", ""))}
    if code == codes.TIMES_TAKEN:
        causes = detail.get("causes") or []
        if not causes:
            return gettext("Every time that works for the family is taken by other conferences.")
        return gettext("Every time that works for the family is taken (%(causes)s).") % {
            "causes": ", ".join(_cause(c) for c in causes)
        }
    return entry.get("reason", "")
