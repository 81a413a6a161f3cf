#!/usr/bin/env python3
"""The clinician's panel with a large caseload: requests per second and p99 latency of
`GET /api/v1/panel` and the `/clinic` page at 1 and 8 connections, for a clinician with 200 and
with 1,000 patients of 30 days of history each.

    python3 bench/panel.py [SECONDS] [--port N]    (from the project root; needs wrk)

It builds the release binary, makes and serves each demo (`sciatica demo --days 30 --patients N
--serve`: the demo clinician has every demo patient in their care, N and the eight patients of
the demo's panel states) on a free loopback port (or on N, then N+1), signs in as the demo
clinician, checks that the panel lists the whole caseload, then runs wrk. Every panel read writes
one audit entry per patient shown; after the runs it checks that the audit log holds them.
Prints a Markdown table.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from benchlib import free_port, request, sign_in, wrk

CONNECTIONS = (1, 8)
CASELOADS = (200, 1000)
DAYS = 30
# The demo's panel states (urgent, spreading, harm, worsening, not logging, proposals, on track)
# and the patient whose move to phase 2 waits: patients besides the N asked for.
EXTRA = 8
# Where cargo builds (CARGO_TARGET_DIR, as cargo itself reads it).
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "sciatica")
EMAIL = "clinician@demo.invalid"


def demo(db, patients, port):
    """Makes the demo database with `patients` patients of DAYS days each and serves it."""
    started = time.monotonic()
    proc = subprocess.Popen([BIN, "--db", db, "demo", "--days", str(DAYS), "--patients", str(patients),
                             "--force", "--serve", "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(12000):
        try:
            if request("GET", f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return proc, time.monotonic() - started
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the demo server exited ({proc.returncode})")
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def panel_entries(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'panel.view'").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seconds", nargs="?", type=int, default=5, help="seconds per row (default 5)")
    parser.add_argument("--port", type=int, help="serve the demos on this port and the next (default: free ports)")
    a = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "sciatica"], check=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, patients in enumerate(CASELOADS):
            db = os.path.join(tmp, f"caseload-{patients}.sqlite")
            port = a.port + n if a.port else free_port()
            server, made = demo(db, patients, port)
            print(f"caseload {patients + EXTRA}: demo made and served in {made:.0f} s", file=sys.stderr)
            base = f"http://127.0.0.1:{port}"
            try:
                cookie, token = sign_in(base, EMAIL)
                bearer = f"Authorization: Bearer {token}"
                status, _, text = request("GET", f"{base}/api/v1/panel", {"Authorization": f"Bearer {token}"})
                if status != 200:
                    raise SystemExit(f"panel: {status} {text[:300]}")
                listed = len(json.loads(text)["patients"])
                if listed != patients + EXTRA:
                    raise SystemExit(f"the panel lists {listed} patients, expected {patients + EXTRA}")
                ops = [("GET /api/v1/panel", f"{base}/api/v1/panel", [bearer]),
                       ("/clinic page", f"{base}/clinic", [f"Cookie: {cookie}"])]
                shown = listed  # the read above
                for name, url, headers in ops:
                    for conns in CONNECTIONS:
                        rps, p99, total, bad = wrk(url, conns, headers, a.seconds)
                        shown += (total - bad) * listed
                        note = f"{bad} non-2xx" if bad else ""
                        rows.append((name, listed, conns, rps, p99, note))
                        print(f"{name} {listed} patients c={conns}: {rps:.1f} req/s p99 {p99:.1f} ms {note}",
                              file=sys.stderr)
                # wrk counts completed responses; a read still in flight when it stops may have
                # written its entries without being counted.
                audited = panel_entries(db)
                if audited < shown:
                    raise SystemExit(f"panel reads without their audit entries: {audited} < {shown}")
                print(f"audit: {audited} panel entries for {shown} patients shown", file=sys.stderr)
            finally:
                server.terminate()
                server.wait()
    print("| request | patients | connections | req/s | p99 (ms) | notes |")
    print("|---|---:|---:|---:|---:|---|")
    for name, patients, conns, rps, p99, note in rows:
        print(f"| {name} | {patients:,} | {conns} | {rps:,.1f} | {p99:.1f} | {note} |")


if __name__ == "__main__":
    main()
