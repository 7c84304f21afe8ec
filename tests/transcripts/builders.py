"""The same courses as a OneRoster 1.2 package with a gradebook and as a transcript CSV.

Lighthouse High (tests.rosters.packages.harbor): Sam (L-100, grade 9) and Olive (L-200,
grade 10) in 2026-2027 (schoolYear 2027, Fall and Spring semesters):

- English 9 (ENG-9, subject English, 1 credit) all year, with a final grade per semester (the
  "Final grade" category): Sam has an A for Fall; his Spring grade is only partly graded.
- Algebra I (MATH-101, SCED 02052: Mathematics, 1 credit) in the Fall, final line item titled
  "Final grade": Sam B+, Olive F. A quiz in the same class is not a final grade.
- Biology (BIO-1, Science, 1 credit) in the Spring: no grades yet.
- Studio Art (ART-1, Visual Arts; the course is worth 1 credit, the class 0.5) in the Fall,
  scored out of 100: Sam 72 (passes), Olive "P" with 0.25 credits earned (metadata).
- A homeroom, which is no course.
"""

from tests.rosters.packages import Package, harbor

TRANSCRIPT_CSV = (
    "\ufeffstudent_id,course_code,course_title,subject_area,school_year,term,grade,"
    "credits_attempted,credits_earned\r\n"
    "L-100,ENG-9,English 9,English,2026-2027,Fall,A,0.5,0.5\r\n"
    "L-100,ENG-9,English 9,English,2026-27,Spring,,0.5,\r\n"
    'L-100,MATH-101,"Algebra I",Mathematics,2027,Fall,B+,1,1\r\n'
    "L-100,BIO-1,Biology,Science,2027,Spring,,1,0\r\n"
    "L-100,ART-1,Studio Art,Visual Arts,2027,Fall,72,0.5,0.5\r\n"
    "L-200,MATH-101,Algebra I,Mathematics,2027,Fall,F,1.00,0\r\n"
    "L-200,ART-1,Studio Art,Visual Arts,2027,Fall,P,0.5,0.25\r\n"
).encode()

# (local id, code, title, area, school year, term, grade, attempted, earned), as stored.
RECORDS = {
    ("L-100", "ENG-9", "English 9", "English", 2027, "Fall", "A", "0.50", "0.50"),
    ("L-100", "ENG-9", "English 9", "English", 2027, "Spring", "", "0.50", "0.00"),
    ("L-100", "MATH-101", "Algebra I", "Mathematics", 2027, "Fall", "B+", "1.00", "1.00"),
    ("L-100", "BIO-1", "Biology", "Science", 2027, "Spring", "", "1.00", "0.00"),
    ("L-100", "ART-1", "Studio Art", "Visual Arts", 2027, "Fall", "72", "0.50", "0.50"),
    ("L-200", "MATH-101", "Algebra I", "Mathematics", 2027, "Fall", "F", "1.00", "0.00"),
    ("L-200", "ART-1", "Studio Art", "Visual Arts", 2027, "Fall", "P", "0.50", "0.25"),
}


def stored() -> set[tuple]:
    from tandem.transcripts.models import CourseRecord

    return {
        (
            r.student.local_id,
            r.course_code,
            r.title,
            r.subject_area,
            r.school_year,
            r.term,
            r.grade,
            str(r.credits_attempted),
            str(r.credits_earned),
        )
        for r in CourseRecord.objects.select_related("student")
    }


