"""A throwaway PostgreSQL for the benchmark, started as .ci/run starts one: a cluster in a
temporary directory (owned by `postgres` when run as root), on a free local port, fast rather
than crash-safe (fsync off), stopped and removed when the benchmark ends.

`cluster()` is the run's cluster, started on first use (None, with the reason printed, when
PostgreSQL 15's binaries are missing); its `create(name)` makes an empty database and returns
its URL, `dump` and `restore` keep a seeded one in a file between runs (pg_dump's format).
"""

import atexit
import os
import pwd
import shutil
import socket
import subprocess  # noqa: S404  (PostgreSQL's binaries: absolute paths, no shell)
import tempfile
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


class Cluster:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="velkomst-bench-pg."))
        self.data = self.tmp / "data"
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.tmp, "postgres", "postgres")
        self.tmp.chmod(0o700)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        print(f"PostgreSQL 15 on 127.0.0.1:{self.port} (data in {self.data})", flush=True)

    def _start(self):
        self._as_pg(
            BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        for attempt in range(3):  # another process may take the port before the server does
            self.port = _free_port()
            conf = self.data / "postgresql.auto.conf"
            conf.write_text(
                "# the benchmark's throwaway cluster: local only, fast rather than crash-safe\n"
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.tmp}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
            if self.root:
                shutil.chown(conf, "postgres", "postgres")
            log = self.tmp / "postgres.log"
            started = self._as_pg(
                BIN / "pg_ctl", "-D", self.data, "-l", log, "-w", "-t", "60", "start", check=False
            )
            if started.returncode == 0:
                break
            if attempt == 2:
                raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text()[-2000:]}")

    def _as_pg(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.root else []
        return subprocess.run(  # noqa: S603
            [*prefix, *map(str, command)],
            cwd=self.tmp,  # a directory `postgres` can read
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    def create(self, name):
        """A new, empty database `name` (dropped first if a scenario made it before)."""
        self._client("dropdb", "--if-exists", name)
        self._client("createdb", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def dump(self, name, path):
        self._client("pg_dump", "--format=custom", f"--file={path}", name)

    def restore(self, name, path):
        self._client("pg_restore", "--no-owner", f"--dbname={name}", str(path))

    def _client(self, program, *args):
        """A client program as this user (the file may be where `postgres` cannot read)."""
        address = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(  # noqa: S603
            [str(BIN / program), *address, *args], capture_output=True, timeout=3600, check=True
        )

    def stop(self):
        if (self.data / "postmaster.pid").is_file():
            stopped = self._as_pg(
                BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop", check=False
            )
            if stopped.returncode != 0:
                self._as_pg(BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _has_user(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


_cluster = None
_missing = None


def cluster():
    """The run's cluster, started on first use; None (the reason printed) without PostgreSQL."""
    global _cluster, _missing
    if _cluster is None and _missing is None:
        if not (BIN / "initdb").is_file():
            _missing = f"PostgreSQL 15 is not installed ({BIN} is absent): skipping postgresql"
        elif os.geteuid() == 0 and not _has_user("postgres"):
            _missing = "no `postgres` user to run PostgreSQL as (root): skipping postgresql"
        else:
            _cluster = Cluster()
            atexit.register(_cluster.stop)
    if _missing:
        print(_missing, flush=True)
    return _cluster
