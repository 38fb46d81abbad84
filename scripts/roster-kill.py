"""A OneRoster import killed at random moments leaves its district exactly as before, or (when
the kill came after its one change committed) wholly applied; never half. Each cycle imports a
freshly generated set into a new district with `pathwork import oneroster`, sends SIGKILL after
a random share of a complete import's time, then checks the district's rows against nothing or
against the complete import, SQLite's integrity (on SQLite) and the audit chain. At the end an
import into a district whose import was killed runs to completion over what the kill left.

    python3 scripts/roster-kill.py --binary .build/debug/pathwork [--database-url URL] [--cycles 6] [--users 8000]

Without --database-url it runs on a SQLite file of its own.
"""
import os
import random
import subprocess
import sys
import time

from kill_harness import Harness, arguments

TABLES = ["people", "role_assignments", "student_profiles", "guardian_links", "enrollments", "roster_records", "roster_imports",
          "schools", "courses", "class_sections", "academic_sessions"]


def main():
    args = arguments("users", 8000)
    harness = Harness(args, "roster-kill-")
    work, root, pathwork, query = harness.work, harness.root, harness.pathwork, harness.value
    run_id = random.randrange(1 << 30)

    def district_state(slug):
        district = query(f"SELECT id FROM districts WHERE slug = '{slug}'")
        return {table: int(query(f"SELECT COUNT(*) FROM {table} WHERE district_id = '{district}'")) for table in TABLES}

    def new_set(n):
        folder = os.path.join(work, f"set-{n}")
        subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "oneroster_set.py"), folder, str(args.users), str(args.users // 50),
                        str(n), f"kill{run_id}-{n}.test"], check=True, capture_output=True)
        return folder

    def new_district(n):
        slug = f"kill-{run_id}-{n}"
        pathwork("district", "create", "--slug", slug, "--name", f"Kill {n}", "--timezone", "America/Denver")
        return slug

    pathwork("migrate")
    audit_rows = lambda: int(query("SELECT COUNT(*) FROM audit_entries"))

    # The complete import's rows and time, for comparison.
    slug = new_district(0)
    empty = district_state(slug)
    started = time.time()
    pathwork("import", "oneroster", new_set(0), "--district", slug)
    duration = time.time() - started
    complete = district_state(slug)
    print(f"a complete import of {args.users} users: {duration:.1f} s; {complete}")

    killed_before, applied = 0, 0
    last_unapplied = None
    for cycle in range(1, args.cycles + 1):
        slug = new_district(cycle)
        folder = new_set(cycle)
        before, audit_before = district_state(slug), audit_rows()
        delay = random.uniform(0.05, 1.05) * duration
        harness.kill_after(delay, "import", "oneroster", folder, "--district", slug)
        after = district_state(slug)
        if after["roster_imports"] == 0:
            killed_before += 1
            last_unapplied = (slug, folder)
            assert after == before == empty, f"cycle {cycle}: killed at {delay:.1f} s, the district changed: {after}"
            assert audit_rows() == audit_before, f"cycle {cycle}: audit rows were written by an import that did not apply"
        else:
            applied += 1
            assert after == complete, f"cycle {cycle}: killed at {delay:.1f} s after applying, the district differs: {after} != {complete}"
        harness.check(cycle)
        print(f"cycle {cycle}: killed at {delay:.1f} s: {'applied whole' if after['roster_imports'] else 'district unchanged'}")
    if last_unapplied:
        slug, folder = last_unapplied
        pathwork("import", "oneroster", folder, "--district", slug)
        assert district_state(slug) == complete, "the import after a killed one did not apply the whole set"
    print(f"{args.cycles} cycles: {killed_before} killed before applying (district unchanged), {applied} after (applied whole)")
    assert killed_before > 0, "no kill landed before the import applied; the check proved nothing"


if __name__ == "__main__":
    main()
