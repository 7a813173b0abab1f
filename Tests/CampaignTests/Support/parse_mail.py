#!/usr/bin/env python3
"""Reads one RFC 5322 message on standard input with Python's standard
e-mail parser (policy=default) and prints what a mail program would show
as JSON: the decoded subject and addresses, the text and HTML bodies (with
LF line ends), and
any defects the parser found."""
import email
import json
import sys
from email import policy

message = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
plain = message.get_body(("plain",))
html = message.get_body(("html",))
defects = [type(defect).__name__ for defect in message.defects]
for part in message.walk():
    defects += [type(defect).__name__ for defect in part.defects]
print(json.dumps({
    "subject": str(message["subject"] or ""),
    "from": str(message["from"] or ""),
    "to": str(message["to"] or ""),
    "text": plain.get_content().replace("\r\n", "\n") if plain is not None else None,
    "html": html.get_content().replace("\r\n", "\n") if html is not None else None,
    "defects": defects,
}))
