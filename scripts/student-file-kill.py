"""A StudentTracker import killed at random moments is never read half-applied: the records a
reader sees (`postsecondary_records` rows no registered load owns) are all of one import, the
one applied before the kill or, when the kill came after its change committed, the killed one;
the next import clears what a killed load left. Each cycle applies the same detail file to a
generated district with `pathwork import clearinghouse`, sends SIGKILL after a random share of a
complete import's time, then checks what readers see, the audit chain and (on SQLite) the
file's integrity.

    python3 scripts/student-file-kill.py --binary .build/debug/pathwork [--database-url URL] [--cycles 6] [--students 2000]

Without --database-url it runs on a SQLite file of its own.
"""
import os
import random
import subprocess
import sys
import time

from kill_harness import Harness, arguments


def main():
    args = arguments("students", 2000)
    harness = Harness(args, "student-file-kill-")
    work, root, pathwork, rows = harness.work, harness.root, harness.pathwork, harness.rows

    seed = random.randrange(1000, 1 << 30)
    pathwork("generate", "--districts", "1", "--students", str(args.students), "--weeks", "0", "--seed", str(seed))
    slug = f"synthetic-{seed}-1"
    district = rows(f"SELECT id FROM districts WHERE slug = '{slug}'")[0][0]
    numbers = "\n".join(row[0] for row in rows(f"SELECT student_number FROM student_profiles WHERE district_id = '{district}'"))
    detail = os.path.join(work, "detail.csv")
    subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "studenttracker_file.py"), detail, str(args.students * 4)],
                   input=numbers, text=True, check=True)

    def seen():
        """What readers see of the district: rows by import, the imports applied, searches."""
        by_import = rows(f"""SELECT import_id, COUNT(*) FROM postsecondary_records r WHERE district_id = '{district}'
                             AND NOT EXISTS (SELECT 1 FROM student_file_loads l WHERE l.id = r.import_id) GROUP BY import_id""")
        imports = [row[0] for row in rows(f"SELECT id FROM student_file_imports WHERE district_id = '{district}' ORDER BY applied_at, id")]
        searches = int(rows(f"SELECT COUNT(*) FROM postsecondary_searches WHERE district_id = '{district}'")[0][0])
        return {row[0].lower(): int(row[1]) for row in by_import}, [i.lower() for i in imports], searches

    started = time.time()
    pathwork("import", "clearinghouse", detail, "--district", slug)
    duration = time.time() - started
    records, imports, searches = seen()
    assert list(records) == imports[-1:], f"the complete import's rows are not all its own: {records} {imports}"
    complete = records[imports[-1]]
    print(f"a complete import of {args.students * 4} lines: {duration:.1f} s; {complete} records, {searches} searches")

    killed_before, applied, hid = 0, 0, 0
    for cycle in range(1, args.cycles + 1):
        _, imports_before, _ = seen()
        delay = random.uniform(0.05, 1.05) * duration
        harness.kill_after(delay, "import", "clearinghouse", detail, "--district", slug)
        records, imports, searches_now = seen()
        if imports == imports_before:
            killed_before += 1
        else:
            applied += 1
            assert len(imports) == len(imports_before) + 1, f"cycle {cycle}: more than one import applied: {imports}"
        # Whether or not it applied, readers see one whole import: the last one applied.
        assert records == {imports[-1]: complete}, f"cycle {cycle}: killed at {delay:.1f} s, readers see {records}, last applied {imports[-1]}"
        assert searches_now == searches, f"cycle {cycle}: {searches_now} searches, not {searches}"
        harness.check(cycle)
        stored = int(rows(f"SELECT COUNT(*) FROM postsecondary_records WHERE district_id = '{district}'")[0][0])
        hidden = stored - complete
        hid += hidden > 0
        print(f"cycle {cycle}: killed at {delay:.1f} s: {'applied whole' if imports != imports_before else 'nothing read of it'}"
              f"{f' ({hidden} rows of it stored, hidden)' if hidden else ''}")
    # The next import clears what the killed loads left and applies the whole file.
    pathwork("import", "clearinghouse", detail, "--district", slug)
    records, imports, _ = seen()
    stored = int(rows(f"SELECT COUNT(*) FROM postsecondary_records WHERE district_id = '{district}'")[0][0])
    assert records == {imports[-1]: complete} and stored == complete, f"after the last import: {records}, {stored} rows stored"
    print(f"{args.cycles} cycles: {killed_before} killed before applying (nothing read of them; {hid} mid-load, their rows stored and hidden), "
          f"{applied} after (applied whole)")
    assert killed_before > 0, "no kill landed before the import applied; the check proved nothing"


if __name__ == "__main__":
    main()
