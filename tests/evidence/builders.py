"""Evidence files shaped as the real ones are: a CASE 1.1 package and NWEA MAP Growth exports."""

import json
import uuid

NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")


def ident(name: str) -> str:
    return str(uuid.uuid5(NS, name))


def case_package(*, wrapped: bool = True, version: str = "1.1") -> dict:
    """A small framework as a CASE provider serves it: a CFDocument, its CFItems (a strand with
    two competencies, one with a sub-item) and the isChildOf associations that make the tree."""
    doc_id = ident("doc")
    uri = "https://case.example.org/uri/"
    document = {
        "identifier": doc_id,
        "uri": uri + doc_id,
        "creator": "Harbor District",
        "title": "Harbor Graduation Competencies",
        "lastChangeDateTime": "2026-05-01T12:00:00+00:00",
        "version": "2026",
        "adoptionStatus": "Adopted",
        "language": "en",
        "CFPackageURI": {"title": "pkg", "identifier": doc_id, "uri": uri + doc_id},
    }
    if version == "1.1":
        document["frameworkType"] = "Competencies"

    def item(name, code, statement, kind="Competency"):
        return {
            "identifier": ident(name),
            "uri": uri + ident(name),
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": kind,
            "CFDocumentURI": {"title": document["title"], "identifier": doc_id, "uri": uri},
            "lastChangeDateTime": "2026-05-01T12:00:00+00:00",
        }

    items = [
        item("strand", "", "Communication", kind="Strand"),
        item("write", "COM.2", "Writes for a purpose and an audience"),
        item("read", "COM.1", "Reads closely to find evidence"),
        item("read-cite", "COM.1.a", "Cites evidence from the text"),
    ]

    def child(name, child_id, parent_id, sequence):
        return {
            "identifier": ident(name),
            "uri": uri + ident(name),
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "originNodeURI": {"title": "", "identifier": child_id, "uri": uri + child_id},
            "destinationNodeURI": {"title": "", "identifier": parent_id, "uri": uri + parent_id},
            "CFDocumentURI": {"title": document["title"], "identifier": doc_id, "uri": uri},
            "lastChangeDateTime": "2026-05-01T12:00:00+00:00",
        }

    associations = [
        child("a1", ident("strand"), doc_id, 1),
        child("a2", ident("write"), ident("strand"), 2),
        child("a3", ident("read"), ident("strand"), 1),
        child("a4", ident("read-cite"), ident("read"), 1),
        {  # not part of the tree
            "identifier": ident("a5"),
            "associationType": "exactMatchOf",
            "originNodeURI": {"identifier": ident("read")},
            "destinationNodeURI": {"identifier": "elsewhere"},
        },
    ]
    package = {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    return {"CFPackage": package} if wrapped else package


def case_bytes(package: dict) -> bytes:
    return json.dumps(package).encode()


NEW_HEADERS = (
    "TermName,DistrictName,SchoolName,StudentLastName,StudentFirstName,StudentID,StudentGrade,"
    "Subject,Course,TestType,TestName,TestStartDate,TestDurationMinutes,TestRITScore,"
    "TestStandardError,TestPercentile,AchievementQuintile,FallToWinterProjectedGrowth,"
    "FallToWinterObservedGrowth,FallToWinterConditionalGrowthIndex"
)
OLD_HEADERS = (
    "TermName,DistrictName,SchoolName,StudentLastName,StudentFirstName,StudentID,Grade,"
    "MeasurementScale,Discipline,TestType,TestName,TestStartDate,TestDurationMinutes,"
    "TestRITScore,TestStandardError,TestPercentile"
)


def nwea_new(rows) -> bytes:
    """Rows of (student_id, subject, date MM/DD/YYYY, rit, percentile) in today's headers."""
    lines = [NEW_HEADERS]
    for student, subject, when, rit, pct in rows:
        lines.append(
            f"Winter 2026-2027,Harbor,Harbor High,Rivera,Sam,{student},10,{subject},"
            f"{subject} 6+,Survey With Goals,Growth: {subject},{when},45,{rit},3.1,{pct},Avg,"
            f"5,6,0.3"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def nwea_old(rows) -> bytes:
    """The older generation: MeasurementScale/Discipline, lower-cased here and there."""
    lines = [OLD_HEADERS.lower().replace("studentid", "StudentID")]
    for student, subject, when, rit, pct in rows:
        lines.append(
            f"Fall 2025-2026,Harbor,Harbor High,Rivera,Sam,{student},9,{subject}: {subject} 6+,"
            f"{subject},Survey With Goals,Growth: {subject},{when},50,{rit},3.0,{pct}"
        )
    return ("\n".join(lines) + "\n").encode()


def evidence_for(cast, student=None):
    """A term's worth of evidence for a student (Sam by default): a framework's competencies
    with graduation credits, a Fall plan targeting two of them, ratings, a panel note, a final
    narrative, test results over two years, an IEP goal with progress, an intervention."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from tandem.evidence import services
    from tandem.evidence.models import GraduationRule
    from tandem.plans import services as plans
    from tandem.plans.models import Competency

    student = student or cast.student
    school = cast.school
    fall = cast.year.terms.get(name="Fall")
    GraduationRule.objects.get_or_create(school=school, defaults={"credits_required": 24})
    competencies = {}
    for code, statement, credits in [
        ("COM.1", "Reads closely to find evidence", 2),
        ("COM.2", "Writes for a purpose and an audience", 2),
        ("MTH.1", "Reasons with numbers", 1),
    ]:
        competencies[code], _ = Competency.objects.get_or_create(
            school=school,
            code=code,
            defaults={
                "statement": statement,
                "counts_toward_graduation": True,
                "credits": Decimal(credits),
            },
        )
    plan = plans.plan_create(student=student, term=fall, kind="term", by=cast.advisor)
    plans.section_save(
        plan=plan,
        key="competencies",
        body="",
        items=["COM.1", "COM.2"],
        expected_revision=0,
        by=cast.advisor,
    )
    today = timezone.localdate()
    for code, level in [("COM.1", "mastered"), ("COM.2", "in_progress"), ("MTH.1", "mastered")]:
        services.rating_save(
            student=student,
            competency=competencies[code],
            term=fall,
            level=level,
            rated_on=today,
            evidence="Essay on tides",
            by=cast.advisor,
        )
    services.panel_note_add(
        student=student,
        term=fall,
        panelist="Dr. Ortiz",
        note="Clear, confident presentation.",
        by=cast.advisor,
    )
    services.narrative_save(
        student=student,
        term=fall,
        successes="Led the robotics team.",
        challenges="Deadlines; a weekly planner helped.",
        notes="",
        finalize=True,
        by=cast.advisor,
    )
    for offset, score in [(400, 205), (200, 212), (20, 221)]:
        services.result_add(
            student=student,
            assessment="NWEA MAP Growth",
            subject="Mathematics",
            taken_on=today - timedelta(days=offset),
            score=Decimal(score),
            percentile=50,
        )
    if student.has_iep:
        goal = services.iep_goal_add(
            student=student,
            area="Reading fluency",
            goal="Reads grade-level text at 120 words per minute",
            baseline=Decimal(80),
            target=Decimal(120),
            measure="words per minute",
            starts_on=today - timedelta(90),
            ends_on=today + timedelta(200),
            by=cast.case_manager,
        )
        for offset, value in [(60, 86), (30, 95), (5, 101)]:
            services.progress_add(
                goal=goal,
                measured_on=today - timedelta(days=offset),
                value=Decimal(value),
                by=cast.case_manager,
            )
    services.intervention_save(
        student=student,
        area="math",
        description="Math lab twice a week",
        owner=cast.advisor,
        starts_on=today,
        review_on=today,
        status="active",
        by=cast.advisor,
    )
    return plan, date
