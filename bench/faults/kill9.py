#!/usr/bin/env python3
"""kill -9 under load.

Drives signatures at a real campaign-server over loopback from several
threads, records every acknowledged one (a 303) client-side, kills the
server with SIGKILL at a random moment, restarts it on the same database,
and repeats. Then checks, on the database file, that every acknowledged
signature is there exactly once, that each one on a petition that confirms
e-mail has its confirmation mail in the outbox (written in the same
transaction), and that the stored counts equal the counted rows, also as
the restarted server reports them.

With --postgres URL, two servers share that PostgreSQL database, half the
client threads on each; at each cycle one of the two, chosen at random, is
killed and restarted while the other keeps taking signatures, and the checks
run on the database with psql. An answer from the server not being killed
that is neither a 303 nor a 503 counts as a failure.

Two petitions take the load: the Seattle one with `confirm_email = false`
in a copy of the demo data, so each signature counts at once; the DC one as
shipped, so each signature queues its confirmation mail.

Usage: kill9.py SERVER_BINARY DATA_FOLDER WORK_FOLDER [cycles] [threads] [--postgres URL]
"""
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

arguments = sys.argv[1:]
postgres = None
if "--postgres" in arguments:
    at = arguments.index("--postgres")
    postgres = arguments[at + 1]
    del arguments[at:at + 2]
server_binary, data_folder, work = arguments[0], arguments[1], arguments[2]
cycles = int(arguments[3]) if len(arguments) > 3 else 50
thread_count = int(arguments[4]) if len(arguments) > 4 else 8
database = postgres or os.path.join(work, "kill9.sqlite")
server_count = 2 if postgres else 1
COUNTS_AT_ONCE = "seattle-thank-welcoming-city"
CONFIRMS = "dc-protect-residents-from-ice"
ZIPS = {COUNTS_AT_ONCE: "98104", CONFIRMS: "20001"}


class Server:
    """One run of campaign-server; its port is read from its first line."""

    def __init__(self, number=0):
        self.log = open(os.path.join(work, f"server{number}.log"), "ab")
        self.process = subprocess.Popen(
            [server_binary, "--db", database, "--data", data_folder, "--port", "0", "--trust-proxy", "--threads", "4"],
            stderr=subprocess.PIPE)
        while True:
            line = self.process.stderr.readline().decode()
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match or not line or "error" in line:
                break
        if not match:
            raise SystemExit(f"the server did not start: {line.strip()}")
        self.port = int(match.group(1))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.process.stderr:
            self.log.write(line)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


class Ledger:
    """What the clients know: acknowledged e-mails per campaign, and how many
    answers were lost to a kill (unknown outcome, allowed either way)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = {COUNTS_AT_ONCE: set(), CONFIRMS: set()}
        self.sent = []
        self.unknown = 0
        # Answers from a server that was not being killed that were neither a 303 nor a 503, or never came.
        self.failed_elsewhere = 0
        self.failure_example = None
        self.resubmitted = 0
        self.counter = 0

    def next_email(self, campaign):
        with self.lock:
            # One in twenty submissions repeats an earlier address: across a
            # crash it must still be one row.
            if self.sent and random.random() < 0.05:
                self.resubmitted += 1
                return random.choice(self.sent)
            self.counter += 1
            email = f"kill9-{os.getpid()}-{self.counter}@example.org"
            self.sent.append((campaign, email))
            return campaign, email


ledger = Ledger()
# Each server's port, None while it is being killed and restarted.
state = {"ports": [None] * server_count, "stop": False}
state_lock = threading.Condition()


def session(port):
    """A cookie and a form token for each campaign (a token is for its own
    campaign), from one page load of each with the same session."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    cookie = None
    tokens = {}
    for campaign in (COUNTS_AT_ONCE, CONFIRMS):
        connection.request("GET", f"/c/{campaign}", headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        page = response.read().decode()
        cookie = cookie or response.getheader("Set-Cookie").split(";")[0]
        tokens[campaign] = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    connection.close()
    return cookie, tokens


def client(number, cookie, tokens):
    # With two servers, each thread signs on one of them.
    server = number % server_count
    connection = None
    port = None
    sent = 0
    while True:
        with state_lock:
            while state["ports"][server] is None and not state["stop"]:
                state_lock.wait()
            if state["stop"]:
                return
            if port != state["ports"][server]:
                port = state["ports"][server]
                connection = None
        campaign = COUNTS_AT_ONCE if random.random() < 0.5 else CONFIRMS
        campaign, email = ledger.next_email(campaign)
        sent += 1
        body = urllib.parse.urlencode({
            "csrf": tokens[campaign], "lang": "en", "name": "Kill Nine", "email": email, "zip": ZIPS[campaign],
            # DC's ZIP codes span wards: the signer answers the ward question with "not sure".
            "reason": "", "consent_public": "yes", "website": "", "district": "unsure"})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                   "X-Forwarded-For": f"10.{number}.{sent // 250 % 250}.{sent % 250}"}
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", f"/c/{campaign}/sign", body, headers)
            response = connection.getresponse()
            response.read()
            if response.status == 303:
                with ledger.lock:
                    ledger.acknowledged[campaign].add(email)
            elif response.status != 503:
                print(f"unexpected status {response.status} for a signature", file=sys.stderr)
                with ledger.lock:
                    ledger.failed_elsewhere += 1
                    ledger.failure_example = ledger.failure_example or f"status {response.status}"
        except (OSError, http.client.HTTPException) as error:
            connection = None
            with state_lock:
                # Cut off by the kill of its own server, or a failure of a server left running.
                killed = state["ports"][server] != port
                if not killed:
                    state_lock.wait(0.5)
                    killed = state["ports"][server] != port
            with ledger.lock:
                if killed:
                    ledger.unknown += 1
                else:
                    ledger.failed_elsewhere += 1
                    ledger.failure_example = ledger.failure_example or repr(error)


