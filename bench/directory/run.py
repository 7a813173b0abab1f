#!/usr/bin/env python3
"""Times `campaign jurisdictions list` and `campaign lookup` as whole
processes on a large directory, by hand (tests never run this).

    bench/directory/run.py [--campaign BINARY] [--jurisdictions N] [--runs R] [--keep FOLDER] [--lists table,csv]

Builds a database in a temporary folder with the given binary:

- N jurisdictions (80,000 by default), generated: the country, 56 states,
  counties, cities and school districts under them, so that parents are
  five levels deep at most, as in the ocd-division-ids files;
- one city of them ("Grid City", Illinois) divided into 50 wards, a 10 by 5
  grid of ward polygons of 2,000 vertices each (a ward boundary from a city
  portal has a few thousand), with ZIP codes mapped to wards;
- a mayor, 50 ward councilmembers and a governor.

Then it times, each R times (the median and the slowest are printed):
`/bin/true` and `campaign --help` (what starting a process costs),
`campaign lookup --at` a point in a ward, `lookup --zip` of a ZIP in two
wards, and `jurisdictions list` as a table and as CSV (once each: they
print every row; `--lists table` leaves the CSV out). It exits non-zero if a lookup answers other than the
generated data says.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

CITY = "ocd-division/country:us/state:il/place:grid_city"
# The box the wards cover, around a city of Chicago's size.
WEST, EAST, SOUTH, NORTH = -87.94, -87.52, 41.64, 42.02
COLUMNS, ROWS = 10, 5


def generate_jurisdictions(count):
    """id,name,kind,parent rows, parents first, `count` in all."""
    rows = [("ocd-division/country:us", "United States", "country", "")]
    states = [f"ocd-division/country:us/state:s{index:02d}" for index in range(56)]
    states[0] = "ocd-division/country:us/state:il"
    rows += [(state, f"State {index}", "state", "ocd-division/country:us") for index, state in enumerate(states)]
    rows.append((CITY, "Grid City", "city", "ocd-division/country:us/state:il"))
    counties = [f"{state}/county:c{index:03d}" for state in states for index in range(57)]
    rows += [(county, f"County {index}", "county", county.rsplit("/", 1)[0]) for index, county in enumerate(counties)]
    index = 0
    while len(rows) < count:
        county = counties[index % len(counties)]
        if index % 4 == 3:
            rows.append((f"{county}/school_district:d{index}", f"School District {index}", "school-district", county))
        else:
            rows.append((f"{county}/place:p{index}", f"Place {index}", "city", county))
        index += 1
    return rows[:count]


def ward_box(code):
    column, row = (code - 1) % COLUMNS, (code - 1) // COLUMNS
    width, height = (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS
    west, south = WEST + column * width, SOUTH + row * height
    return west, south, west + width, south + height


def ward_polygon(code, vertices=2000):
    """The ward's rectangle as a ring of `vertices` points along its edges."""
    west, south, east, north = ward_box(code)
    corners = [(west, south), (east, south), (east, north), (west, north)]
    per_edge = vertices // 4
    ring = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        ring += [(x0 + (x1 - x0) * step / per_edge, y0 + (y1 - y0) * step / per_edge) for step in range(per_edge)]
    ring.append(ring[0])
    return [[round(x, 7), round(y, 7)] for x, y in ring]


def ward_centre(code):
    west, south, east, north = ward_box(code)
    return (south + north) / 2, (west + east) / 2


def write_files(folder, count):
    with open(os.path.join(folder, "jurisdictions.csv"), "w", encoding="utf-8") as handle:
        handle.write("id,name,kind,parent\n")
        for row in generate_jurisdictions(count):
            handle.write(",".join(row) + "\n")
    features = [{"type": "Feature", "properties": {"ward": code},
                 "geometry": {"type": "Polygon", "coordinates": [ward_polygon(code)]}} for code in range(1, 51)]
    with open(os.path.join(folder, "wards.geojson"), "w", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle)
    with open(os.path.join(folder, "ward-zips.csv"), "w", encoding="utf-8") as handle:
        handle.write("zip,district\n")
        for code in range(1, 51):
            handle.write(f"{60600 + code},{code}\n")
        handle.write("60699,1\n60699,2\n")   # a ZIP that spans two wards
    with open(os.path.join(folder, "officials.csv"), "w", encoding="utf-8") as handle:
        handle.write("id,name,jurisdiction,role,seat,district,source\n")
        handle.write(f"grid-mayor,Mary Major,{CITY},mayor,,,generated\n")
        handle.write("il-governor,Gil Governor,ocd-division/country:us/state:il,governor,,,generated\n")
        for code in range(1, 51):
            handle.write(f"grid-ward-{code},Member {code},{CITY},councilmember,Ward {code},{code},generated\n")


