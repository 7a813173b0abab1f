#!/usr/bin/env python3
"""Imports every municipal and executive file of Open States' people data
through `campaign officials import --format openstates`, by hand (tests
never run this).

    bench/openstates/run.py PATH [--campaign BINARY] [--runs N]

PATH is a copy of the openstates/people repository's `data/` folder (one
folder per state). Every state's `municipalities.yml`, `municipalities/`
and `executive/` are given to one import, into a new database each run; the
legislatures are left out. Each run prints the time and what the import
said; the script exits non-zero if an import fails or takes 5 s or more.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 5.0


def paths(data):
    found = []
    for state in sorted(os.listdir(data)):
        folder = os.path.join(data, state)
        for name in ("municipalities.yml", "executive", "municipalities"):
            if os.path.exists(os.path.join(folder, name)):
                found.append(os.path.join(folder, name))
    return found


def count_files(found):
    return sum(len([n for n in os.listdir(p) if n.endswith(".yml")]) if os.path.isdir(p) else 1 for p in found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the openstates/people data/ folder")
    default = next((p for p in (".build/release/campaign", ".build/debug/campaign") if os.path.exists(p)), "campaign")
    parser.add_argument("--campaign", default=default, help=f"the campaign binary (default {default})")
    parser.add_argument("--runs", type=int, default=3, help="how many times to import (default 3)")
    options = parser.parse_args()

    found = paths(options.path)
    if not found:
        sys.exit(f"{options.path}: no state folder with municipalities.yml, executive/ or municipalities/")
    print(f"{options.campaign}: {count_files(found)} files in {len(found)} paths")
    ok = True
    for run in range(1, options.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            database = os.path.join(folder, "openstates.sqlite")
            started = time.monotonic()
            result = subprocess.run([options.campaign, "--db", database, "officials", "import", "--format", "openstates", *found],
                                    capture_output=True, text=True)
            seconds = time.monotonic() - started
            print(f"run {run}: {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s)")
            print("  " + (result.stdout.strip().replace("\n", "; ") or result.stderr.strip()[:2000]))
            if result.returncode != 0:
                ok = False
                continue
            with sqlite3.connect(database) as db:
                officials = db.execute("SELECT COUNT(*) FROM officials").fetchone()[0]
                contacts = db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
            print(f"  stored: {officials} officials, {contacts} contacts")
            ok = ok and seconds < TARGET_SECONDS
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
