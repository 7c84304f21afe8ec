"""CASE frameworks in: the tree from isChildOf, ordered by sequenceNumber; broken packages write
nothing; importing twice changes nothing; CSV lists too; the command's options."""

import json

import pytest
from django.core.management import CommandError, call_command

from tandem.evidence.imports import evidence_apply, evidence_import
from tandem.evidence.models import Framework, FrameworkItem
from tandem.plans.models import Competency
from tandem.rosters.models import ImportRun

from .builders import case_bytes, case_package, ident

pytestmark = pytest.mark.django_db
FRAMEWORK = ImportRun.Kind.FRAMEWORK


def apply(cast, data, *, fmt="case", name="framework.json", **options):
    return evidence_apply(
        kind=FRAMEWORK, fmt=fmt, data=data, name=name, school=cast.school, **options
    )


@pytest.mark.parametrize("wrapped,version", [(True, "1.1"), (False, "1.0")])
def test_case_package_builds_the_tree_in_sequence(cast, wrapped, version):
    report = apply(cast, case_bytes(case_package(wrapped=wrapped, version=version)))
    assert report.written and not report.errors
    assert report.as_dict()["counts"]["items"]["created"] == 4
    framework = Framework.objects.get(school=cast.school)
    assert framework.title == "Harbor Graduation Competencies"
    strand = FrameworkItem.objects.get(identifier=ident("strand"))
    assert strand.parent is None
    children = list(strand.children.order_by("sequence").values_list("code", flat=True))
    assert children == ["COM.1", "COM.2"]  # sequenceNumber, not file order
    assert FrameworkItem.objects.get(code="COM.1.a").parent.code == "COM.1"
    # Coded items become competencies students can target; the strand is a grouping node.
    assert sorted(Competency.objects.filter(school=cast.school).values_list("code", flat=True)) == [
        "COM.1",
        "COM.1.a",
        "COM.2",
    ]
    assert Competency.objects.get(code="COM.1").framework_item.identifier == ident("read")


def test_importing_the_same_package_twice_changes_nothing(cast):
    data = case_bytes(case_package())
    apply(cast, data)
    again = apply(cast, data).as_dict()["counts"]
    assert again["frameworks"] == {"created": 0, "updated": 0, "unchanged": 1, "deactivated": 0}
    assert again["items"]["unchanged"] == 4 and again["items"]["updated"] == 0
    assert again["competencies"]["unchanged"] == 3 and again["competencies"]["created"] == 0


def test_a_changed_statement_updates_and_keeps_the_schools_credits(cast):
    apply(cast, case_bytes(case_package()))
    Competency.objects.filter(code="COM.2").update(counts_toward_graduation=True, credits=1)
    package = case_package()
    package["CFPackage"]["CFItems"][1]["fullStatement"] = "Writes clearly for any audience"
    counts = apply(cast, case_bytes(package)).as_dict()["counts"]
    assert counts["items"]["updated"] == 1 and counts["competencies"]["updated"] == 1
    competency = Competency.objects.get(code="COM.2")
    assert competency.statement == "Writes clearly for any audience"
    assert competency.counts_toward_graduation and competency.credits == 1


def test_a_broken_package_names_each_problem_and_writes_nothing(cast):
    package = case_package()
    inner = package["CFPackage"]
    del inner["CFItems"][1]["identifier"]
    inner["CFItems"][2]["fullStatement"] = ""
    inner["CFAssociations"][3]["destinationNodeURI"]["identifier"] = "no-such-node"
    report = apply(cast, case_bytes(package))
    problems = {(p.file, p.row, p.column) for p in report.errors}
    assert ("CFItems", 2, "identifier") in problems
    assert ("CFItems", 3, "fullStatement") in problems
    assert ("CFAssociations", 2, "originNodeURI") in problems  # pointed at the item without id
    assert ("CFAssociations", 4, "destinationNodeURI") in problems
    messages = " ".join(p.message for p in report.errors)
    assert "no-such-node" in messages
    assert not report.written and not report.as_dict()["counts"]["items"]["created"]
    assert not Framework.objects.exists() and not FrameworkItem.objects.exists()
    assert not Competency.objects.exists()


def test_skip_bad_rows_imports_the_rest(cast):
    package = case_package()
    package["CFPackage"]["CFItems"][2]["identifier"] = ""  # COM.1 has no identifier
    report = apply(cast, case_bytes(package), skip_bad_rows=True)
    assert report.written and len(report.errors) >= 1
    assert set(Competency.objects.values_list("code", flat=True)) == {"COM.2", "COM.1.a"}


def test_no_document_is_fatal(cast):
    report = apply(cast, b'{"CFItems": []}')
    assert report.fatal and report.errors[0].column == "CFDocument"
    report = apply(cast, b"not json")
    assert report.fatal and "JSON" in report.errors[0].message


def test_dry_run_reports_and_writes_nothing(cast):
    report = apply(cast, case_bytes(case_package()), dry_run=True)
    assert report.as_dict()["counts"]["items"]["created"] == 4
    assert not report.written and not FrameworkItem.objects.exists()


CSV = b"""code,statement,parent_code,credits
ELA,English language arts,,
ELA.1,Reads closely,ELA,1
ELA.2,Writes clearly,ELA,0.5
MATH.1,Reasons with numbers,,2
"""


def test_csv_framework_with_credits(cast):
    report = apply(cast, CSV, fmt="csv", name="harbor-competencies.csv")
    assert report.written, report.errors
    ela1 = Competency.objects.get(code="ELA.1")
    assert ela1.counts_toward_graduation and ela1.credits == 1
    assert not Competency.objects.get(code="ELA").counts_toward_graduation
    assert ela1.framework_item.parent.code == "ELA"
    assert Framework.objects.get().title == "harbor-competencies"


def test_csv_errors_name_row_and_column(cast):
    data = b"code,statement,parent_code,credits\nA,Alpha,,x\n,Beta,,\nC,Gamma,ZZZ,\nA,Again,,\n"
    report = apply(cast, data, fmt="csv", name="list.csv")
    where = {(p.row, p.column) for p in report.errors}
    assert where == {(2, "credits"), (3, "code"), (4, "parent_code")}
    assert not Competency.objects.exists()
    missing = apply(cast, b"name,text\nA,B\n", fmt="csv", name="list.csv")
    assert missing.fatal and missing.errors[0].row == 1


def test_command_dry_run_and_json_report(cast, tmp_path, capsys):
    path = tmp_path / "framework.json"
    path.write_bytes(case_bytes(case_package()))
    call_command("import_case", str(path), "--dry-run", "--report", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["counts"]["items"]["created"] == 4
    assert set(report) >= {"counts", "errors", "errors_total"}
    assert not FrameworkItem.objects.exists()
    call_command("import_case", str(path))
    assert FrameworkItem.objects.count() == 4
    run = ImportRun.objects.filter(kind=FRAMEWORK).first()
    assert run.status == ImportRun.Status.APPLIED and run.source == "command"


def test_command_fails_with_errors(cast, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"code,statement,parent_code\nA,,\n")
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_case", str(path), "--report", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["errors"][0] == {
        "file": "bad.csv",
        "row": 2,
        "column": "statement",
        "message": "A value is required.",
    }


def test_record_of_the_run(cast):
    run, report = evidence_import(
        kind=FRAMEWORK,
        fmt="case",
        data=case_bytes(case_package()),
        name="f.json",
        school=cast.school,
        by=cast.school_admin,
    )
    assert run.kind == FRAMEWORK and run.totals["created"] == 1 + 4 + 3
    assert list(run.schools.all()) == [cast.school]
