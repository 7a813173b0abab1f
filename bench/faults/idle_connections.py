#!/usr/bin/env python3
"""Holds many idle TCP connections open to a server and measures a
well-behaved client's page latency meanwhile, and without them.

Run by bench/faults/idle-connections, which starts the server. The idle
connections come from loopback addresses other than 127.0.0.1 (all of
127.0.0.0/8 is local), spread over --sources addresses; the well-behaved
client connects from 127.0.0.1, as a visitor elsewhere would. Prints one
JSON object.
"""
import argparse
import errno
import json
import os
import selectors
import socket
import time


def page_latencies(port, path, count, timeout=10.0, between=None):
    """`count` sequential GETs, each on a new connection; (seconds, status) each.
    `between` runs before each request."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    results = []
    for _ in range(count):
        if between:
            between()
        started = time.monotonic()
        status = 0
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
                connection.sendall(request)
                data = b""
                while True:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"HTTP/1."):
                    status = int(data[9:12])
        except OSError:
            status = -1
        results.append((time.monotonic() - started, status))
    return results


def summary(results):
    """p50, p99 and max in milliseconds, and how many were not 200."""
    times = sorted(seconds * 1000 for seconds, _ in results)
    if not times:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None, "failed": 0}

    def at(share):
        return round(times[min(len(times) - 1, int(share * len(times)))], 2)

    return {"p50_ms": at(0.50), "p99_ms": at(0.99), "max_ms": round(times[-1], 2),
            "failed": sum(1 for _, status in results if status != 200)}


def open_idle(port, count, sources, connect_timeout=5.0, in_flight=512, first=0):
    """Opens `count` connections that never send a byte, the n-th from the
    (`first` + n)-th source address, round robin; returns the open sockets
    and how many failed."""
    selector = selectors.DefaultSelector()
    opened, failed, pending, started = [], 0, {}, 0
    deadline_of = {}
    while started < count or pending:
        while started < count and len(pending) < in_flight:
            source_number = (first + started) % sources
            source = f"127.0.{2 + source_number // 250}.{1 + source_number % 250}"
            connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            connection.setblocking(False)
            try:
                connection.bind((source, 0))
                code = connection.connect_ex(("127.0.0.1", port))
            except OSError as error:
                code = error.errno
            started += 1
            if code in (0, errno.EINPROGRESS):
                pending[connection.fileno()] = connection
                deadline_of[connection.fileno()] = time.monotonic() + connect_timeout
                selector.register(connection, selectors.EVENT_WRITE)
            else:
                failed += 1
                connection.close()
        for key, _ in selector.select(timeout=0.05):
            connection = key.fileobj
            selector.unregister(connection)
            del pending[connection.fileno()]
            if connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                opened.append(connection)
            else:
                failed += 1
                connection.close()
        now = time.monotonic()
        for descriptor, connection in list(pending.items()):
            if deadline_of[descriptor] < now:
                selector.unregister(connection)
                del pending[descriptor]
                failed += 1
                connection.close()
    selector.close()
    return opened, failed


def still_open(connections):
    """The connections the server has not closed (no end of stream, no reset)."""
    alive = []
    for connection in connections:
        if connection.fileno() < 0:
            continue
        try:
            data = connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            if data:
                alive.append(connection)  # the server said something (an error page) but has not closed yet
            else:
                connection.close()
        except BlockingIOError:
            alive.append(connection)
        except OSError:
            connection.close()
    return alive


def server_sockets(pid):
    """TCP sockets the server holds, from /proc: the listening one and every connection it accepted."""
    if not pid:
        return None
    count = 0
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/c/seattle-thank-welcoming-city")
    parser.add_argument("--count", type=int, default=10000, help="idle connections to open")
    parser.add_argument("--sources", type=int, default=1, help="loopback addresses to spread them over")
    parser.add_argument("--requests", type=int, default=200, help="sequential page requests per measurement")
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--watch", type=float, default=15.0, help="seconds to watch the idle connections being shed")
    parser.add_argument("--refill", action="store_true",
                        help="before each page request, open new idle connections for those the server closed, as a persistent attacker would")
    arguments = parser.parse_args()

    sockets_before = server_sockets(arguments.server_pid)
    began = time.monotonic()
    connections, failed = open_idle(arguments.port, arguments.count, arguments.sources)
    opened_in = time.monotonic() - began
    time.sleep(0.5)  # long enough for the server to close what it will not keep
    connections = still_open(connections)
    kept = len(connections)
    accepted = None if sockets_before is None else server_sockets(arguments.server_pid) - sockets_before
    refilled = [0, 0]

    def refill():
        nonlocal connections
        connections = still_open(connections)
        missing = arguments.count - len(connections)
        if missing > 0:
            fresh, _ = open_idle(arguments.port, missing, arguments.sources, connect_timeout=0.2, first=refilled[0])
            refilled[0] += missing
            refilled[1] += len(fresh)
            connections += fresh

    during = page_latencies(arguments.port, arguments.path, arguments.requests, between=refill if arguments.refill else None)
    connections = still_open(connections)
    kept_after = len(connections)
    measured_at = time.monotonic() - began

    # How long the server lets them sit once no new ones come: until the last
    # one is closed, or still open --watch seconds after the last was opened.
    last_opened = time.monotonic() if arguments.refill else began
    while connections and time.monotonic() - last_opened < arguments.watch:
        time.sleep(0.25)
        connections = still_open(connections)
    shed_after = round(time.monotonic() - last_opened, 1) if not connections else None
    for connection in connections:
        connection.close()

    print(json.dumps({
        "count": arguments.count, "sources": arguments.sources, "opened_in_s": round(opened_in, 2),
        "connect_failed": failed, "kept_open": kept, "server_accepted": accepted,
        "kept_after_measuring": kept_after, "measured_by_s": round(measured_at, 1),
        "all_shed_after_s": shed_after, "reopened": refilled[1], "during": summary(during),
    }))


if __name__ == "__main__":
    main()