def api_count(port, slug):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", f"/api/v1/campaigns/{slug}")
    document = json.loads(connection.getresponse().read())
    connection.close()
    return int(document["petition"]["signatures"])


class PostgresDatabase:
    """The few queries of the checks, through psql (tab-separated, unaligned)."""

    def execute(self, sql, arguments=()):
        for value in arguments:
            sql = sql.replace("?", "'" + str(value).replace("'", "''") + "'", 1)
        result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"psql failed on {sql}: {result.stderr.strip()}")
        output = result.stdout
        rows = [tuple(int(field) if field.isdigit() else field for field in line.split("\t")) for line in output.splitlines()]
        return Rows(rows)


class Rows(list):
    def fetchone(self):
        return self[0] if self else None


def main():
    for name in os.listdir(work):
        if name.startswith("kill9.sqlite"):
            os.remove(os.path.join(work, name))
    # The second server starts once the first has migrated the database.
    servers = []
    for number in range(server_count):
        servers.append(Server(number))
    cookie, tokens = session(servers[0].port)
    threads = [threading.Thread(target=client, args=(n, cookie, tokens)) for n in range(thread_count)]
    with state_lock:
        state["ports"] = [server.port for server in servers]
        state_lock.notify_all()
    for thread in threads:
        thread.start()
    started = time.time()
    restart_times = []
    for cycle in range(1, cycles + 1):
        time.sleep(random.uniform(0.2, 2.0))
        number = random.randrange(server_count)
        with state_lock:
            state["ports"][number] = None
        servers[number].kill()
        restart = time.time()
        servers[number] = Server(number)
        restart_times.append(time.time() - restart)
        with state_lock:
            state["ports"][number] = servers[number].port
            state_lock.notify_all()
        with ledger.lock:
            acknowledged = sum(len(s) for s in ledger.acknowledged.values())
        which = f"server {number + 1} of {server_count} " if server_count > 1 else ""
        print(f"cycle {cycle:3}: {which}killed, restarted in {restart_times[-1] * 1000:.0f} ms; {acknowledged} acknowledged so far",
              flush=True)
    time.sleep(1)
    with state_lock:
        state["stop"] = True
        state_lock.notify_all()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started

    db = PostgresDatabase() if postgres else sqlite3.connect(database)
    # Each server's count as the API shows it: another server's commits reach it within a second.
    stored_counts = {}
    for slug in (COUNTS_AT_ONCE, CONFIRMS):
        campaign_id = db.execute("SELECT id FROM campaigns WHERE slug = ?", (slug,)).fetchone()[0]
        stored_counts[slug] = (db.execute("SELECT count FROM signature_counts WHERE campaign_id = ?", (campaign_id,)).fetchone() or (0,))[0]
    reported = {}
    for slug in (COUNTS_AT_ONCE, CONFIRMS):
        deadline = time.time() + 3
        while True:
            reported[slug] = [api_count(server.port, slug) for server in servers]
            if all(count == stored_counts[slug] for count in reported[slug]) or time.time() > deadline:
                break
            time.sleep(0.1)
    exit_statuses = [server.stop() for server in servers]
    exit_status = max(exit_statuses, key=abs)
    lost = duplicated = mail_missing = 0
    # One pass over each table rather than a query per address.
    rows_by_address = {}
    for campaign_id, email in db.execute("SELECT campaign_id, email FROM signatures"):
        rows_by_address[(campaign_id, email)] = rows_by_address.get((campaign_id, email), 0) + 1
    mailed = {email for (email,) in db.execute("SELECT recipient FROM outbox WHERE kind = 'confirmation'")}
    for slug, emails in ledger.acknowledged.items():
        campaign_id = db.execute("SELECT id FROM campaigns WHERE slug = ?", (slug,)).fetchone()[0]
        for email in emails:
            rows = rows_by_address.get((campaign_id, email), 0)
            if rows == 0:
                lost += 1
            elif rows > 1:
                duplicated += rows - 1
            if slug == CONFIRMS and email not in mailed:
                mail_missing += 1
    duplicate_rows = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM signatures GROUP BY campaign_id, canonical_email HAVING count(*) > 1) AS repeated").fetchone()[0]
    count_mismatches = []
    for slug in (COUNTS_AT_ONCE, CONFIRMS):
        campaign_id = db.execute("SELECT id FROM campaigns WHERE slug = ?", (slug,)).fetchone()[0]
        stored = (db.execute("SELECT count FROM signature_counts WHERE campaign_id = ?", (campaign_id,)).fetchone() or (0,))[0]
        counted = db.execute("SELECT count(*) FROM signatures WHERE campaign_id = ? AND validated_seq IS NOT NULL",
                             (campaign_id,)).fetchone()[0]
        if not (stored == counted and all(count == stored for count in reported[slug])):
            count_mismatches.append(f"{slug}: stored {stored}, rows {counted}, API {reported[slug]}")
    rows = db.execute("SELECT count(*) FROM signatures").fetchone()[0]
    integrity = "ok" if postgres else db.execute("PRAGMA integrity_check").fetchone()[0]

    acknowledged = sum(len(s) for s in ledger.acknowledged.values())
    restart_times.sort()
    print()
    if postgres:
        print(f"{'servers on one PostgreSQL database':42} {server_count}")
    print(f"{'kill -9 cycles':42} {cycles}")
    print(f"{'time under load':42} {elapsed:.0f} s, {thread_count} client threads")
    print(f"{'signatures acknowledged':42} {acknowledged}")
    print(f"{'  on the petition counting at once':42} {len(ledger.acknowledged[COUNTS_AT_ONCE])}")
    print(f"{'  on the petition confirming e-mail':42} {len(ledger.acknowledged[CONFIRMS])}")
    print(f"{'submissions repeating an earlier address':42} {ledger.resubmitted}")
    print(f"{'answers cut off by a kill (either outcome)':42} {ledger.unknown}")
    if postgres:
        print(f"{'failed answers from a server not killed':42} {ledger.failed_elsewhere}"
              + (f" (first: {ledger.failure_example})" if ledger.failure_example else ""))
    print(f"{'signature rows on disk':42} {rows}")
    print(f"{'acknowledged and lost':42} {lost}")
    print(f"{'acknowledged and duplicated':42} {duplicated} (same address twice in a campaign: {duplicate_rows})")
    print(f"{'confirmation mail missing':42} {mail_missing}")
    print(f"{'counts (stored = rows = API' + (' of both' if postgres else '') + ')':42} {'match' if not count_mismatches else '; '.join(count_mismatches)}")
    print(f"{'restart to listening, p50 / max':42} {restart_times[len(restart_times) // 2] * 1000:.0f} / {restart_times[-1] * 1000:.0f} ms")
    if not postgres:
        print(f"{'integrity_check':42} {integrity}")
    print(f"{'final SIGTERM exit status':42} {' '.join(str(status) for status in exit_statuses)}")
    failed = (lost or duplicated or duplicate_rows or mail_missing or count_mismatches or integrity != "ok" or exit_status != 0
              or (postgres and ledger.failed_elsewhere))
    print("FAIL" if failed else "PASS")
    sys.exit(1 if failed else 0)


main()
