#!/usr/bin/env python3
"""One patient's requests on a 30-day and a 365-day history, side by side with nginx serving the
plan's bytes as a static file: requests per second and p99 latency at 1, 8 and 32 connections.

    python3 bench/patient_requests.py [SECONDS] [ONLY]   (from the project root; needs wrk and nginx)

ONLY, when given, keeps the rows whose name contains it (e.g. `POST`), to measure one thing again.

It builds the release binary, makes and serves each demo (`sciatica demo --days N --serve`) on a
free loopback port, signs in as the demo patient, then runs wrk against Today, the plan, the
status, a session summary and a session write (POST /api/v1/sessions). After the writes it counts
the stored sessions: every acknowledged write must be there. Prints a Markdown table.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import benchlib
from benchlib import free_port, request

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ONLY = sys.argv[2] if len(sys.argv) > 2 else ""
CONNECTIONS = (1, 8, 32)
DAYS = (30, 365)
# Writes also come from this many people, a token per request in turn, so each person logs a
# dozen or so sessions in a run (a person logs two or three a day, and the per-account write
# limit allows a burst of 30): one account posting from every connection is the other write row.
PEOPLE = 256
# Where cargo builds (CARGO_TARGET_DIR, as cargo itself reads it).
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "sciatica")
EMAIL, PASSWORD = "alex@demo.invalid", "sciatica-demo"
SESSION = {
    "leg_pain_before": 5, "leg_pain_after": 4, "back_pain_before": 3, "back_pain_after": 3,
    "left_before": 3, "left_after": 2, "right_before": 0, "right_after": 0,
    "exercises": [{"id": "prone-lying", "sets_done": 1, "reps_done": 1, "hold_seconds": 120,
                   "completed": True, "response": "moved_up"}],
}


def sign_in(base, email=EMAIL):
    return benchlib.sign_in(base, email, PASSWORD)


def wrk(url, conns, headers, script=None):
    return benchlib.wrk(url, conns, headers, SECONDS, script)


def demo(db, days, port):
    """Makes the demo database with PEOPLE patients of `days` of history each and serves it with
    the demo accounts."""
    proc = subprocess.Popen([BIN, "--db", db, "demo", "--days", str(days), "--patients", str(PEOPLE),
                             "--force", "--serve", "--listen", f"127.0.0.1:{port}",
                             # the bench measures speed, not the per-account write limit
                             "--write-burst", "100000", "--writes-per-second", "100000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(6000):
        try:
            if request("GET", f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def sessions_stored(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


def nginx(root, body):
    port = free_port()
    os.makedirs(os.path.join(root, "static"), exist_ok=True)
    # nginx's workers run as another user: let them read the file.
    os.chmod(root, 0o755)
    os.chmod(os.path.join(root, "static"), 0o755)
    with open(os.path.join(root, "static", "plan.json"), "w") as f:
        f.write(body)
    os.chmod(os.path.join(root, "static", "plan.json"), 0o644)
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2; daemon off; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  server {{ listen 127.0.0.1:{port}; root {root}/static; }} }}
""")
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", root], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc, f"http://127.0.0.1:{port}/plan.json"


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install wrk nginx-light")
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "sciatica"], check=True)
    rows = []
    plan_bytes = None
    with tempfile.TemporaryDirectory() as tmp:
        post = os.path.join(tmp, "post.lua")
        with open(post, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
            f.write(f"wrk.body = {json.dumps(json.dumps(SESSION))}\n")
        post_many = os.path.join(tmp, "post-many.lua")
        for days in DAYS:
            db = os.path.join(tmp, f"demo-{days}.sqlite")
            port = free_port()
            server = demo(db, days, port)
            base = f"http://127.0.0.1:{port}"
            try:
                cookie, token = sign_in(base)
                tokens = [sign_in(base, f"patient{n}@demo.invalid")[1] for n in range(2, PEOPLE + 1)] + [token]
                with open(post_many, "w") as f:
                    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
                    f.write(f"wrk.body = {json.dumps(json.dumps(SESSION))}\n")
                    f.write("local tokens = {" + ", ".join(json.dumps(t) for t in tokens) + "}\n")
                    f.write("local i = 0\nrequest = function()\n  i = i + 1\n")
                    f.write('  wrk.headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]\n')
                    f.write("  return wrk.format()\nend\n")
                bearer = f"Authorization: Bearer {token}"
                _, _, text = request("GET", f"{base}/api/v1/sessions?limit=1", {"Authorization": f"Bearer {token}"})
                sid = json.loads(text)[0]["id"]
                status, _, plan_bytes = request("GET", f"{base}/api/v1/plan", {"Authorization": f"Bearer {token}"})
                if status != 200:
                    raise SystemExit(f"plan: {status} {plan_bytes}")
                ops = [("Today page", f"{base}/today", [f"Cookie: {cookie}"], None),
                       ("GET /api/v1/plan", f"{base}/api/v1/plan", [bearer], None),
                       ("GET /api/v1/status", f"{base}/api/v1/status", [bearer], None),
                       ("session summary page", f"{base}/session/summary/{sid}", [f"Cookie: {cookie}"], None),
                       (f"POST /api/v1/sessions, {PEOPLE} people", f"{base}/api/v1/sessions", [], post_many),
                       ("POST /api/v1/sessions, one person", f"{base}/api/v1/sessions", [bearer], post)]
                for name, url, headers, script in ops:
                    if ONLY not in name:
                        continue
                    for conns in CONNECTIONS:
                        before = sessions_stored(db) if script else 0
                        rps, p99, total, bad = wrk(url, conns, headers, script)
                        note = f"{bad} non-2xx" if bad else ""
                        if script:
                            stored = sessions_stored(db) - before
                            # wrk counts completed responses; a write still in flight at the end
                            # may be stored without being counted.
                            note = f"{total - bad} acknowledged, {stored} stored" + (f", {bad} non-2xx" if bad else "")
                            if stored < total - bad:
                                raise SystemExit(f"lost writes: {note}")
                        rows.append((name, days, conns, rps, p99, note))
                        print(f"{name} {days}d c={conns}: {rps:.0f} req/s p99 {p99:.1f} ms {note}", file=sys.stderr)
            finally:
                server.terminate()
                server.wait()
        proc, url = nginx(tmp, plan_bytes)
        try:
            for conns in CONNECTIONS if ONLY in "nginx, the plan's bytes as a file" else ():
                rps, p99, _, bad = wrk(url, conns, [])
                rows.append(("nginx, the plan's bytes as a file", "", conns, rps, p99, f"{bad} non-2xx" if bad else ""))
        finally:
            proc.terminate()
            proc.wait()
    print("| request | history (days) | connections | req/s | p99 (ms) | notes |")
    print("|---|---:|---:|---:|---:|---|")
    for name, days, conns, rps, p99, note in rows:
        print(f"| {name} | {days} | {conns} | {rps:,.0f} | {p99:.1f} | {note} |")


if __name__ == "__main__":
    main()
