"""The default rubric, drawn from the seeds: goals a family can check (seed 002's "what I need
to learn / how I will learn it"), the competencies targeted (seed 000, step 2), the family's
hopes and the student's learning style in the plan (seed 000, step 6), action steps with an
owner and a date (seed 000, step 8: "a plan with a timeline"), and the supports named (IEP
goals, interventions: seed 000 step 5, seed 002). Created in the language active at first use,
then the school's to edit."""

from django.utils.translation import gettext_lazy as _

LEVELS = [_("Beginning"), _("Developing"), _("Proficient"), _("Exemplary")]

CRITERIA = [
    (
        _("Specific goals"),
        _("The plan says what the student will learn this term in words a family can check."),
        [
            _("No goal, or only a general wish (“do better”)."),
            _("Goals are named but vague or not measurable."),
            _("Each goal says what will be learned and how progress will be seen."),
            _("Goals are specific, measurable and in the student's own words."),
        ],
    ),
    (
        _("Competencies targeted"),
        _("The plan names the competencies the student works toward this term."),
        [
            _("No competency named."),
            _("Competencies named without a link to the goals."),
            _("The competencies targeted follow from the goals and the credit report."),
            _("Competencies are chosen from the credit report with the next step for each."),
        ],
    ),
    (
        _("Family voice"),
        _("The family's hopes and what they know about the student's learning are in the plan."),
        [
            _("Nothing from the family."),
            _("The family is mentioned but their input does not change the plan."),
            _("The family's hopes appear in the plan's goals or steps."),
            _("The plan shows how the family's hopes and knowledge shaped it."),
        ],
    ),
    (
        _("Action steps with owners and dates"),
        _("Each step says what will be done, by whom and by when."),
        [
            _("No action steps."),
            _("Steps without an owner or a date."),
            _("Every step has an owner and a date."),
            _("Steps have owners and dates and say how the family will know they happened."),
        ],
    ),
    (
        _("Supports named"),
        _("The supports the student needs (IEP goals, interventions, referrals) are named."),
        [
            _("No support named where one is needed."),
            _("Supports mentioned in general terms."),
            _("Each support is named with who provides it."),
            _("Supports are named, tied to goals and to how progress is monitored."),
        ],
    ),
]