def timed(command):
    """Wall seconds, CPU seconds (user and system, which other work on a
    busy machine does not add to) and the output of one run."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit(f"{' '.join(command)} exited {code}: {err.read().decode(errors='replace').strip()[:2000]}")
        return seconds, usage.ru_utime + usage.ru_stime, out.read().decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = next((p for p in (".build/release/campaign", ".build/debug/campaign") if os.path.exists(p)), "campaign")
    parser.add_argument("--campaign", default=default, help=f"the campaign binary (default {default})")
    parser.add_argument("--jurisdictions", type=int, default=80_000, help="how many jurisdictions (default 80000)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each timed process (default 20)")
    parser.add_argument("--keep", help="build the database in this folder and keep it")
    parser.add_argument("--lists", default="table,csv",
                        help="which `jurisdictions list` formats to time (default table,csv; an older binary's CSV list took minutes)")
    options = parser.parse_args()
    binary = os.path.abspath(options.campaign)

    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or scratch
        os.makedirs(folder, exist_ok=True)
        database = os.path.join(folder, "directory.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        write_files(folder, options.jurisdictions)

        def campaign(*arguments):
            return [binary, "--db", database, *arguments]

        steps = [
            ("import jurisdictions", campaign("jurisdictions", "import", os.path.join(folder, "jurisdictions.csv"))),
            ("import officials", campaign("officials", "import", os.path.join(folder, "officials.csv"))),
            ("import 50 ward boundaries", campaign("districts", "import", os.path.join(folder, "wards.geojson"), "--jurisdiction", CITY,
                                                   "--property", "ward", "--kind", "ward", "--name", "Ward {code}")),
            ("import ward ZIP codes", campaign("districts", "import", os.path.join(folder, "ward-zips.csv"), "--jurisdiction", CITY)),
        ]
        print(f"binary: {binary}")
        for label, command in steps:
            seconds, _, _ = timed(command)
            print(f"{label}: {seconds:.2f} s")

        latitude, longitude = ward_centre(27)
        lookups = [
            ("/bin/true", ["/bin/true"], None),
            ("campaign --help", [binary, "--help"], None),
            (f"lookup --at (ward 27)", campaign("lookup", "--at", f"{latitude:.5f},{longitude:.5f}"), "Grid City: Ward 27"),
            ("lookup --zip 60699 (wards 1 and 2)", campaign("lookup", "--zip", "60699"), "Grid City: Ward 1 or Ward 2"),
            ("lookup --at, JSON", campaign("lookup", "--at", f"{latitude:.5f},{longitude:.5f}", "--format", "json"), "grid-ward-27"),
        ]
        print(f"\n{options.runs} runs each, milliseconds from process start to exit, and of CPU (user and system):")
        print(f"{'process':<40} {'median':>8} {'max':>8} {'CPU median':>11}")
        for label, command, expected in lookups:
            times, cpu = [], []
            for _ in range(options.runs):
                seconds, used, output = timed(command)
                times.append(seconds * 1000)
                cpu.append(used * 1000)
                if expected and expected not in output:
                    sys.exit(f"{label}: expected {expected!r} in the output:\n{output}")
            print(f"{label:<40} {statistics.median(times):>8.1f} {max(times):>8.1f} {statistics.median(cpu):>11.1f}")

        formats = [name for name in options.lists.split(",") if name]
        for label, command in [(f"jurisdictions list --format {name}", campaign("jurisdictions", "list", "--format", name)) for name in formats]:
            seconds, used, output = timed(command)
            print(f"{label}: {seconds:.2f} s ({used:.2f} s of CPU), {output.count(chr(10))} lines")


if __name__ == "__main__":
    main()
