#!/usr/bin/env python3
"""A department's business system receiving hotline pushes (ICN-3), for the tests.

Checks every push as docs/interconnection.md tells receivers to: the
X-Hotline-Signature (HMAC-SHA256 over "<t>.<body>" with the shared secret),
the timestamp within the replay window, and de-duplicates by X-Hotline-Event-Id.
Answers 500 to the first --fail-first pushes (a system that is down and
recovers). Appends one JSON line per push to --log:
{"event_id", "verdict": "accepted"|"duplicate"|"bad-signature"|"stale"|"failing", "topic"}.
Writes the port it listens on to --port-file once ready.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import time

parser = argparse.ArgumentParser()
parser.add_argument("--secret", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--window", type=int, default=300)
args = parser.parse_args()

seen = set()
failures_left = [args.fail_first]


def verify(header, body):
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return "bad-signature"
    if abs(time.time() - t) > args.window:
        return "stale"
    expected = hmac.new(args.secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return "ok" if hmac.compare_digest(given, expected) else "bad-signature"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        event_id = self.headers.get("X-Hotline-Event-Id", "")
        verdict = verify(self.headers.get("X-Hotline-Signature", ""), body)
        status = 200
        if verdict != "ok":
            status = 401
        elif failures_left[0] > 0:
            failures_left[0] -= 1
            verdict, status = "failing", 500
        elif event_id in seen:
            verdict = "duplicate"  # acknowledged again, acted on once
        else:
            seen.add(event_id)
            verdict = "accepted"
            json.loads(body)  # a push is JSON
        with open(args.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"event_id": event_id, "verdict": verdict,
                                  "topic": self.headers.get("X-Hotline-Topic", "")}) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


server = http.server.HTTPServer(("127.0.0.1", args.port), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402

os.replace(args.port_file + ".tmp", args.port_file)
server.serve_forever()
