#!/usr/bin/env python3
"""Runs every division id the ocd-division-ids project publishes through
`campaign jurisdictions import`, by hand (tests never run this).

    bench/ocd-ids/run.py PATH [--campaign BINARY]

PATH is a copy of the project's `identifiers/` folder (or a folder under it,
such as `identifiers/country-us`). Two runs, each into a new database:

1. The project's own files as they are, in one import: every CSV whose second
   column is a name (`id,name,...` or no header). Left out: files without
   names (`id,sameAs,...` aliases, `id,openstates_district`,
   `id,census_geoid_12,...`, `id,sch_dist_stateid,...`, the one-column
   `us_sldl_ignore.txt`) and `census_whitelist.csv`, whose second column is
   a note.
2. Every distinct id in every file (first columns), named as a file names it
   or else by its last value, in one `id,name` file.

Each run prints the time, what the import said, the number of jurisdictions
stored afterwards and how many there are of each kind. It exits non-zero if
an import fails or a listed count differs from the ids given.
"""
import argparse
import collections
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

NAMELESS_HEADERS = ("id,sameAs", "id,openstates_district", "id,census_geoid_12", "id,census_geoid_14", "id,sch_dist_stateid")


def files_under(root):
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if name.endswith(".csv") or name.endswith(".txt"):
                yield os.path.join(folder, name)


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle) if row]


def campaign(binary, database, *arguments):
    started = time.monotonic()
    result = subprocess.run([binary, "--db", database, *arguments], capture_output=True, text=True)
    return result, time.monotonic() - started


def run(binary, label, files, expected):
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "ocd.sqlite")
        imported, seconds = campaign(binary, database, "jurisdictions", "import", *files)
        print(f"{label}: {len(files)} file(s), {seconds:.2f} s")
        print("  " + (imported.stdout.strip() or imported.stderr.strip()[:2000]))
        if imported.returncode != 0:
            return False
        # Read straight from the database: `jurisdictions list` is slow with this many.
        with sqlite3.connect(database) as db:
            kinds = collections.Counter(dict(db.execute("SELECT kind, COUNT(*) FROM jurisdictions GROUP BY kind")))
            orphans = db.execute("SELECT COUNT(*) FROM jurisdictions WHERE parent_id IS NULL").fetchone()[0]
        total = sum(kinds.values())
        print(f"  {total} jurisdictions stored (expected {expected}), {orphans} without a parent: "
              + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))
        return total == expected


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the project's identifiers/ folder, or a folder under it")
    default = next((p for p in (".build/release/campaign", ".build/debug/campaign") if os.path.exists(p)), "campaign")
    parser.add_argument("--campaign", default=default, help=f"the campaign binary (default {default})")
    options = parser.parse_args()

    names = {}
    every_id = set()
    named_files = []
    named_ids = set()
    for path in files_under(options.path):
        records = rows(path)
        if not records:
            continue
        header = ",".join(records[0])
        has_header = records[0][0] == "id"
        every_id.update(record[0] for record in records[1 if has_header else 0:])
        if header.startswith(NAMELESS_HEADERS) or len(records[0]) < 2 or os.path.basename(path) == "census_whitelist.csv":
            continue
        named_files.append(path)
        for record in records[1 if has_header else 0:]:
            names.setdefault(record[0], record[1])
            named_ids.add(record[0])
    print(f"{len(every_id)} distinct ids in {options.path}; {len(named_ids)} in {len(named_files)} files with names")

    good = run(options.campaign, "published files as they are", named_files, len(named_ids))
    with tempfile.TemporaryDirectory() as folder:
        every = os.path.join(folder, "every-id.csv")
        with open(every, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id", "name"])
            for division in sorted(every_id):
                writer.writerow([division, names.get(division) or division.rsplit(":", 1)[-1]])
        good = run(options.campaign, "every id", [every], len(every_id)) and good
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
