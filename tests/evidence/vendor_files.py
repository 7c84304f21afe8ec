"""Test results files shaped like the vendors' real exports: every column of the layout, in its
order, with the vendor's quoting, line endings, byte-order mark and date format. Each builder
takes a few rows as dicts (only what a test cares about) and fills in the rest plausibly.

- NWEA MAP Growth `AssessmentResults.csv`, the 2020+ layout (Subject and Course) and the older
  one (MeasurementScale and Discipline): CRLF, MM/DD/YYYY, quotes only where a value needs them.
- Renaissance Star v2 (`SR_v2`, `SM_v2`, `SEL_v2`): every value quoted, `YYYY-MM-DD hh:mm:ss.fff`
  dates — or Excel's `M/D/YY h:mm` once a district has opened and saved the file.
- i-Ready `diagnostic_results_ela` / `_math` (2023+ layout, 65 and 56 columns): a byte-order
  mark, MM/DD/YYYY, quoted lists of teachers.
"""

import csv
import io

GROWTH_PERIODS = [
    f"{a}To{b}"
    for a, b in [
        ("Fall", "Fall"),
        ("Fall", "Winter"),
        ("Fall", "Spring"),
        ("Winter", "Winter"),
        ("Winter", "Spring"),
        ("Spring", "Spring"),
    ]
]
GROWTH_MEASURES = [
    "ProjectedGrowth",
    "ObservedGrowth",
    "ObservedGrowthSE",
    "MetProjectedGrowth",
    "ConditionalGrowthIndex",
    "ConditionalGrowthPercentile",
    "GrowthQuintile",
]
GOALS = [
    f"Goal{n}{part}"
    for n in range(1, 9)
    for part in ("Name", "RitScore", "StdErr", "Range", "Adjective")
]
TYPICAL = [f"Typical{p}Growth" for p in GROWTH_PERIODS]
PROFICIENCY = [
    f"ProjectedProficiency{kind}{n}" for n in range(1, 11) for kind in ("Study", "Level")
]

NWEA_2020 = [
    "TermName", "DistrictName", "District_StateID", "SchoolName", "School_StateID", "StudentID",
    "Student_StateID", "Subject", "Course", "GrowthMeasureYN", "NormsReferenceData",
    "WISelectedAYFall", "WISelectedAYWinter", "WISelectedAYSpring", "WIPreviousAYFall",
    "WIPreviousAYWinter", "WIPreviousAYSpring", "TestType", "TestName", "TestID", "TestStartDate",
    "TestStartTime", "TestDurationMinutes", "TestRITScore", "TestStandardError", "TestPercentile",
    "AchievementQuintile", "PercentCorrect", "RapidGuessingPercentage",
    *[p + m for p in GROWTH_PERIODS for m in GROWTH_MEASURES],
    "LexileScore", "LexileMin", "LexileMax", "QuantileScore", "QuantileMin", "QuantileMax",
    *GOALS, *TYPICAL, *PROFICIENCY,
]  # fmt: skip
NWEA_OLD = [
    "TermName", "StudentID", "SchoolName", "MeasurementScale", "Discipline", "GrowthMeasureYN",
    "WISelectedAYFall", "WISelectedAYWinter", "WISelectedAYSpring", "WIPreviousAYFall",
    "WIPreviousAYWinter", "WIPreviousAYSpring", "TestType", "TestName", "TestID", "TestStartDate",
    "TestDurationMinutes", "TestRITScore", "TestStandardError", "TestPercentile",
    *[p + m for p in GROWTH_PERIODS for m in GROWTH_MEASURES[:-1]],
    "RITtoReadingScore", "RITtoReadingMin", "RITtoReadingMax", *GOALS, "TestStartTime",
    "PercentCorrect", *PROFICIENCY[:6],
]  # fmt: skip

