"""Reading packages: zips and folders, the manifest, and what a file may hold. No database."""

import io
import zipfile

from tandem.rosters.oneroster import Limits, read_package

from .packages import Package, harbor


def zipped(files: dict[str, bytes | str], **info) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def files_of(package: Package, tmp_path) -> dict[str, bytes]:
    folder = package.write(tmp_path / "package")
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def messages(package) -> list[str]:
    return [problem.message for problem in package.errors]


def test_a_folder_and_its_zip_read_the_same(tmp_path):
    source = harbor()
    from_folder = read_package(source.write(tmp_path / "a"))
    from_zip = read_package(source.write(tmp_path / "b", zipped=True))
    assert from_folder.errors == from_zip.errors == []
    assert from_folder.version == from_zip.version == "1.2"
    assert set(from_folder.users) == set(from_zip.users)
    assert len(from_zip.roles) == 10
    assert from_zip.counted == {"enrollments_not_students": 1, "demographics": 1}
    assert from_zip.enrolled == {"s1": ["k1"], "s2": ["k1"]}
    assert list(from_zip.courses) == ["c1"] and list(from_zip.classes) == ["k1"]
    assert from_zip.files_ignored == []


def test_files_inside_a_folder_of_the_zip_are_found(tmp_path):
    files = files_of(harbor(), tmp_path)
    package = read_package(zipped({f"export-2026/{name}": data for name, data in files.items()}))
    assert package.errors == [] and len(package.users) == 10


def test_a_path_in_the_zip_reaches_nothing_outside(tmp_path):
    files = files_of(harbor(), tmp_path)
    evil = {f"../../{name}" if name == "users.csv" else name: data for name, data in files.items()}
    package = read_package(zipped(evil))
    # Read by its name, in memory; nothing is ever extracted to disk.
    assert package.errors == [] and len(package.users) == 10
    assert not (tmp_path.parent / "users.csv").exists()


def test_not_a_zip():
    package = read_package(io.BytesIO(b"sourcedId,name\n1,2\n"))
    assert not package.readable
    assert messages(package) == ["The file is not a zip archive."]


def test_a_zip_bomb_is_not_opened():
    bomb = zipped({"manifest.csv": "propertyName,value\n", "users.csv": b"0" * (3 * 1024 * 1024)})
    package = read_package(bomb)
    assert messages(package) == ["users.csv is compressed suspiciously well; it was not opened."]
    small = read_package(
        zipped({"manifest.csv": "a" * 5000}), limits=Limits(member_bytes=1000, total_bytes=1000)
    )
    assert messages(small) == [
        "manifest.csv unpacks to more than 1000\xa0bytes; it was not opened."
    ]


def test_a_package_needs_a_manifest_of_a_known_version(tmp_path):
    files = files_of(harbor(), tmp_path)
    del files["manifest.csv"]
    assert messages(read_package(zipped(files))) == ["The package has no manifest.csv."]
    files["manifest.csv"] = b"propertyName,value\nmanifest.version,1.0\noneroster.version,1.0\n"
    assert messages(read_package(zipped(files))) == [
        "OneRoster version “1.0” cannot be imported (1.1 or 1.2 can)."
    ]


def test_the_manifest_and_the_files_must_agree(tmp_path):
    package = harbor()
    package.modes = {"roles": "absent", "resources": "bulk", "users": "sometimes"}
    found = read_package(package.write(tmp_path / "p"))
    assert [(p.file, p.column, p.message) for p in found.errors] == [
        ("manifest.csv", "value", "“sometimes” is not one of: absent, bulk, delta."),
        (
            "manifest.csv",
            "file.users",
            "The package has users.csv, but manifest.csv does not list it as bulk or delta.",
        ),
        (
            "manifest.csv",
            "file.roles",
            "The package has roles.csv, but manifest.csv does not list it as bulk or delta.",
        ),
    ]
    package = harbor()
    package.modes = {"demographics": "bulk"}
    package.demographics = []
    found = read_package(package.write(tmp_path / "q"))
    assert messages(found) == [
        "manifest.csv lists demographics.csv as bulk, but the package has no such file."
    ]


def test_extension_columns_are_never_an_error_and_a_state_id_is_kept(tmp_path):
    package = harbor()
    package.extra_columns["users"] = ["metadata.stateId", "metadata.lunchCode", "nickname"]
    package.users[1]["metadata.stateId"] = "MA-777"
    package.users[1]["metadata.lunchCode"] = "1234"
    found = read_package(package.write(tmp_path / "p"))
    assert found.errors == []
    assert found.users["s2"].metadata == {"metadata.stateid": "MA-777"}
    assert [(w.file, w.row, w.column) for w in found.warnings] == [("users.csv", 1, "nickname")]


def test_user_ids_are_type_id_pairs(tmp_path):
    package = harbor()
    package.users[1]["userIds"] = "{state:1},{LDAP:olive}"
    package.users[2]["userIds"] = "state=1"
    found = read_package(package.write(tmp_path / "p"))
    assert found.users["s2"].user_ids == {"state": "1", "ldap": "olive"}
    assert [(p.row, p.column) for p in found.errors] == [(4, "userIds")]


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path):
    files = files_of(harbor(), tmp_path)
    files["users.csv"] = b"\xef\xbb\xbf" + files["users.csv"].replace(b"\r\n", b"\n").replace(
        b"\n", b"\r\n"
    )
    package = read_package(zipped(files))
    assert package.errors == [] and len(package.users) == 10


def test_a_delta_row_to_delete_needs_only_its_id(tmp_path):
    package = Package(delta=True)
    package.users.append(package._base("s1", "tobedeleted") | {"enabledUser": ""})
    found = read_package(package.write(tmp_path / "p"))
    assert found.errors == []
    assert found.users["s1"].deleted


def test_the_rows_of_a_file_with_the_wrong_width_are_errors(tmp_path):
    folder = harbor().write(tmp_path / "p")
    users = folder / "users.csv"
    users.write_text(users.read_text() + "s99,,,true\n")
    found = read_package(folder)
    assert [(p.row, p.message) for p in found.errors] == [
        (12, "The row has 4 values; the header has 23.")
    ]
