"""gunicorn's settings, for `make demo` (bin/demo-server), the booking herd (tests/herd.py) and
production: `gunicorn -c config/gunicorn.py config.wsgi:application --bind …`.

Each worker process runs one thread, and there is one process more than there are cores. A
request is mostly Python (the ORM, templates), so threads in one process take turns on its
interpreter lock: a second thread makes every request in the process slower while it queues
behind the other, and buys little. The extra process is what keeps the cores busy while one
request waits for the database (SQLite's write lock, a PostgreSQL row lock, PostgreSQL's own
work on the same cores). Requests beyond that wait in the listen queue, where waiting costs
nothing and the first come is served first. Measured by the booking herd (bench/booking.py, 50
families at once on 2 cores, PostgreSQL): 2 processes × 2 threads gave a p95 of 350–723 ms over
five runs and server p50 26–41 ms; 3 processes × 1 thread 345–444 ms and 15–19 ms (README).
A slow client holds its process while it sends: behind a proxy that buffers requests (nginx
does by default), none reaches gunicorn slowly.

TANDEM_WEB_WORKERS: worker processes (default: one per core, as `os.cpu_count()` reports, plus
one); TANDEM_WEB_THREADS: threads per worker (default 1). Behind a proxy, gunicorn's default
keep-alive and timeouts apply.
"""

import os

workers = int(os.environ.get("TANDEM_WEB_WORKERS") or (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("TANDEM_WEB_THREADS") or 1)
worker_class = os.environ.get("TANDEM_WEB_WORKER_CLASS") or "gthread"
