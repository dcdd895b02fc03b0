#!/usr/bin/env python3
"""Several nodes on one PostgreSQL behind HAProxy, and their faults (issue 14).

A PostgreSQL 15 server of the test's own (tests/support/pg_server.sh), three
`hotline serve` nodes on one schema, HAProxy in front of them (health checks on
/healthz). Clients register requests through HAProxy, each with its own
Idempotency-Key, retrying a failed call with the same key, as a channel does.

1. Under that load the node leading the deadline sweep is killed with SIGKILL.
   Every acknowledged intake
   is in the database exactly once (0 lost, 0 duplicated); the calls that failed
   are at most the ones in flight on the killed node.
2. Under load PostgreSQL is restarted. While it is down the nodes answer 503
   within seconds instead of hanging, and after it is back they serve again by
   themselves, without a restart.
3. The deadline sweep runs on one node at a time (advisory-lock leadership):
   the nodes' logs ("sweep-leader") name one leader before the kill, and one
   other node after it.

Usage: multinode_test.py HOTLINE DATA_DIR SOURCE_DIR. Exit 77 (skipped) when
haproxy is not installed.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HOTLINE, DATA, SOURCE = sys.argv[1:4]
PG_SERVER = os.path.join(SOURCE, "tests", "support", "pg_server.sh")
PASSWORD = "Multi-Node-2026"


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, work):
        self.work = work
        self.pg_state = os.path.join(work, "pg")
        subprocess.run([PG_SERVER, "start", self.pg_state], check=True, stdout=subprocess.DEVNULL)
        conninfo = open(os.path.join(self.pg_state, "conninfo")).read().split()
        params = dict(kv.split("=", 1) for kv in conninfo)
        self.pg_data = open(os.path.join(self.pg_state, "datadir")).read().strip()
        query = urllib.parse.urlencode(
            {"host": params["host"], "port": params["port"], "schema": "multinode"})
        self.db = "postgresql://%s@/%s?%s" % (params["user"], params["dbname"], query)
        self.env = dict(os.environ)
        self.env["HOTLINE_KEY_FILE"] = os.path.join(work, "node0", "hotline.key")
        self.nodes = {}
        self.haproxy = None

    def hotline(self, state, *args, stdin=None):
        return subprocess.run(
            [HOTLINE, "--data", DATA, "--db", self.db, "--state-dir", state, *args],
            input=stdin, capture_output=True, text=True, env=self.env)

    def init(self):
        env = dict(self.env)
        del env["HOTLINE_KEY_FILE"]  # init makes the key the nodes then share
        r = subprocess.run([HOTLINE, "--data", DATA, "--db", self.db, "--state-dir",
                            os.path.join(self.work, "node0"), "init"],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            fail("init: " + r.stderr)
        r = self.hotline(os.path.join(self.work, "node0"), "user", "add", "--username",
                         "mn.agent", "--role", "agent", "--unit", "office", "--password-stdin",
                         stdin=PASSWORD + "\n")
        if r.returncode != 0:
            fail("user add: " + r.stderr)

    def start_node(self, name):
        state = os.path.join(self.work, name)
        os.makedirs(state, exist_ok=True)
        log = open(os.path.join(self.work, name + ".log"), "w")
        p = subprocess.Popen(
            [HOTLINE, "--data", DATA, "--db", self.db, "--state-dir", state, "serve", "--port",
             "0", "--workers", "8", "--sweep-interval", "1", "--idempotency-stale-after", "3"],
            stdout=subprocess.PIPE, stderr=log, text=True, env=self.env)
        line = p.stdout.readline()
        m = re.search(r":(\d+)$", line.strip())
        if not m:
            fail(name + " did not start: " + line + open(log.name).read()[-2000:])
        self.nodes[name] = (p, int(m.group(1)), log.name)

    def start_haproxy(self):
        self.port = free_port()
        servers = "\n".join(
            "  server %s 127.0.0.1:%d check inter 300ms fall 1 rise 1" % (n, port)
            for n, (_, port, _) in self.nodes.items())
        cfg = os.path.join(self.work, "haproxy.cfg")
        with open(cfg, "w") as f:
            f.write("""global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 2
  option redispatch
