"""gunicorn's settings, for `make demo` (bin/demo-server), the booking herd (tests/herd.py) and
production: `gunicorn -c config/gunicorn.py config.wsgi:application --bind …`.

Each worker process runs a few threads. A request is mostly Python (the ORM, templates), so
threads in one process take turns on its interpreter lock: more threads than that do not make a
request finish sooner, they make every request in the process slower while it queues behind
the others — server time grows and the families wait no less. A few threads per worker are
enough to keep the core busy while one waits for the database (SQLite's write lock, a
PostgreSQL row lock) or a slow client. Requests beyond that wait in the listen queue, where
waiting costs nothing and the first come is served first.

TANDEM_WEB_WORKERS: worker processes (default: one per core, as `os.cpu_count()` reports);
TANDEM_WEB_THREADS: threads per worker (default 2). Behind a proxy, gunicorn's default keep-alive
and timeouts apply.
"""

import os

workers = int(os.environ.get("TANDEM_WEB_WORKERS") or os.cpu_count() or 2)
threads = int(os.environ.get("TANDEM_WEB_THREADS") or 2)
worker_class = os.environ.get("TANDEM_WEB_WORKER_CLASS") or "gthread"
