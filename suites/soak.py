#!/usr/bin/env python3
"""Soak: the release server under constant mixed load, then overloaded.

    python3 suites/soak.py                  10 minutes of load, then the overload (about 11 minutes)
    python3 suites/soak.py --seconds 30     a short run
    python3 suites/soak.py --write-share 0  reads only (memory should not move at all)

It builds nothing: SCIATICA_BIN names the binary (default target/release/sciatica; build it with
`cargo build --release --locked -p sciatica`). Only the Python standard library is used.

1. Load. A demo clinic of --accounts patients is served with the default limits. --workers
   threads read (plan, status, progress, sessions, the Today page) and write (sessions, each with
   its own id) as those patients, every account within its write limit, for the duration. The
   server's resident memory (RSS) and the size of its write-ahead log (WAL) are sampled every
   --every seconds.
2. Flat. After a warm-up (the first fifth of the run), the mean RSS of the last quarter of the
   samples is within 10 % + 8 MiB of the mean of the first quarter, and the largest WAL of the
   last quarter is no larger than the largest before it + 4 MiB (the log is reused, not grown).
3. Overload. For --overload-seconds, many more writers than one account's write limit allows
   write as one patient, and at the same time far more connections than the database pool has
   (4) read and write as every patient. Every answer must be 2xx, or 429/503 with Retry-After:
   no other status, no request without an answer within 10 seconds.
4. Stored. The server is stopped; every write it acknowledged (200 or 201) is in the database,
   and `PRAGMA integrity_check` is ok.

It prints the figures and exits 1 when a check fails.
"""

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from api_schema import free_port, token  # noqa: E402  (same folder)

BIN = os.environ.get("SCIATICA_BIN", os.path.join(HERE, "..", "target", "release", "sciatica"))
TIMEOUT = 10.0
# The share of the load phase's requests that try to write (set by --write-share).
WRITE_SHARE = 0.25
MIB = 1024 * 1024
READS = ["/api/v1/plan", "/api/v1/status", "/api/v1/progress", "/api/v1/sessions?limit=10", "/api/v1/program"]