frontend hotline
  bind 127.0.0.1:%d
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /healthz
%s
""" % (self.port, servers))
        self.haproxy = subprocess.Popen(["haproxy", "-f", cfg, "-db"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                status, _ = self.call("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        fail("haproxy did not come up")

    def call(self, method, path, body=None, headers=None, timeout=15):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=json.dumps(body) if body is not None else None,
                      headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def stop(self):
        if self.haproxy:
            self.haproxy.kill()
        for p, _, _ in self.nodes.values():
            if p.poll() is None:
                p.terminate()
        for p, _, _ in self.nodes.values():
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run([PG_SERVER, "stop", self.pg_state], stdout=subprocess.DEVNULL)


class Load:
    """Clients registering requests through HAProxy, each retrying its own key."""

    def __init__(self, cluster, token, threads):
        self.cluster = cluster
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        self.threads = threads
        self.acked = {}        # idempotency key -> request number
        self.failed_calls = 0  # calls that got no answer, a 5xx or "in progress", later retried
        self.failed_keys = set()  # the intakes those calls were for
        self.slowest = 0.0     # seconds, of any single call
        self.statuses = {}
        self.lock = threading.Lock()
        self.running = True

    def client(self, index):
        n = 0
        while self.running:
            n += 1
            key = "mn-%d-%d" % (index, n)
            text = "多节点压测 %s：小区路灯损坏 𠮷" % key
            body = {"channel": "phone", "type": "complaint",
                    "applicant": {"name": "测试", "phone": "139%08d" % (index * 100000 + n)},
                    "detail": text, "items": [{"text": text}],
                    "location": {"district": "district.heping"}}
            headers = dict(self.headers)
            headers["Idempotency-Key"] = key
            for attempt in range(100):
                started = time.monotonic()
                try:
                    status, raw = self.cluster.call("POST", "/api/v1/requests", body, headers)
                except OSError:
                    status, raw = 0, b""
                elapsed = time.monotonic() - started
                with self.lock:
                    self.slowest = max(self.slowest, elapsed)
                    self.statuses[status] = self.statuses.get(status, 0) + 1
                if status in (200, 201):
                    number = json.loads(raw)["number"]
                    with self.lock:
                        if key in self.acked and self.acked[key] != number:
                            fail("key %s answered %s and %s" % (key, self.acked[key], number))
                        self.acked[key] = number
                    break
                # 409 "in progress": the node that claimed the key died
                # mid-call; the claim is free after --idempotency-stale-after.
                in_progress = status == 409 and b"idempotency_key_in_progress" in raw
                if status and status < 500 and not in_progress:
                    fail("intake refused with %d: %s" % (status, raw[:300]))
                with self.lock:
                    self.failed_calls += 1
                    self.failed_keys.add(key)
                time.sleep(0.2)
            else:
                fail("key %s never acknowledged" % key)

    def run(self, seconds, during=None):
        workers = [threading.Thread(target=self.client, args=(i,)) for i in range(self.threads)]
        for w in workers:
            w.start()
        if during:
            during()
        time.sleep(seconds)
        self.running = False
        for w in workers:
            w.join()


def registered_keys(cluster):
    """Idempotency keys found in the registered requests, with their counts."""
    out = subprocess.run(
        ["psql", open(os.path.join(cluster.pg_state, "conninfo")).read().strip(), "-At", "-c",
         "SELECT data FROM multinode.events WHERE type = 'request-registered'"],
        capture_output=True, text=True, check=True).stdout
    counts = {}
    for line in out.splitlines():  # one registration per line
        for key in set(re.findall(r"多节点压测 (mn-\d+-\d+)：", line)):
            counts[key] = counts.get(key, 0) + 1
    return counts


def sweep_leaders(cluster, alive_only=True):
    """The nodes whose last word on the sweep's leadership was "I lead"."""
    leaders = set()
    for name, (process, _, log) in cluster.nodes.items():
        if alive_only and process.poll() is not None:
            continue
        last = None
        for line in open(log):
            if '"event":"sweep-leader"' in line:
                last = '"leader":true' in line
        if last:
            leaders.add(name)
    return leaders


