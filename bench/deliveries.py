"""Messages per second: N e-mails queued as deliveries, sent by two `manage.py db_worker`
processes to a local SMTP server (aiosmtpd), and how many arrived twice.

    .venv/bin/python bench/deliveries.py [--messages 5000] [--workers 2]

Uses a throwaway SQLite file (migrated here). Queues the deliveries the way the app does
(`tandem.core.deliveries.queue_email`: the delivery row and its task row in one transaction,
500 per transaction), starts the SMTP server in this process and the workers as subprocesses,
and prints the seconds from the first worker's start to the last message, messages/s, and the
duplicate count (the same Message-ID received twice; should be 0).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUEUE = """
from django.db import transaction
from tandem.core.deliveries import queue_email
n = {n}
for start in range(0, n, 500):
    with transaction.atomic():
        for i in range(start, min(start + 500, n)):
            queue_email(to=f"family{{i}}@bench.test", subject=f"Message {{i}}", body="Hello.",
                        purpose="bench")
print(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from tests.smtp import Inbox, start_smtp

    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-deliveries-"))
    controller, inbox = start_smtp(Inbox())
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}},
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
    }

    def manage(*command):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    print(f"migrating a throwaway database in {folder} …", flush=True)
    manage("migrate", "--noinput")
    started = time.monotonic()
    manage("shell", "-c", QUEUE.format(n=args.messages))
    print(f"queued {args.messages} e-mails in {time.monotonic() - started:.1f} s", flush=True)

    log = (folder / "workers.log").open("w")
    workers = []
    started = time.monotonic()
    for _ in range(args.workers):
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                    "--no-reload",
                    "--verbosity",
                    "0",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    last_count, last_change = 0, time.monotonic()
    while len(inbox.messages) < args.messages:
        time.sleep(0.5)
        if len(inbox.messages) != last_count:
            last_count, last_change = len(inbox.messages), time.monotonic()
        elif time.monotonic() - last_change > 120:
            print("no progress for 2 minutes; stopping", flush=True)
            break
    elapsed = time.monotonic() - started
    time.sleep(3)  # anything sent twice arrives now
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=60)
    log.close()
    controller.stop()

    ids = Counter(message["Message-ID"] for message in inbox.messages)
    duplicates = sum(count - 1 for count in ids.values())
    print(f"received {len(inbox.messages)} messages ({len(ids)} distinct) in {elapsed:.1f} s")
    print(f"{len(ids) / elapsed:.1f} messages/s with {args.workers} workers")
    print(f"duplicates: {duplicates}")


if __name__ == "__main__":
    main()
