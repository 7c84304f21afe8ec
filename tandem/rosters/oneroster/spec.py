"""The OneRoster 1.1 and 1.2 CSV bindings, as far as Tandem reads them: vocabularies and the
columns of each file."""

import re

# Vocabularies, from the 1.1 and 1.2 CSV bindings. Values starting "ext:" are the standard's
# extension point: accepted, and ignored by Tandem.
ORG_TYPES = {"department", "school", "district", "local", "state", "national"}
SESSION_TYPES = {"gradingPeriod", "semester", "schoolYear", "term"}
USER_ROLES_11 = {
    "administrator",
    "aide",
    "guardian",
    "parent",
    "proctor",
    "relative",
    "student",
    "teacher",
}
USER_ROLES_12 = USER_ROLES_11 | {
    "counselor",
    "districtAdministrator",
    "principal",
    "siteAdministrator",
    "systemAdministrator",
}
ROLE_TYPES = {"primary", "secondary"}
CLASS_TYPES = {"homeroom", "scheduled"}
SEXES = {"male", "female", "unspecified", "other"}
# CEDS grade levels, the vocabulary the standard points to.
GRADES = {"IT", "PR", "PK", "TK", "KG", "PS", "UG", "Other"} | {f"{n:02d}" for n in range(1, 14)}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)
USER_ID = re.compile(r"\{([^{}:]+):([^{}]*)\}")
# metadata.* columns Tandem keeps (lower-cased); every other extension column is ignored.
KEPT_METADATA = {"metadata.stateid", "metadata.state_id", "metadata.ssid", "metadata.sasid"}


# Columns per file: (required: in the header and never blank, optional).
COMMON = ("status", "dateLastModified")
SPECS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "1.1": {
        "orgs": (("sourcedId", "name", "type"), (*COMMON, "identifier", "parentSourcedId")),
        "academicSessions": (
            ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
            (*COMMON, "parentSourcedId"),
        ),
        "users": (
            (
                "sourcedId",
                "enabledUser",
                "orgSourcedIds",
                "role",
                "username",
                "givenName",
                "familyName",
            ),
            (
                *COMMON,
                "userIds",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password",
            ),
        ),
        "courses": (
            ("sourcedId", "title"),
            (
                *COMMON,
                "schoolYearSourcedId",
                "courseCode",
                "grades",
                "orgSourcedId",
                "subjects",
                "subjectCodes",
            ),
        ),
        "classes": (
            (
                "sourcedId",
                "title",
                "courseSourcedId",
                "classType",
                "schoolSourcedId",
                "termSourcedIds",
            ),
            (*COMMON, "grades", "classCode", "location", "subjects", "subjectCodes", "periods"),
        ),
        "enrollments": (
            ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
            (*COMMON, "primary", "beginDate", "endDate"),
        ),
        "demographics": (
            ("sourcedId",),
            (
                *COMMON,
                "birthDate",
                "sex",
                "americanIndianOrAlaskaNative",
                "asian",
                "blackOrAfricanAmerican",
                "nativeHawaiianOrOtherPacificIslander",
                "white",
                "demographicRaceTwoOrMoreRaces",
                "hispanicOrLatinoEthnicity",
                "countryOfBirthCode",
                "stateOfBirthAbbreviation",
                "cityOfBirth",
                "publicSchoolResidenceStatus",
            ),
        ),
    },
}
SPECS["1.2"] = {
    **SPECS["1.1"],
    "users": (
        ("sourcedId", "enabledUser", "username", "givenName", "familyName"),
        (
            *COMMON,
            "userMasterIdentifier",
            "userIds",
            "middleName",
            "identifier",
            "email",
            "sms",
            "phone",
            "agentSourcedIds",
            "grades",
            "password",
            "resourceSourcedIds",
            "preferredGivenName",
            "preferredMiddleName",
            "preferredFamilyName",
            "primaryOrgSourcedId",
            "pronouns",
        ),
    ),
    "roles": (
        ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
        (*COMMON, "beginDate", "endDate", "userProfileSourcedId"),
    ),
    "courses": (
        SPECS["1.1"]["courses"][0],
        (*SPECS["1.1"]["courses"][1], "resourceSourcedIds"),
    ),
    "classes": (
        SPECS["1.1"]["classes"][0],
        (*SPECS["1.1"]["classes"][1], "resourceSourcedIds"),
    ),
}
# The gradebook (1.1 and 1.2). Tandem reads final grades from it (`courses.FINAL_TITLES`); the
# columns it needs are required, the rest of the standard's are known.
GRADEBOOK_11 = {
    "categories": (("sourcedId", "title"), COMMON),
    "lineItems": (
        ("sourcedId", "title", "classSourcedId"),
        (
            *COMMON,
            "description",
            "assignDate",
            "dueDate",
            "categorySourcedId",
            "gradingPeriodSourcedId",
            "resultValueMin",
            "resultValueMax",
        ),
    ),
    "results": (
        ("sourcedId", "lineItemSourcedId", "studentSourcedId"),
        (*COMMON, "scoreStatus", "score", "scoreDate", "comment"),
    ),
}
LEARNING_OBJECTIVES = ("learningObjectiveSet", "learningObjectiveIds", "learningObjectiveResults")
SPECS["1.1"].update(GRADEBOOK_11)
SPECS["1.2"].update(
    {
        "categories": (("sourcedId", "title"), (*COMMON, "weight")),
        "lineItems": (
            GRADEBOOK_11["lineItems"][0],
            (
                *GRADEBOOK_11["lineItems"][1],
                "academicSessionSourcedId",
                "schoolSourcedId",
                "scoreScaleSourcedId",
                *LEARNING_OBJECTIVES,
            ),
        ),
        "results": (
            GRADEBOOK_11["results"][0],
            (
                *GRADEBOOK_11["results"][1],
                "classSourcedId",
                "textScore",
                "scoreScaleSourcedId",
                "inProgress",
                "incomplete",
                "late",
                "missing",
                *LEARNING_OBJECTIVES,
            ),
        ),
    }
)
# The order files are read in: a file's references point at files read before it, or at users.
READ_ORDER = (
    "orgs",
    "academicSessions",
    "users",
    "roles",
    "courses",
    "classes",
    "enrollments",
    "categories",
    "lineItems",
    "results",
    "demographics",
)
# Extension columns Tandem reads for course records (compared without case): a course's or a
# class's credit value, and the credits a final grade earned when the SIS says so.
CREDITS_COLUMN = "metadata.credits"
EARNED_COLUMN = "metadata.creditsearned"
# The files that may run to millions of rows: read row by row from the zip, never whole.
STREAMED = {"enrollments.csv", "results.csv", "lineItems.csv"}
# Files no other file refers to: their sourcedIds need keeping only while the file is read.
UNREFERENCED = {"enrollments", "results", "demographics"}
