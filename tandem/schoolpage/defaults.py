"""The page's text until the coordinator writes their own, in the words of the seeds and with
the school's own numbers; rendered in the language asked for."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def texts(school, language: str) -> dict[str, str]:
    with translation.override(language):
        about = _(
            "A Personal Learning Plan (PLP) is the plan each student writes with their advisor "
            "every term: their goals, the competencies they are working on, the steps they will "
            "take and the support they will have.\n\n"
            "Every student has an advisor. The advisor contacts each family in the first weeks "
            "of school, meets the student at least once a quarter, and is the family's first "
            "contact about the plan. Families read the plan, add their hopes and suggestions, "
            "and approve it."
        )
        window = ngettext(
            "Each term ends with a review conference, held within %(days)s day of the end of "
            "the term.",
            "Each term ends with a review conference, held within %(days)s days of the end of "
            "the term.",
            school.conference_window_days,
        ) % {"days": school.conference_window_days}
        lead = ngettext(
            "About %(days)s day before the meeting, the family receives the draft of the new "
            "plan by e-mail.",
            "About %(days)s days before the meeting, the family receives the draft of the new "
            "plan by e-mail.",
            school.draft_lead_days,
        ) % {"days": school.draft_lead_days}
        rest = _(
            "The student leads it: what I learned, what I need to learn, and how I will learn "
            "it. All of the student's caregivers are invited, with the student and the advisor. "
            "Together you review the term and the new plan, and you approve it (by signature, "
            "in person, or by text) or agree on a plan to revise it.\n\n"
            "You choose a time online. Ask for an interpreter, a meeting by phone or video, or "
            "a home visit if that suits your family better."
        )
        return {"about": about, "conferences": f"{window} {lead}\n\n{rest}"}
