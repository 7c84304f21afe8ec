import pytest

from tandem.rosters.oneroster import read_package
from tandem.rosters.services import roster_import


@pytest.fixture
def run_import(tmp_path):
    """Write a tests.rosters.packages.Package and import it; returns the report."""
    counter = iter(range(1000))

    def run(package, **options):
        folder = package.write(tmp_path / f"package-{next(counter)}")
        return roster_import(package=read_package(folder), **options)

    return run
