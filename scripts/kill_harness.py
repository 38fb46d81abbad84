"""What the import kill tests share: a data directory of their own (a SQLite file, or the
PostgreSQL database given), the binary run against it, queries, a kill after a delay, and the
checks every cycle ends with (the audit chain; SQLite's integrity)."""
import argparse
import os
import signal
import subprocess
import tempfile
import time


def arguments(size, default):
    """--binary, --database-url, --cycles and the test's size (`--users`, `--students`)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument(f"--{size}", type=int, default=default)
    return parser.parse_args()


class Harness:
    def __init__(self, args, prefix):
        self.binary, self.database_url = args.binary, args.database_url
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.env = dict(os.environ, PATHWORK_DATA=os.path.join(self.work, "data"))
        self.env.pop("DATABASE_URL", None)
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url
        self.root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def pathwork(self, *arguments, check=True):
        return subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True, check=check)

    def rows(self, sql):
        """Every row of a query, each value as text."""
        if self.database_url:
            out = subprocess.run(["psql", self.database_url, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True).stdout
            return [line.split("\t") for line in out.splitlines() if line]
        import sqlite3
        with sqlite3.connect(os.path.join(self.work, "data", "pathwork.sqlite")) as db:
            return [[str(value) for value in row] for row in db.execute(sql).fetchall()]

    def value(self, sql):
        return self.rows(sql)[0][0]

    def kill_after(self, seconds, *arguments):
        """Runs the binary with `arguments` and sends it SIGKILL after `seconds`."""
        process = subprocess.Popen([self.binary, *arguments], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(seconds)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def check(self, cycle):
        """The audit chain verifies, and on SQLite the file is intact."""
        verify = self.pathwork("audit", "verify", check=False)
        assert verify.returncode == 0, f"cycle {cycle}: audit verify failed: {verify.stdout}{verify.stderr}"
        if not self.database_url:
            assert self.value("PRAGMA integrity_check") == "ok", f"cycle {cycle}: SQLite integrity check failed"