class Client:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, port, timeout=TIMEOUT):
        self.port, self.timeout, self.conn = port, timeout, None

    def request(self, method, path, secret, body=None):
        """(status, headers) or (None, error) when no answer came in time."""
        headers = {"Authorization": f"Bearer {secret}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                r.read()
                return r.status, dict(r.getheaders())
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                # A keep-alive connection the server closed between requests: once more, afresh.
                self.close()
                if attempt == 1:
                    return None, repr(e)
            except OSError as e:  # a timeout or a refused connection
                self.close()
                return None, repr(e)
        return None, "unreachable"

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def session_body():
    return {"id": str(uuid.uuid4()), "leg_pain_before": random.randint(0, 10),
            "leg_pain_after": random.randint(0, 10), "notes": "soak"}


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.acknowledged = []
        self.problems = []
        self.missing_retry_after = 0

    def add(self, status, headers, written=None):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status in (200, 201) and written:
                self.acknowledged.append(written)
            if status in (429, 503) and "retry-after" not in {k.lower() for k in headers}:
                self.missing_retry_after += 1
            if status is None:
                self.problems.append(f"no answer: {headers}")
            elif status not in (200, 201, 429, 503):
                self.problems.append(f"status {status}")


def load(port, secrets, next_write, until, tally, worker):
    """Reads and writes as random accounts; writes paced to one per account every 2 s (the
    default limit is 1 a second in the long run)."""
    client = Client(port)
    rnd = random.Random(worker)
    while time.monotonic() < until:
        secret = rnd.choice(secrets)
        if rnd.random() < WRITE_SHARE and next_write[secret] <= time.monotonic():
            next_write[secret] = time.monotonic() + 2.0
            body = session_body()
            status, headers = client.request("POST", "/api/v1/sessions", secret, body)
            tally.add(status, headers, body["id"])
        else:
            status, headers = client.request("GET", rnd.choice(READS), secret)
            tally.add(status, headers)
    client.close()


def sample(pid, wal):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
    return rss, os.path.getsize(wal) if os.path.exists(wal) else 0


def flat(samples):
    """(ok, words): the criterion of the module's docstring on (t, rss, wal) samples."""
    kept = samples[max(1, len(samples) // 5):]
    q = max(1, len(kept) // 4)
    first, last = kept[:q], kept[-q:]
    rss_first = statistics.mean(s[1] for s in first)
    rss_last = statistics.mean(s[1] for s in last)
    wal_before = max(s[2] for s in kept[:-q]) if len(kept) > q else 0
    wal_last = max(s[2] for s in last)
    rss_ok = rss_last <= rss_first * 1.10 + 8 * MIB
    wal_ok = wal_last <= wal_before + 4 * MIB
    words = (f"RSS {rss_first / MIB:.1f} MiB (first quarter after warm-up) -> {rss_last / MIB:.1f} MiB "
             f"(last quarter): {'flat' if rss_ok else 'GROWING'}; WAL largest {wal_before / MIB:.1f} MiB "
             f"before the last quarter, {wal_last / MIB:.1f} MiB in it: {'flat' if wal_ok else 'GROWING'}")
    return rss_ok and wal_ok, words


def overload(port, secrets, seconds, writers, readers):
    """Writers past one account's limit and connections past the pool, at once."""
    tally = Tally()
    until = time.monotonic() + seconds
    one = secrets[0]

    def write_as_one():
        client = Client(port)
        while time.monotonic() < until:
            body = session_body()
            status, headers = client.request("POST", "/api/v1/sessions", one, body)
            tally.add(status, headers, body["id"])
        client.close()

    def crowd(i):
        client = Client(port)
        rnd = random.Random(1000 + i)
        while time.monotonic() < until:
            secret = rnd.choice(secrets)
            if rnd.random() < 0.3:
                body = session_body()
                status, headers = client.request("POST", "/api/v1/sessions", secret, body)
                tally.add(status, headers, body["id"])
            else:
                status, headers = client.request("GET", rnd.choice(READS), secret)
                tally.add(status, headers)
        client.close()

    threads = [threading.Thread(target=write_as_one) for _ in range(writers)]
    threads += [threading.Thread(target=crowd, args=(i,)) for i in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=600, help="length of the load phase (default 600)")
    ap.add_argument("--every", type=float, default=None, help="seconds between samples (default: 60 samples)")
    ap.add_argument("--accounts", type=int, default=16, help="patients writing and reading (default 16)")
    ap.add_argument("--workers", type=int, default=8, help="threads of the load phase (default 8)")
    ap.add_argument("--overload-seconds", type=int, default=20)
    ap.add_argument("--writers", type=int, default=64, help="overload: writers as one account (default 64)")
    ap.add_argument("--connections", type=int, default=128, help="overload: other connections (default 128)")
    ap.add_argument("--write-share", type=float, default=0.25,
                    help="share of the load's requests that write, within each account's limit (default 0.25)")
    ap.add_argument("--port", type=int, help="the server's port (default: a free one)")
    args = ap.parse_args()
    global WRITE_SHARE
    WRITE_SHARE = args.write_share
    if not os.access(BIN, os.X_OK):
        raise SystemExit(f"no sciatica binary at {BIN}; build it or set SCIATICA_BIN")
    every = args.every or max(1.0, args.seconds / 60)
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "soak.sqlite")
        port = args.port or free_port()
        server = subprocess.Popen(
            [BIN, "--db", db, "demo", "--days", "14", "--patients", str(args.accounts), "--force", "--serve",
             "--listen", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "server.log"), "w"))
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(1200):
                try:
                    if Client(port, 1).request("GET", "/readyz", "")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.05)
            emails = ["alex@demo.invalid"] + [f"patient{n}@demo.invalid" for n in range(2, args.accounts + 1)]
            secrets = [token(base, e) for e in emails]
            print(f"soak: {len(secrets)} accounts, {args.workers} workers, {args.seconds} s of load, "
                  f"sampling every {every:.0f} s", flush=True)

            tally = Tally()
            next_write = {s: 0.0 for s in secrets}
            start = time.monotonic()
            until = start + args.seconds
            workers = [threading.Thread(target=load, args=(port, secrets, next_write, until, tally, i))
                       for i in range(args.workers)]
            for w in workers:
                w.start()
            samples = []
            while time.monotonic() < until:
                rss, wal = sample(server.pid, db + "-wal")
                samples.append((time.monotonic() - start, rss, wal))
                time.sleep(min(every, max(0.0, until - time.monotonic())))
            for w in workers:
                w.join()
            rss, wal = sample(server.pid, db + "-wal")
            samples.append((time.monotonic() - start, rss, wal))
            answered = sum(tally.statuses.values())
            print(f"load: {answered} requests ({answered / args.seconds:.0f}/s), statuses {tally.statuses}, "
                  f"{len(tally.acknowledged)} writes acknowledged", flush=True)
            for t, r, w in samples[:: max(1, len(samples) // 10)] + samples[-1:]:
                print(f"  {t:6.0f} s  RSS {r / MIB:6.1f} MiB  WAL {w / MIB:6.2f} MiB")
            ok, words = flat(samples)
            print(("  " if ok else "  FAILED: ") + words, flush=True)
            if not ok:
                failed.append("memory or WAL grew")
            if tally.problems or tally.missing_retry_after:
                failed.append(f"load: {len(tally.problems)} bad answers ({tally.problems[:3]}), "
                              f"{tally.missing_retry_after} refusals without Retry-After")

            over = overload(port, secrets, args.overload_seconds, args.writers, args.connections)
            answered = sum(over.statuses.values())
            print(f"overload: {args.writers} writers as one account and {args.connections} more connections "
                  f"for {args.overload_seconds} s: {answered} requests, statuses {over.statuses}, "
                  f"{len(over.acknowledged)} writes acknowledged, "
                  f"{over.missing_retry_after} refusals without Retry-After", flush=True)
            if over.problems or over.missing_retry_after:
                failed.append(f"overload: {len(over.problems)} bad answers ({sorted(set(over.problems))[:5]}), "
                              f"{over.missing_retry_after} refusals without Retry-After")
            if not over.statuses.get(429):
                failed.append("overload: the write limit never answered 429")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                failed.append("the server did not stop within 30 s")

        acknowledged = tally.acknowledged + over.acknowledged
        with sqlite3.connect(db) as conn:
            stored = {row[0] for row in conn.execute("SELECT id FROM sessions")}
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        lost = [i for i in acknowledged if i not in stored]
        print(f"stored: {len(acknowledged)} acknowledged writes, {len(lost)} lost; integrity_check {integrity}")
        if lost:
            failed.append(f"{len(lost)} acknowledged writes are not stored")
        if integrity != "ok":
            failed.append(f"integrity_check: {integrity}")
    if failed:
        raise SystemExit("soak: FAILED: " + "; ".join(failed))
    print("soak: ok")


if __name__ == "__main__":
    main()
