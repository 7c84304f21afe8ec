"""Subject areas: how a course's area is named, and when a diploma requirement counts it."""

from __future__ import annotations

# SCED (School Courses for the Exchange of Data) subject areas: the first two digits of the
# five-digit course code OneRoster's `subjectCodes` carries (02052 is Algebra I, Mathematics).
SCED_AREAS = {
    "01": "English Language and Literature",
    "02": "Mathematics",
    "03": "Life and Physical Sciences",
    "04": "Social Sciences and History",
    "05": "Visual and Performing Arts",
    "07": "Religious Education and Theology",
    "08": "Physical, Health, and Safety Education",
    "09": "Military Science",
    "10": "Information Technology",
    "11": "Communication and Audio/Visual Technology",
    "12": "Business and Marketing",
    "13": "Manufacturing",
    "14": "Health Care Sciences",
    "15": "Public, Protective, and Government Service",
    "16": "Hospitality and Tourism",
    "17": "Architecture and Construction",
    "18": "Agriculture, Food, and Natural Resources",
    "19": "Human Services",
    "20": "Transportation, Distribution, and Logistics",
    "21": "Engineering and Technology",
    "22": "Miscellaneous",
    "23": "Non-Subject-Specific",
    "24": "World Languages",
}


def area_key(name: str) -> str:
    """One spelling of an area's name: case and extra spaces set aside."""
    return " ".join(name.split()).casefold()


def area_of(subjects: tuple[str, ...], codes: tuple[str, ...]) -> str:
    """A course's subject area from OneRoster: its first `subjects` entry, else the SCED area
    of its first `subjectCodes` entry, else blank."""
    for subject in subjects:
        if subject.strip():
            return " ".join(subject.split())[:100]
    for code in codes:
        area = SCED_AREAS.get(code.strip()[:2])
        if area:
            return area
    return ""