def main():
    if shutil.which("haproxy") is None:
        print("skipped: haproxy is not installed")
        sys.exit(77)
    work = tempfile.mkdtemp(prefix="hotline-multinode-")
    cluster = Cluster(work)
    try:
        cluster.init()
        for name in ("node1", "node2", "node3"):
            cluster.start_node(name)
        cluster.start_haproxy()
        status, raw = cluster.call("POST", "/api/v1/session",
                                   {"username": "mn.agent", "password": PASSWORD})
        if status != 200:
            fail("sign-in: %d %s" % (status, raw))
        token = json.loads(raw)["token"]

        # 3. The sweep runs on one node; 1. that node is killed with SIGKILL
        # under load, and another takes the sweep over.
        time.sleep(2.5)
        leaders = sweep_leaders(cluster)
        print("sweep leader: %s" % sorted(leaders), flush=True)
        if len(leaders) != 1:
            fail("the sweep is led by %s, not by one node" % sorted(leaders))
        first_leader = leaders.pop()
        load = Load(cluster, token, threads=8)
        victim = cluster.nodes[first_leader][0]
        load.run(6, during=lambda: threading.Timer(2.0, victim.kill).start())
        victim.wait()
        counts = registered_keys(cluster)
        lost = [k for k in load.acked if counts.get(k, 0) == 0]
        duplicated = [k for k, c in counts.items() if c > 1]
        print("kill -9 %s: %d acknowledged, %d lost, %d duplicated; %d intakes saw failed calls "
              "(%d calls, retried with their key); statuses %s" %
              (first_leader, len(load.acked), len(lost), len(duplicated), len(load.failed_keys),
               load.failed_calls, load.statuses), flush=True)
        if lost or duplicated:
            fail("lost %s duplicated %s" % (lost[:5], duplicated[:5]))
        if len(load.acked) < 50:
            fail("too few intakes acknowledged: %d" % len(load.acked))
        # Only what was in flight on the killed node: one intake per client at most.
        if len(load.failed_keys) > load.threads:
            fail("%d intakes failed for one node's death" % len(load.failed_keys))
        time.sleep(2.5)
        leaders = sweep_leaders(cluster)
        print("sweep leader after the kill: %s" % sorted(leaders), flush=True)
        if len(leaders) != 1 or first_leader in leaders:
            fail("the sweep is led by %s after %s died" % (sorted(leaders), first_leader))

        # 2. PostgreSQL restarted under load.
        load = Load(cluster, token, threads=4)

        def restart():
            time.sleep(1.5)
            subprocess.run([PG_SERVER, "restart", cluster.pg_state], check=True,
                           stdout=subprocess.DEVNULL)

        restarter = threading.Thread(target=restart)
        load.run(8, during=restarter.start)
        restarter.join()
        counts = registered_keys(cluster)
        lost = [k for k in load.acked if counts.get(k, 0) == 0]
        duplicated = [k for k, c in counts.items() if c > 1]
        print("PostgreSQL restart: %d acknowledged, %d lost, %d duplicated, %d failed calls "
              "(503 while down), slowest call %.1f s; statuses %s" %
              (len(load.acked), len(lost), len(duplicated), load.failed_calls, load.slowest,
               load.statuses), flush=True)
        if lost or duplicated:
            fail("lost %s duplicated %s" % (lost[:5], duplicated[:5]))
        if load.slowest > 10:
            fail("a call hung %.1f s while PostgreSQL was down" % load.slowest)
        status, _ = cluster.call("GET", "/healthz")
        if status != 200:
            fail("the nodes did not come back after the restart: /healthz %d" % status)
        print("ok", flush=True)
    finally:
        cluster.stop()
        if os.environ.get("KEEP") is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