STAR_COMMON_HEAD = [
    "RenaissanceClientID", "SchoolYear", "SchoolYearStartDate", "SchoolYearEndDate",
    "StudentRenaissanceID", "StudentSourcedID", "StudentIdentifier", "StudentUserID",
    "StudentStateID", "StudentEmail", "StudentFirstName", "StudentMiddleName", "StudentLastName",
    "Gender", "BirthDate", "MultiRace", "HispanicOrLatino", "AmericanIndianOrAlaskaNative", "Asian",
    "BlackOrAfricanAmerican", "NativeHawaiianOrOtherPacificIslander", "White", "CurrentGrade",
    "EnrollmentStatus", "DistrictRenaissanceID", "DistrictSourcedID", "DistrictIdentifier",
    "DistrictStateID", "DistrictName", "SchoolRenaissanceID", "SchoolSourcedID", "SchoolIdentifier",
    "SchoolStateID", "SchoolName", "CourseRenaissanceID", "CourseSourcedID", "CourseCode",
    "CourseName", "ClassRenaissanceID", "ClassSourcedID", "ClassCode", "GroupID",
    "GroupOrClassName", "TeacherRenaissanceID", "TeacherSourcedID", "TeacherIdentifier",
    "TeacherUserID", "TeacherStateID", "TeacherEmail", "TeacherFirstName", "TeacherMiddleName",
    "TeacherLastName", "AssessmentID", "LaunchDate", "CompletedDate", "CompletedDateLocal",
    "AssessmentNumber", "AssessmentType", "AssessmentStatus", "DeactivationReason",
    "GradePlacement", "Grade", "ExtraTime",
]  # fmt: skip
STAR_SCORES = [
    "ScaledScore", "StandardErrorOfMeasurement", "RaschScore", "UnifiedScore",
    "PartnershipForAssessmentOfReadinessForCollegeAndCareers",
    "SmarterBalancedAssessmentConsortium", "OpenGrowthScore", "GradeEquivalent", "PercentileRank",
    "NormalCurveEquivalent",
]  # fmt: skip
STAR_BENCHMARKS = [
    "StudentGrowthPercentileFallFall", "StudentGrowthPercentileFallSpring",
    "StudentGrowthPercentileFallWinter", "StudentGrowthPercentileSpringFall",
    "StudentGrowthPercentileSpringSpring", "StudentGrowthPercentileWinterSpring",
    "ScreeningPeriodWindowName", "ScreeningWindowStartDate", "ScreeningWindowEndDate",
    "RenaissanceBenchmarkCategoryName", "RenaissanceBenchmarkCategoryLevel",
    "RenaissanceBenchmarkCategoryNumberOfLevels", "RenaissanceBenchmarkCategoryMinPercentileRank",
    "RenaissanceBenchmarkCategoryMaxPercentileRank", "StateBenchmarkAssessmentName",
    "StateBenchmarkCategoryName", "StateBenchmarkProficient", "StateBenchmarkCategoryLevel",
    "StateBenchmarkNumberOfCategoryLevels", "StateBenchmarkMinScaledScore",
    "StateBenchmarkMaxScaledScore", "DistrictBenchmarkCategoryName", "DistrictBenchmarkProficient",
    "DistrictBenchmarkCategoryLevel", "DistrictBenchmarkNumberOfCategoryLevels",
    "DistrictBenchmarkMinPercentileRank", "DistrictBenchmarkMaxPercentileRank",
    "SchoolBenchmarkCategoryName", "SchoolBenchmarkProficient", "SchoolBenchmarkCategoryLevel",
    "SchoolBenchmarkNumberOfCategoryLevels", "SchoolBenchmarkMinPercentileRank",
    "SchoolBenchmarkMaxPercentileRank", "CurrentSGP",
]  # fmt: skip
STAR = {
    "SR": [
        *STAR_COMMON_HEAD, *STAR_SCORES, "InstructionalReadingLevel",
        "EstimatedOralReadingFluency", "LowerZoneOfProximalDevelopment",
        "UpperZoneOfProximalDevelopment", "Lexile", "LowerLexileZoneOfProximalDevelopment",
        "UpperLexileZoneOfProximalDevelopment", "TotalTimeInSeconds", "TotalCorrect",
        "TotalPossible", "Grade3_AssessmentAttempts", "Grade3_PassingStatus",
        "Grade3_PassingScore", *STAR_BENCHMARKS, "TakenAt", "TakenAtByIPAddress",
        "StudentDisplayID", "TeacherDisplayID", "SATBenchmarkCategory", "ACTBenchmarkCategory",
    ],
    "SM": [
        *STAR_COMMON_HEAD, "Audio", *STAR_SCORES, "TotalTimeInSeconds", "TotalCorrect",
        "TotalPossible", *STAR_BENCHMARKS, "Quantile", "TakenAt", "TakenAtByIPAddress",
        "StudentDisplayID", "TeacherDisplayID", "SATBenchmarkCategory", "ACTBenchmarkCategory",
    ],
    "SEL": [
        *STAR_COMMON_HEAD, *STAR_SCORES, "EstimatedOralReadingFluency", "LiteracyClassification",
        "TotalTimeInSeconds", "TotalCorrect", "TotalPossible", *STAR_BENCHMARKS, "TakenAt",
        "TakenAtByIPAddress", "StudentDisplayID", "TeacherDisplayID", "Lexile", "LexileRange",
    ],
}  # fmt: skip

