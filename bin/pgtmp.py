#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server.

    python3 bin/pgtmp.py -- .venv/bin/pytest

initdb makes a cluster in a temporary directory, pg_ctl starts it on a free loopback port with
durability switched off (it is thrown away), DATABASE_URL points the command at it, and the
server is stopped and the directory removed afterwards, whatever the command's outcome. The
command's exit status is this script's. initdb refuses to run as root, so as root the server
runs as the `postgres` system user (made if missing).
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    sys.exit(
        f"pgtmp: {name} not found; install PostgreSQL 15+ (Debian: apt-get install postgresql)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


def main(argv: list[str]) -> int:
    if "--" not in argv:
        sys.exit("usage: pgtmp.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    user = server_user()
    root = tempfile.mkdtemp(prefix="tandem-pg-")
    data = os.path.join(root, "data")
    port = free_port()
    if user:
        shutil.chown(root, user=user)
    as_user = {"user": user} if user else {}
    pg_ctl = pg_binary("pg_ctl")
    started = False
    try:
        subprocess.run(
            [
                pg_binary("initdb"),
                "-D",
                data,
                "-U",
                "tandem",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            **as_user,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        subprocess.run(
            [
                pg_ctl,
                "-D",
                data,
                "-o",
                options,
                "-l",
                os.path.join(root, "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            **as_user,
        )
        started = True
        subprocess.run(
            [pg_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "tandem", "tandem"],
            check=True,
        )
        url = f"postgres://tandem@127.0.0.1:{port}/tandem"
        print(f"pgtmp: PostgreSQL running at {url}", flush=True)
        return subprocess.call(command, env={**os.environ, "DATABASE_URL": url})
    finally:
        if started:
            subprocess.run(
                [pg_ctl, "-D", data, "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                **as_user,
            )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
