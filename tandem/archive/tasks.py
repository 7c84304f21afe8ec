"""The archive is built by the task worker (`manage.py db_worker`), queued on commit."""

from django_tasks import task

from . import services


@task()
def build_year_archive(*, archive_id: int) -> None:
    services.archive_build(archive_id=archive_id)
