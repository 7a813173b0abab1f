#!/usr/bin/env python3
"""A real SMTP server for the tests: it accepts mail on 127.0.0.1 and keeps
each message as files, so a test can read what the transport really sent.

    python3 smtp_sink.py --dir DIR [--port 0] [--reject-prefix P]
        [--tempfail-prefix P] [--tempfail-data-count N] [--require-auth USER:PASSWORD]

Prints "PORT <n>" on one line once it listens. Each accepted message becomes
DIR/<seq>.json ({"mail_from", "rcpt_tos"}) and then DIR/<seq>.eml (the DATA
bytes as received, after un-dot-stuffing, line ends untouched), both written
atomically, the .json first, so a reader that sees an .eml sees its .json.
DIR/connections.txt holds the number of connections accepted so far. A
restart on the same DIR carries on with both numbers.

Fault behaviours come from the options and from DIR/control.json, read again
at every MAIL FROM (and at every connection, for require_auth), whose keys
override the options:
    reject_prefix         RCPT local part starting with it: 550 5.1.1 no such user
    tempfail_prefix       RCPT local part starting with it: 451 4.3.0 try later
    tempfail_data_count   the next N messages get 451 4.3.0 busy after DATA;
                          counted down in control.json when it set the count
    require_auth          "user:password": AUTH PLAIN/LOGIN needed before MAIL
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("smtp_sink.py: the Python package aiosmtpd is missing: pip install aiosmtpd\n")
    sys.exit(3)


def write_atomically(path, data):
    """Writes to a temporary name beside `path`, then renames, so readers
    never see half a file."""
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class Sink:
    """The state shared by all connections: options, counters, files."""

    def __init__(self, directory, options):
        self.directory = directory
        self.options = options
        # A restart on the same folder carries on counting and numbering.
        self.sequence = max([int(name[:-4]) for name in os.listdir(directory)
                             if name.endswith(".eml") and name[:-4].isdigit()] or [0])
        try:
            with open(self.path("connections.txt"), "rb") as file:
                self.connections = int(file.read().strip() or 0)
        except (FileNotFoundError, ValueError):
            self.connections = 0
        self.tempfail_data_remaining = options.get("tempfail_data_count", 0)
        write_atomically(self.path("connections.txt"), b"%d\n" % self.connections)

    def path(self, name):
        return os.path.join(self.directory, name)

    def control(self):
        """The options with DIR/control.json laid over them."""
        merged = dict(self.options)
        try:
            with open(self.path("control.json"), "rb") as file:
                from_file = json.load(file)
        except (FileNotFoundError, ValueError):
            from_file = {}
        merged.update(from_file)
        merged["_from_file"] = from_file
        return merged

    def take_data_failure(self, control):
        """True when this message should be refused after DATA, counting
        the failure off wherever the count came from."""
        from_file = control["_from_file"]
        if "tempfail_data_count" in from_file:
            remaining = int(from_file.get("tempfail_data_count") or 0)
            if remaining <= 0:
                return False
            from_file["tempfail_data_count"] = remaining - 1
            write_atomically(self.path("control.json"), json.dumps(from_file).encode())
            return True
        if self.tempfail_data_remaining > 0:
            self.tempfail_data_remaining -= 1
            return True
        return False

    def connection_opened(self):
        self.connections += 1
        write_atomically(self.path("connections.txt"), b"%d\n" % self.connections)

    def keep(self, envelope):
        self.sequence += 1
        stem = self.path(str(self.sequence))
        summary = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        write_atomically(stem + ".json", json.dumps(summary).encode())
        write_atomically(stem + ".eml", bytes(envelope.original_content))


class Handler:
    """aiosmtpd hooks: the control file decides each reply."""

    def __init__(self, sink):
        self.sink = sink

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        session.control = self.sink.control()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        control = getattr(session, "control", None) or self.sink.control()
        local_part = address.rsplit("@", 1)[0]
        reject = control.get("reject_prefix")
        if reject and local_part.startswith(reject):
            return "550 5.1.1 no such user"
        tempfail = control.get("tempfail_prefix")
        if tempfail and local_part.startswith(tempfail):
            return "451 4.3.0 try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        control = getattr(session, "control", None) or self.sink.control()
        if self.sink.take_data_failure(control):
            return "451 4.3.0 busy"
        self.sink.keep(envelope)
        return "250 OK: queued"


class SinkSMTP(SMTP):
    """Counts connections as they are accepted."""

    def __init__(self, sink, *args, **kwargs):
        self.sink = sink
        super().__init__(*args, **kwargs)

    def connection_made(self, transport):
        self.sink.connection_opened()
        super().connection_made(transport)


def make_protocol(sink, handler):
    """A new SMTP session per connection; AUTH is required when the control
    says so at the moment the connection is accepted."""
    control = sink.control()
    credentials = control.get("require_auth")
    if credentials:
        expected_user, _, expected_password = credentials.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            good = (isinstance(auth_data, LoginPassword)
                    and auth_data.login == expected_user.encode()
                    and auth_data.password == expected_password.encode())
            # handled=False makes aiosmtpd answer 535 itself.
            return AuthResult(success=good, handled=False)

        return SinkSMTP(sink, handler, decode_data=False, hostname="sink.test", ident="smtp_sink",
                        authenticator=authenticator, auth_required=True, auth_require_tls=False)
    return SinkSMTP(sink, handler, decode_data=False, hostname="sink.test", ident="smtp_sink")


async def serve(arguments):
    options = {}
    if arguments.reject_prefix:
        options["reject_prefix"] = arguments.reject_prefix
    if arguments.tempfail_prefix:
        options["tempfail_prefix"] = arguments.tempfail_prefix
    if arguments.tempfail_data_count:
        options["tempfail_data_count"] = arguments.tempfail_data_count
    if arguments.require_auth:
        options["require_auth"] = arguments.require_auth
    os.makedirs(arguments.dir, exist_ok=True)
    sink = Sink(arguments.dir, options)
    handler = Handler(sink)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: make_protocol(sink, handler), "127.0.0.1", arguments.port,
                                      reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)
    async with server:
        await server.serve_forever()


def main():
    # A child of a Swift test inherits the signal mask of the thread that
    # started it, which blocks SIGTERM; without this, terminate() is ignored.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description="An SMTP sink for tests.")
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject-prefix")
    parser.add_argument("--tempfail-prefix")
    parser.add_argument("--tempfail-data-count", type=int, default=0)
    parser.add_argument("--require-auth")
    arguments = parser.parse_args()
    # AUTH without TLS is the point of a local test server: no warnings.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    asyncio.run(serve(arguments))


if __name__ == "__main__":
    main()
