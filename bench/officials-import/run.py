#!/usr/bin/env python3
"""Times `campaign officials import` of a large generated officials CSV, and
its peak memory, by hand (tests never run this).

    bench/officials-import/run.py [--campaign BINARY] [--megabytes 50] [--keep FOLDER]

Writes, into a temporary folder:

- jurisdictions.csv: a state, 400 cities in it and 50 wards in each;
- officials.csv of about the size asked (50 MB by default), every column
  filled in as a spreadsheet export has them: per city a mayor with an
  office row of its own (a phone and a web page), and per ward a
  councilmember with a seat and a district, English and Spanish titles,
  term dates, party, and three contacts (a row each: phone, e-mail, a
  postal address in quotes over two lines).

Then, each in a new database holding the jurisdictions, with
`/usr/bin/time` for the CPU time and the peak resident memory: the import as
a dry run, the import, and the same file again (every record unchanged).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

COLUMNS = ["id", "name", "sort_name", "party", "pronouns", "language", "jurisdiction", "role", "seat", "district",
           "title_en", "title_es", "term_start", "term_end", "source", "verified",
           "contact_kind", "contact_value", "contact_label", "contact_hours", "contact_note", "contact_source", "contact_verified"]
STATE = "ocd-division/country:us/state:zz"
SOURCE = "Generated for the import benchmark from the city's published council roster"


def quoted(value):
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def row(fields):
    return ",".join(quoted(fields.get(column, "")) for column in COLUMNS) + "\r\n"


def write_files(folder, megabytes):
    limit = megabytes * 1_000_000
    cities = 400
    with open(os.path.join(folder, "jurisdictions.csv"), "w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,kind,parent\r\n")
        handle.write(f"{STATE},State ZZ,state,\r\n")
        for city in range(cities):
            handle.write(f"{STATE}/place:city_{city},City {city},city,{STATE}\r\n")
    size, officials = 0, 0
    with open(os.path.join(folder, "officials.csv"), "w", encoding="utf-8", newline="") as handle:
        header = ",".join(COLUMNS) + "\r\n"
        handle.write(header)
        size += len(header)
        ward = 0
        while size < limit:
            city = (ward // 50) % cities
            round_ = ward // (50 * cities)
            jurisdiction = f"{STATE}/place:city_{city}"
            if ward % 50 == 0 and round_ == 0:
                for fields in ({"jurisdiction": jurisdiction, "role": "mayor", "title_en": "Mayor", "title_es": "Alcalde",
                                "source": SOURCE, "verified": "2026-01-15", "contact_kind": "phone", "contact_value": "+1 206 555 0100",
                                "contact_label": "Mayor's office", "contact_hours": "Mon–Fri 9–5"},
                               {"jurisdiction": jurisdiction, "role": "mayor", "source": SOURCE, "verified": "2026-01-15",
                                "contact_kind": "web", "contact_value": f"https://city{city}.example.gov/mayor"}):
                    line = row(fields)
                    handle.write(line)
                    size += len(line.encode())
                holder = {"id": f"city-{city}-mayor", "name": f"Morgan Mayor {city}", "sort_name": f"Mayor {city}, Morgan",
                          "party": "Independent", "jurisdiction": jurisdiction, "role": "mayor", "term_start": "2024-01-01",
                          "term_end": "2027-12-31", "source": SOURCE, "verified": "2026-01-15",
                          "contact_kind": "email", "contact_value": f"mayor@city{city}.example.gov"}
                line = row(holder)
                handle.write(line)
                size += len(line.encode())
                officials += 1
            code = ward % 50 + 1
            base = {"id": f"city-{city}-ward-{code}-r{round_}", "name": f"Alex Councilmember {city}-{code}-{round_}",
                    "sort_name": f"Councilmember {city}-{code}-{round_}, Alex", "party": "Party of the Commons",
                    "pronouns": "they/them", "language": "es" if code % 5 == 0 else "", "jurisdiction": jurisdiction,
                    "role": "councilmember", "seat": f"Ward {code} Seat {round_}", "district": str(code),
                    "title_en": f"Councilmember, Ward {code}", "title_es": f"Concejal, Distrito {code}",
                    "term_start": "2023-01-01", "term_end": "2026-12-31", "source": SOURCE, "verified": "2026-02-01"}
            contacts = [
                {"contact_kind": "phone", "contact_value": f"(206) 555-{1000 + code:04d}", "contact_label": "District office",
                 "contact_hours": "Mon–Thu 10–4", "contact_note": "Ask for the scheduler; voicemail is checked daily"},
                {"contact_kind": "email", "contact_value": f"ward{code}.r{round_}@city{city}.example.gov", "contact_label": "Council office"},
                {"contact_kind": "address", "contact_value": f"{100 + code} Main Street, Suite {code}\nCity {city}, ZZ 99{code:03d}",
                 "contact_label": "By post", "contact_source": "City directory of council offices", "contact_verified": "2025-11-30"},
            ]
            for contact in contacts:
                line = row({**base, **contact})
                handle.write(line)
                size += len(line.encode())
            officials += 1
            ward += 1
    return officials


def timed(command):
    started = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()[-3000:]}")
    user, system, peak = result.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(peak), result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = next((p for p in (".build/release/campaign", ".build/debug/campaign") if os.path.exists(p)), "campaign")
    parser.add_argument("--campaign", default=default, help=f"the campaign binary (default {default})")
    parser.add_argument("--megabytes", type=int, default=50, help="size of officials.csv (default 50)")
    parser.add_argument("--keep", help="write the files and databases in this folder and keep them")
    options = parser.parse_args()
    binary = os.path.abspath(options.campaign)

    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or scratch
        os.makedirs(folder, exist_ok=True)
        officials = write_files(folder, options.megabytes)
        csv = os.path.join(folder, "officials.csv")
        print(f"binary: {binary}")
        print(f"officials.csv: {os.path.getsize(csv) / 1e6:.1f} MB, {officials} officials")

        def database(name):
            path = os.path.join(folder, name)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            timed([binary, "--db", path, "jurisdictions", "import", os.path.join(folder, "jurisdictions.csv")])
            return path

        # CPU seconds beside the wall clock: on a machine shared with other work, the wall clock varies by a third.
        print(f"{'run':<32} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
        dry = database("dry.sqlite")
        real = database("real.sqlite")
        for label, command in [
            ("import --dry-run", [binary, "--db", dry, "officials", "import", "--dry-run", csv]),
            ("import", [binary, "--db", real, "officials", "import", csv]),
            ("import again (all unchanged)", [binary, "--db", real, "officials", "import", csv]),
        ]:
            seconds, cpu, peak, output = timed(command)
            print(f"{label:<32} {seconds:>8.1f} {cpu:>8.1f} {peak / 1024:>8.0f}")
            summary = [line for line in output.splitlines() if line.startswith("officials:") or line.startswith("offices:")]
            print("    " + "; ".join(summary))


if __name__ == "__main__":
    main()
