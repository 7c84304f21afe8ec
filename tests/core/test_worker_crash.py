"""Fault injection with real processes: `manage.py db_worker` is killed (SIGKILL) while it sends
a shared plan to a slow SMTP server; a new worker and `manage.py recover_tasks` finish the job,
and the family receives the plan exactly once. The process that booked a conference is killed
right after the booking commits: the invitation still goes (its task row committed with it).

Everything runs in subprocesses against a SQLite file of their own (migrated here), not the
test database: pytest-django's in-memory SQLite cannot be reached from another process. The
SMTP server (aiosmtpd, tests/smtp.py) runs in this process and counts what arrives.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.smtp import Slow, start_smtp

ROOT = Path(__file__).resolve().parents[2]
SEED = """
import os, signal
from tests.personas import build_cast
from tests.core.test_access_matrix import conference_of, shared_plan_of
cast = build_cast()
shared_plan_of(cast)
print(cast.caregiver.email, flush=True)
conference_of(cast)
os.kill(os.getpid(), signal.SIGKILL)  # the process dies the moment the booking has committed
"""


def _env(tmp_path, smtp_port):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return {
        **clean,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tandem.sqlite3'}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "TANDEM_DELIVERY_LEASE": "2",
        "TANDEM_WORKER_HEARTBEAT": "1",
        "PYTHONUNBUFFERED": "1",
    }


def _manage(env, *args, timeout=600, killed=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == (-signal.SIGKILL if killed else 0), result.stderr[-3000:]
    return result.stdout


def _worker(env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _deliveries(db_path):
    with sqlite3.connect(db_path, timeout=20) as db:
        return db.execute(
            "SELECT state, attempts, message_id, purpose, channel FROM core_delivery ORDER BY id"
        ).fetchall()


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the crash runs in subprocesses on a SQLite file of its own whatever the suite's "
    "database; the SQLite pass of `make test` runs it, and a second run in the PostgreSQL pass "
    "would test the same thing again",
)
def test_a_worker_killed_while_sending_loses_nothing_and_sends_once(tmp_path):
    handler = Slow(delay=8.0)
    controller, inbox = start_smtp(handler)
    env = _env(tmp_path, controller.port)
    db_path = tmp_path / "tandem.sqlite3"
    workers = []
    log = (tmp_path / "workers.log").open("w")
    try:
        _manage(env, "migrate", "--noinput")
        address = _manage(env, "shell", "-c", SEED, killed=True).strip().splitlines()[-1]

        first = _worker(env, log)
        workers.append(first)
        # The plan is rendered, its delivery written and claimed; the server is taking its time.
        _wait(lambda: [d for d in _deliveries(db_path) if d[0] == "sending"], 300, "sending")
        time.sleep(1.0)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert inbox.messages == []  # the server never finished taking it

        handler.delay = 0.2
        second = _worker(env, log)
        workers.append(second)
        time.sleep(2.5)  # the dead worker's heartbeat goes quiet
        out = _manage(env, "recover_tasks", "--after", "1", timeout=300)
        assert "1 task(s) recovered" in out, out

        def all_sent():
            rows = _deliveries(db_path)
            return all(row[0] == "sent" for row in rows) and rows

        _wait(lambda: len(inbox.messages) >= 2, 300, "the plan and the invitation to arrive")
        _wait(all_sent, 60, "every delivery to be sent")
        time.sleep(4)  # past the lease: nothing else goes out
        # E-mails (Carla also takes texts: the invitation's text went to the console backend).
        rows = [row for row in _deliveries(db_path) if row[4] == "email"]
        assert len(rows) == 2, (rows, [m["Subject"] for m in inbox.messages])
        plan, invitation = rows
        assert [m["To"] for m in inbox.messages] == [address, address]
        assert plan[3] == "plans/email/shared" and plan[1] == 2  # sent again after the kill
        assert invitation[3] == "conferences/email/invitation" and invitation[1] == 1
        assert sorted(m["Message-ID"] for m in inbox.messages) == sorted([plan[2], invitation[2]])

        # SIGTERM: the worker stops gracefully (nothing running, so at once), exit code 0.
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        log.close()
        controller.stop()