IREADY_HEAD = [
    "Last Name", "First Name", "Student ID", "Student Grade", "Academic Year", "School",
    "Enrolled", "District State ID", "Account State ID", "School State ID", "Student State ID",
    "User Name", "Sex", "Hispanic or Latino", "Race", "English Language Learner",
    "Special Education", "Economically Disadvantaged", "Migrant", "Class(es)",
    "Class Teacher(s)", "Report Group(s)", "Start Date", "Completion Date", "Norming Window",
    "Baseline Diagnostic (Y/N)", "Most Recent Diagnostic YTD (Y/N)", "Duration (min)",
    "Rush Flag", "Read Aloud", "Overall Scale Score", "Overall Placement",
    "Overall Relative Placement", "Percentile", "Grouping",
]  # fmt: skip
IREADY_TAIL = [
    "Diagnostic Gain", "Annual Typical Growth Measure", "Annual Stretch Growth Measure",
    "Percent Progress to Annual Typical Growth (%)",
    "Percent Progress to Annual Stretch Growth (%)",
    "Mid On Grade Level Scale Score",
]  # fmt: skip


def _domains(names):
    return [
        f"{n} {part}" for n in names for part in ("Scale Score", "Placement", "Relative Placement")
    ]


IREADY = {
    "ela": [
        *IREADY_HEAD, "Lexile Measure", "Lexile Range",
        *_domains([
            "Phonological Awareness", "Phonics", "High-Frequency Words", "Vocabulary",
            "Comprehension: Overall", "Comprehension: Literature",
            "Comprehension: Informational Text",
        ]),
        *IREADY_TAIL, "Reading Difficulty Indicator (Y/N)",
    ],
    "math": [
        *IREADY_HEAD, "Quantile Measure", "Quantile Range",
        *_domains([
            "Number and Operations", "Algebra and Algebraic Thinking", "Measurement and Data",
            "Geometry",
        ]),
        "Diagnostic Language", *IREADY_TAIL,
    ],
}  # fmt: skip