def with_gradebook(package: Package | None = None) -> Package:
    package = package or harbor()
    package.courses = []
    package.classes = []
    package.enrollments = []
    package.extra_columns = {
        "courses": ["metadata.credits"],
        "classes": ["metadata.credits"],
        "results": ["metadata.creditsEarned"],
    }

    def course(sid, code, title, *, subjects="", codes="", credits="1"):
        package.courses.append(
            {
                "sourcedId": sid,
                "title": title,
                "courseCode": code,
                "orgSourcedId": "sch1",
                "schoolYearSourcedId": "sy27",
                "subjects": subjects,
                "subjectCodes": codes,
                "metadata.credits": credits,
            }
        )

    def school_class(sid, course_sid, terms, *, kind="scheduled", credits=""):
        package.classes.append(
            {
                "sourcedId": sid,
                "title": sid,
                "courseSourcedId": course_sid,
                "classType": kind,
                "schoolSourcedId": "sch1",
                "termSourcedIds": terms,
                "metadata.credits": credits,
            }
        )

    def enroll(klass, *users):
        for user in users:
            package.enrollments.append(
                {
                    "sourcedId": f"e-{klass}-{user}",
                    "classSourcedId": klass,
                    "schoolSourcedId": "sch1",
                    "userSourcedId": user,
                    "role": "teacher" if user == "t1" else "student",
                    "beginDate": "2026-08-24",
                }
            )

    def item(sid, klass, title, *, category="", period="", high=""):
        package.line_items.append(
            {
                "sourcedId": sid,
                "title": title,
                "assignDate": "2026-08-24",
                "dueDate": "2027-06-18",
                "classSourcedId": klass,
                "categorySourcedId": category,
                "gradingPeriodSourcedId": period,
                "resultValueMin": "0" if high else "",
                "resultValueMax": high,
            }
        )

    def result(sid, line_item, student, *, status="fully graded", score="", text="", earned=""):
        package.results.append(
            {
                "sourcedId": sid,
                "lineItemSourcedId": line_item,
                "studentSourcedId": student,
                "scoreStatus": status,
                "score": score,
                "textScore": text,
                "scoreDate": "2027-01-20",
                "metadata.creditsEarned": earned,
            }
        )

    course("c-eng", "ENG-9", "English 9", subjects="English")
    course("c-alg", "MATH-101", "Algebra I", codes="02052")
    course("c-bio", "BIO-1", "Biology", subjects="Science")
    course("c-art", "ART-1", "Studio Art", subjects="Visual Arts")
    course("c-home", "HR", "Homeroom")
    school_class("k-eng", "c-eng", "fall,spring")
    school_class("k-alg", "c-alg", "fall")
    school_class("k-bio", "c-bio", "spring")
    school_class("k-art", "c-art", "fall", credits="0.5")
    school_class("k-home", "c-home", "sy27", kind="homeroom")
    enroll("k-eng", "s1", "t1")
    enroll("k-alg", "s1", "s2", "t1")
    enroll("k-bio", "s1")
    enroll("k-art", "s1", "s2")
    enroll("k-home", "s1", "s2")
    package.categories += [
        {"sourcedId": "cat-final", "title": "Final Grade"},
        {"sourcedId": "cat-hw", "title": "Homework"},
    ]
    item("li-eng-f", "k-eng", "English 9: Semester 1", category="cat-final", period="fall")
    item("li-eng-s", "k-eng", "English 9: Semester 2", category="cat-final", period="spring")
    item("li-alg", "k-alg", "Final grade")
    item("li-quiz", "k-alg", "Quiz 1", category="cat-hw", high="20")
    item("li-bio", "k-bio", "Final grade", period="spring")
    item("li-art", "k-art", "Final grade", high="100")
    result("r1", "li-eng-f", "s1", text="A", score="95")
    result("r2", "li-eng-s", "s1", status="partially graded", text="B")
    result("r3", "li-alg", "s1", text="B+")
    result("r4", "li-alg", "s2", text="F")
    result("r5", "li-quiz", "s1", score="18")
    result("r6", "li-art", "s1", score="72")
    result("r7", "li-art", "s2", text="P", earned="0.25")
    return package


def diploma_for(cast) -> None:
    """Harbor High's diploma (English 4, Mathematics 4, Science 2) and a few of Sam's courses,
    for the pages that show them."""
    from decimal import Decimal

    from tandem.transcripts.models import CourseRecord, DiplomaRequirement

    for position, (name, credits) in enumerate(
        [("English", 4), ("Mathematics", 4), ("Science", 2)]
    ):
        DiplomaRequirement.objects.get_or_create(
            school=cast.school, name=name, defaults={"credits": credits, "position": position}
        )
    for code, title, area, grade, earned in [
        ("ENG-9", "English 9", "English", "A", "1"),
        ("MATH-9", "Algebra I", "Mathematics", "C", "1"),
        ("BIO-1", "Biology: Cells, Genetics and the Long Name of a Course", "Science", "", "0"),
    ]:
        CourseRecord.objects.get_or_create(
            student=cast.student,
            course_code=code,
            school_year=2026,
            term="",
            defaults={
                "title": title,
                "subject_area": area,
                "grade": grade,
                "credits_attempted": Decimal(1),
                "credits_earned": Decimal(earned),
                "source": "csv",
            },
        )
