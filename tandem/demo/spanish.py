"""The demo school's own words in Spanish (the school's content; the interface's Spanish is in
locale/): term names, the plan template's sections, the competencies and the rooms, so a
Spanish-speaking family on the demo reads its pages, e-mails and PDFs in Spanish.
tests/demo/test_spanish.py checks that every school-content field the demo fills has one."""

from tandem.core import content

TERM_NAMES = {"Fall": "Otoño", "Winter": "Invierno", "Spring": "Primavera"}

# The default template's sections (tandem.plans.services.DEFAULT_SECTIONS), by key.
SECTIONS = {
    "hopes_goals": (
        "Mis esperanzas y metas",
        "¿Qué espero aprender y hacer este trimestre?",
    ),
    "competencies": (
        "Competencias en las que trabajo este trimestre",
        "Elige las competencias en las que vas a trabajar.",
    ),
    "learn_best": ("Cómo aprendo mejor", "¿Cuándo hago mi mejor trabajo? ¿Qué me ayuda?"),
    "supports": ("Apoyos y adaptaciones", "¿Qué apoyo me ayudará a alcanzar mis metas?"),
    "action_steps": ("Pasos a seguir", "¿Qué se hará, quién lo hará y para cuándo?"),
    "long_term": (
        "Metas a largo plazo",
        "La universidad, una carrera y la vida después de la escuela.",
    ),
    "family_hopes": (
        "Las esperanzas de mi familia para este trimestre",
        "¿Qué espera mi familia para mí este trimestre?",
    ),
}

COMPETENCIES = {
    "ELA-1": "Lee con atención para encontrar evidencia y hacer inferencias",
    "ELA-2": "Escribe argumentos apoyados en evidencia",
    "ELA-3": "Presenta ideas con claridad ante un público",
    "MATH-1": "Modela situaciones reales con ecuaciones y funciones",
    "MATH-2": "Razona con datos y estadística",
    "MATH-3": "Resuelve problemas de varios pasos y comprueba la respuesta",
    "SCI-1": "Diseña y lleva a cabo una investigación",
    "SCI-2": "Explica fenómenos con modelos científicos",
    "SOC-1": "Analiza fuentes desde distintas perspectivas",
    "SOC-2": "Actúa de forma informada en su comunidad",
    "HAB-1": "Planifica y administra su tiempo para alcanzar una meta",
    "HAB-2": "Pide retroalimentación y la usa",
}


def term_name(english: str) -> dict[str, str]:
    """`Term(**term_name("Fall"))`: the term's name in English and Spanish."""
    return content.kwargs("name", {"en": english, "es": TERM_NAMES[english]})


def room(number: int) -> dict[str, str]:
    return content.kwargs("room", {"en": f"Room {number}", "es": f"Aula {number}"})


def statement(code: str, english: str) -> dict[str, str]:
    return content.kwargs("statement", {"en": english, "es": COMPETENCIES[code]})


def translate_template(template) -> None:
    """The plan template's sections in Spanish (the sections the demo's plans copy)."""
    for section in template.sections.all():
        if section.key in SECTIONS:
            title, prompt = SECTIONS[section.key]
            content.set_all(section, "title", {"es": title})
            content.set_all(section, "prompt", {"es": prompt})
            section.save()
