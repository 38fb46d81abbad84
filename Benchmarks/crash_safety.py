"""Crash safety of clock events: concurrent clock-ins and outs against a running server, which
is killed with SIGKILL at a random moment, restarted, and checked (every fourth cycle, by
default, it is asked to stop with SIGTERM instead, and must exit cleanly though requests are
still arriving):

- every acknowledged clock-in (201) is in the database, once, with its audit row;
- every acknowledged clock-out (200) left its entry closed;
- no student has two entries open or two entries that overlap;
- SQLite's integrity check passes and the audit chain verifies.

    python3 Benchmarks/crash_safety.py --binary .build/debug/pathwork --cycles 20

Run it on a release build with --cycles 1000 for the long version. Every 50 cycles (by default) it
starts again on a freshly generated database, after verifying the old one's audit chain.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not answer /healthz")


class Ledger:
    """What the server acknowledged, across every cycle."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clocked_in = {}   # entry id -> student token index
        self.clocked_out = set()

    def record(self, kind, entry_id, student):
        with self.lock:
            if kind == "in":
                if entry_id in self.clocked_in:
                    raise AssertionError(f"entry {entry_id} acknowledged twice")
                self.clocked_in[entry_id] = student
            else:
                self.clocked_out.add(entry_id)


def worker(port, students, ledger, stop):
    """Walks its students: clock in, then out, then the next student."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while not stop.is_set():
        for index, token in students:
            for kind in ("in", "out"):
                if stop.is_set():
                    return
                body = json.dumps({"activity": "training"}) if kind == "in" else None
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                try:
                    conn.request("POST", f"/api/v1/clock/{kind}", body=body, headers=headers)
                    response = conn.getresponse()
                    payload = response.read()
                except (OSError, http.client.HTTPException):
                    return  # the server is gone; this cycle is over for this worker
                if response.status in (200, 201):
                    ledger.record(kind, json.loads(payload)["id"].lower(), index)
                elif response.status == 503:
                    return  # the server is stopping and said so; nothing was acknowledged
                elif response.status != 409:  # 409: state left by a kill (already in / not in)
                    raise AssertionError(f"clock {kind}: {response.status} {payload[:200]!r}")


def check(database, ledger):
    db = sqlite3.connect(database)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok", f"integrity check: {integrity}"
        rows = db.execute("SELECT lower(id), student_id, starts_at, ends_at, status FROM time_entries WHERE source = 'clock'").fetchall()
        stored = {r[0]: r for r in rows}
        missing = [i for i in ledger.clocked_in if i not in stored]
        assert not missing, f"{len(missing)} acknowledged clock-ins are missing, e.g. {missing[:3]}"
        still_open = [i for i in ledger.clocked_out if stored[i][3] is None]
        assert not still_open, f"{len(still_open)} acknowledged clock-outs are not closed, e.g. {still_open[:3]}"
        audited = {r[0].lower() for r in db.execute("SELECT entity_id FROM audit_entries WHERE entity = 'timeEntry' AND action = 'create'")}
        unaudited = [i for i in ledger.clocked_in if i not in audited]
        assert not unaudited, f"{len(unaudited)} acknowledged clock-ins have no audit row"
        opened = db.execute("SELECT student_id, COUNT(*) FROM time_entries WHERE status = 'open' GROUP BY student_id HAVING COUNT(*) > 1").fetchall()
        assert not opened, f"{len(opened)} students have two open entries"
        # Sorted by start, any overlap shows between neighbours; an open entry runs for ever.
        overlaps = db.execute("""SELECT COUNT(*) FROM (
            SELECT starts_at, LAG(COALESCE(ends_at, 1e18)) OVER (PARTITION BY student_id ORDER BY starts_at, id) AS previous_end
            FROM time_entries WHERE kind = 'work') WHERE previous_end > starts_at""").fetchone()[0]
        assert overlaps == 0, f"{overlaps} pairs of entries overlap"
        return len(stored)
    finally:
        db.close()


def fresh_database(binary, students):
    """A new data folder with generated students; returns it, its environment and their tokens."""
    data = tempfile.mkdtemp(prefix="pathwork-crash.")
    env = dict(os.environ, PATHWORK_DATA=data)
    env.pop("DATABASE_URL", None)
    tokens_file = os.path.join(data, "tokens.txt")
    subprocess.run([binary, "generate", "--students", str(students), "--weeks", "0", "--seed", "3",
                    "--tokens", tokens_file], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tokens = []
    for line in open(tokens_file):
        _, role, _, age, token = line.split()
        if role == "student" and int(age) >= 16:  # the law lets them work at any hour
            tokens.append((len(tokens), token))
    return data, env, tokens


def verify_audit(binary, env):
    verify = subprocess.run([binary, "audit", "verify"], env=env, capture_output=True, text=True)
    assert verify.returncode == 0, f"audit verify failed: {verify.stderr.strip()}"
    return verify.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--students", type=int, default=400)
    parser.add_argument("--workers", type=int, default=16)
    # Every check reads the whole database; a fresh one now and then keeps a long run's cycles short.
    parser.add_argument("--cycles-per-database", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--term-every", type=int, default=4, help="every Nth cycle stops the server with SIGTERM (0: never)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    totals = [0, 0]
    data = None
    for cycle in range(1, args.cycles + 1):
        if (cycle - 1) % args.cycles_per_database == 0:
            if data:
                verify_audit(args.binary, env)
                subprocess.run(["rm", "-rf", data])
            data, env, students = fresh_database(args.binary, args.students)
            ledger = Ledger()
            database = os.path.join(data, "pathwork.sqlite")
            log = open(os.path.join(data, "serve.log"), "ab")
        port = free_port()
        server = subprocess.Popen([args.binary, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
        before = (len(ledger.clocked_in), len(ledger.clocked_out))
        try:
            wait_healthy(port, server)
            stop = threading.Event()
            slices = [students[i::args.workers] for i in range(args.workers)]
            threads = [threading.Thread(target=worker, args=(port, s, ledger, stop)) for s in slices]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.2, 1.5))
            graceful = args.term_every > 0 and cycle % args.term_every == 0
            server.send_signal(signal.SIGTERM if graceful else signal.SIGKILL)
            code = server.wait(timeout=60)
            assert not graceful or code == 0, f"cycle {cycle}: asked to stop under load, the server exited with {code} (see {data}/serve.log)"
            stop.set()
            for t in threads:
                t.join()
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        stored = check(database, ledger)
        totals[0] += len(ledger.clocked_in) - before[0]
        totals[1] += len(ledger.clocked_out) - before[1]
        how = "stopped" if graceful else "killed"
        print(f"cycle {cycle} ({how}): {totals[0]} clock-ins and {totals[1]} clock-outs acknowledged so far, "
              f"{stored} entries in this database, all present, none twice, integrity ok", flush=True)
    audit = verify_audit(args.binary, env)
    subprocess.run(["rm", "-rf", data])
    stops = args.cycles // args.term_every if args.term_every > 0 else 0
    print(f"{args.cycles - stops} kill -9 cycles and {stops} clean stops under load in {time.time() - started:.0f} s: "
          f"nothing acknowledged was lost; {audit}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        sys.exit(1)