def _write(header, rows, *, quoting=csv.QUOTE_MINIMAL, newline="\r\n", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def nwea(rows, *, layout: str = "2020", bom: bool = False) -> bytes:
    """AssessmentResults.csv. Each row: student, course (or scale), date (MM/DD/YYYY), rit;
    optional subject, test_id, growth ("TRUE"/"FALSE"), se, pct, term, time, state_id."""
    out = []
    for n, r in enumerate(rows):
        course = r["course"]
        subject = r.get("subject") or (
            "Mathematics" if "math" in course.lower() else "Language Arts"
        )
        row = {
            "TermName": r.get("term", "Winter 2026-2027"),
            "DistrictName": "Harbor Unified, District 4",  # a comma: quoted
            "District_StateID": "4410",
            "SchoolName": "Harbor High",
            "School_StateID": "300",
            "StudentID": r["student"],
            "Student_StateID": r.get("state_id", ""),
            "GrowthMeasureYN": r.get("growth", "TRUE"),
            "NormsReferenceData": "2020",
            "WISelectedAYWinter": "14",
            "TestType": "Survey With Goals",
            "TestName": f"Growth: {course} 6+ CCSS 2010 V2",
            "TestID": r.get("test_id", str(720000000 + n)),
            "TestStartDate": r["date"],
            "TestStartTime": r.get("time", "09:52:27"),
            "TestDurationMinutes": "41",
            "TestRITScore": r["rit"],
            "TestStandardError": r.get("se", "3.2"),
            "TestPercentile": r.get("pct", "55"),
            "AchievementQuintile": "Avg",
            "PercentCorrect": "51",
            "RapidGuessingPercentage": "0",
            "FallToWinterProjectedGrowth": "4",
            "FallToWinterObservedGrowth": "6",
            "FallToWinterConditionalGrowthIndex": "0.42",
            "Goal1Name": "Literary Text: Language, Craft, and Structure",  # a comma: quoted
            "Goal1RitScore": r["rit"],
            "Goal1StdErr": "6.1",
            "Goal1Range": "209-221",
            "Goal1Adjective": "Avg",
            "TypicalFallToWinterGrowth": "3",
            "ProjectedProficiencyStudy1": "ACT College Readiness",
            "ProjectedProficiencyLevel1": "Not On Track",
        }
        if layout == "2020":
            row |= {"Subject": subject, "Course": course}
        else:
            row |= {"MeasurementScale": course, "Discipline": r.get("subject", course)}
        out.append(row)
    return _write(NWEA_2020 if layout == "2020" else NWEA_OLD, out, bom=bom)


def star(kind: str, rows, *, excel: bool = False) -> bytes:
    """A Star v2 export (kind SR, SM or SEL). Each row: student, assessment_id, completed
    (YYYY-MM-DD hh:mm:ss), score; optional pct, status, window, state_id."""
    out = []
    for n, r in enumerate(rows):
        completed = r["completed"]
        if excel:  # 2023-05-02 13:08:05 → 5/2/23 13:08
            day, time = completed.split(" ")
            year, month, dom = day.split("-")
            completed = f"{int(month)}/{int(dom)}/{year[2:]} {time[:5]}"
        else:
            completed = f"{completed}.063"
        out.append(
            {
                "RenaissanceClientID": "1547489",
                "SchoolYear": r.get("year", "2026-2027"),
                "SchoolYearStartDate": "2026-07-01 00:00:00.000",
                "SchoolYearEndDate": "2027-06-30 00:00:00.000",
                "StudentRenaissanceID": f"2cc7fec4-9942-4931-b731-af61f600a{n:03d}",
                "StudentSourcedID": r["student"],
                "StudentIdentifier": r["student"],
                "StudentStateID": r.get("state_id", ""),
                "StudentFirstName": "Sam",
                "StudentLastName": "Rivera",
                "CurrentGrade": "10",
                "EnrollmentStatus": "Enrolled",
                "DistrictName": "HARBOR UNIFIED",
                "SchoolName": "Harbor High",
                "GroupOrClassName": "Rivera, Ms. - 06 - A",
                "AssessmentID": r["assessment_id"],
                "LaunchDate": completed,
                "CompletedDate": completed,
                "CompletedDateLocal": completed,
                "AssessmentNumber": str(n + 1),
                "AssessmentType": "Enterprise",
                "AssessmentStatus": r.get("status", "Active"),
                "GradePlacement": "10.40",
                "Grade": "10",
                "ExtraTime": "No",
                "ScaledScore": r["score"],
                "StandardErrorOfMeasurement": "0.366869528935672",
                "RaschScore": "4.447",
                "UnifiedScore": "1149",
                "GradeEquivalent": "10.5",
                "PercentileRank": r.get("pct", "63"),
                "NormalCurveEquivalent": "57.00",
                "StudentGrowthPercentileFallWinter": r.get("sgp", ""),
                "ScreeningPeriodWindowName": r.get("window", "Winter"),
                "RenaissanceBenchmarkCategoryName": "At/Above Benchmark",
                "RenaissanceBenchmarkCategoryLevel": "1",
                "CurrentSGP": r.get("sgp", ""),
                "LiteracyClassification": "Probable Reader",
                "Quantile": "1060Q",
                "InstructionalReadingLevel": "9.7",
                "Lexile": "1375L",
                "TakenAt": "school",
                "StudentDisplayID": r["student"],
            }
        )
    return _write(STAR[kind], out, quoting=csv.QUOTE_ALL, newline="\n" if not excel else "\r\n")


def iready(subject: str, rows) -> bytes:
    """diagnostic_results_ela / _math. Each row: student, start, completed (MM/DD/YYYY),
    score; optional pct, rush, window, year, baseline, duration."""
    out = []
    for r in rows:
        out.append(
            {
                "Last Name": "Rivera",
                "First Name": "Sam",
                "Student ID": r["student"],
                "Student Grade": "10",
                "Academic Year": r.get("year", "2026-2027"),
                "School": "Harbor High",
                "Enrolled": "Enrolled",
                "Student State ID": r.get("state_id", ""),
                "User Name": "SR1234",
                "Class(es)": "ELA10 - Ortiz - 2(A-E)-5492; Math10 - Lee - 3(A-E)-5545",
                "Class Teacher(s)": "Lee, Jordan; Ortiz, Ana",
                "Start Date": r.get("start", r["completed"]),
                "Completion Date": r["completed"],
                "Norming Window": r.get("window", "Fall (Beginning of Year - November 15)"),
                "Baseline Diagnostic (Y/N)": r.get("baseline", "Y"),
                "Most Recent Diagnostic YTD (Y/N)": "N",
                "Duration (min)": r.get("duration", "52"),
                "Rush Flag": r.get("rush", ""),
                "Read Aloud": "Off",
                "Overall Scale Score": r["score"],
                "Overall Placement": "Grade 9",
                "Overall Relative Placement": "1 Grade Level Below",
                "Percentile": r.get("pct", "44"),
                "Grouping": "2",
                "Lexile Measure": "1025L",
                "Lexile Range": "925L-1075L",
                "Quantile Measure": "1025Q",
                "Quantile Range": "975Q-1075Q",
                "Diagnostic Gain": r.get("gain", "0"),
                "Annual Typical Growth Measure": "12",
                "Annual Stretch Growth Measure": "20",
                "Mid On Grade Level Scale Score": "640",
                "Diagnostic Language": "English",
            }
        )
    return _write(IREADY[subject], out, bom=True)
