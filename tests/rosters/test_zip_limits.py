"""A roster zip is read with limits whatever its members' sizes: each member's compression
ratio, each member's unpacked size, and the unpacked size of all members together, counted on
what is really unpacked. A refused zip is one clear problem naming the file, on the upload
preview and from the command, and nothing is written."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tandem.people.models import Student
from tandem.rosters.models import ImportRun
from tandem.rosters.oneroster import Limits, read_package

from .packages import harbor

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
REFUSED = "part00.csv is compressed suspiciously well; it was not opened."


def many_small_bombs() -> bytes:
    """48 members of 1 MiB of zeros each (about 1 KB each once compressed), and a manifest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.csv", "propertyName,value\nmanifest.version,1.0\n")
        for n in range(48):
            archive.writestr(f"part{n:02}.csv", bytes(MIB))
    return buffer.getvalue()


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_small_members_that_unpack_far_beyond_their_size_are_refused():
    package = read_package(io.BytesIO(many_small_bombs()))
    assert not package.readable
    assert [problem.message for problem in package.errors] == [REFUSED]


def test_the_total_unpacked_size_is_capped_whatever_each_member_holds(tmp_path):
    # Text that compresses no better than a real export: each member passes on its own.
    rows = "".join(f"{n},{n * 7919 % 104729}\n" for n in range(20000)).encode()
    files = {"manifest.csv": b"propertyName,value\n", "a.csv": rows, "b.csv": rows}
    package = read_package(zipped(files), limits=Limits(total_bytes=len(rows) + 100))
    (problem,) = package.errors
    assert problem.message.startswith("The files in the zip archive unpack to more than")
    assert "(passed at b.csv)" in problem.message


def test_a_member_that_unpacks_past_its_header_is_not_read():
    """A forged header (a smaller size than the data) cannot make the reader unpack more."""
    data = b"sourcedId,name\n" + b"1,x\n" * 5000
    raw = zipped({"manifest.csv": b"propertyName,value\n", "users.csv": data}).getvalue()
    claimed = (100).to_bytes(4, "little")
    real = len(data).to_bytes(4, "little")
    forged = raw.replace(real, claimed)  # the local header and the central directory
    package = read_package(io.BytesIO(forged))
    assert [p.message for p in package.errors] == ["users.csv in the zip archive cannot be read."]


def test_the_upload_preview_shows_the_problem_and_nothing_is_written(client, cast):
    client.force_login(cast.school_admin)
    students = Student.objects.count()
    upload = io.BytesIO(many_small_bombs())
    upload.name = "export.zip"
    response = client.post(reverse("rosters:home"), {"package": upload}, follow=True)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED and not run.package
    assert REFUSED in response.content.decode()
    assert Student.objects.count() == students


def test_the_command_refuses_it_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "export.zip"
    path.write_bytes(many_small_bombs())
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_oneroster", str(path))
    assert REFUSED in capsys.readouterr().out
    assert not Student.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REJECTED


def test_a_normal_package_still_imports(tmp_path):
    path = harbor().write(tmp_path / "export", zipped=True)
    package = read_package(path)
    assert package.errors == [] and len(package.users) == 10
