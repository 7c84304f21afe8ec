"""The defaults a school starts from, in the words of seed 001 (the district's "PLP Staff
Advisor Expectations") and of the year's first rules (PRODUCT.md, "The year"). They are
written in the language active when the school's onboarding is first asked for."""

from django.utils.translation import gettext as _


def expectations() -> list[str]:
    return [
        _("Meet with the PLP Coordinator regarding students and brainstorm ideas regarding each."),
        _("Meet with students to review PLP plans at the start of the year."),
        _("Stress and maintain student confidentiality."),
        _(
            "Contact parents within the first two weeks of school, and be the initial contact "
            "point for parents (except in the case of IEPs, 504s, and ESTs)."
        ),
        _(
            "Meet with students at least once a quarter to discuss progress, problems, new ideas "
            "and developments; inform the PLP Coordinator regarding updates."
        ),
        _("Assist student and coordinator in compiling Electronic Portfolios."),
        _("Intentionally and consistently seek out advisees for casual greetings and check-ins."),
        _("Maintain confidentiality at all times with students and staff."),
        _(
            "Share insight and provide suggestions to the PLP Coordinator to help improve the "
            "process."
        ),
        _("Positively support the PLP initiative."),
        _("Collaborate with the PLP Coordinator to address student concerns related to PLP."),
        _(
            "Refer students to the Student Support Team and/or Guidance Counselor with "
            "emotional/mental health issues."
        ),
    ]


def start_tasks() -> list[str]:
    return [
        _("Read the advisor expectations and acknowledge them."),
        _("Meet with the PLP Coordinator about your advisees."),
        _("Contact every advisee's family within the first two weeks of school."),
        _("Review each advisee's PLP with them."),
        _("Schedule the first quarterly meeting with each advisee."),
    ]
