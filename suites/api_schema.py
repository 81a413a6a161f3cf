#!/usr/bin/env python3
"""schemathesis against the served OpenAPI document, for every role: every check, in both
directions (nothing the document forbids is accepted, nothing it allows is refused, every answer
is documented, no server error).

    python3 suites/api_schema.py                 bounded run (CI)
    python3 suites/api_schema.py --examples 300  longer run

It builds nothing: SCIATICA_BIN names the binary (default target/debug/sciatica). schemathesis is
installed from PyPI when missing. Each role runs on its own fresh demo database, so a write by one
run cannot change what another sees.
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("SCIATICA_BIN", os.path.join(HERE, "..", "target", "debug", "sciatica"))
PASSWORD = "sciatica-demo"
ROLES = {"patient": "alex@demo.invalid", "clinician": "clinician@demo.invalid", "admin": "admin@demo.invalid"}
# Operations that end the very credentials the run uses; their own tests cover them.
EXCLUDED = ["erase_account", "revoke_current_token"]
# The few constraints OpenAPI cannot state, each with the reason (values sent instead of
# generated, or one check off for one operation).
CONFIG = os.path.join(HERE, "schemathesis.toml")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token(base, email):
    opener = urllib.request.build_opener(NoRedirect)
    form = f"email={urllib.request.quote(email)}&password={PASSWORD}".encode()
    try:
        opener.open(urllib.request.Request(f"{base}/login", data=form, method="POST"))
        raise SystemExit("sign-in did not redirect")
    except urllib.error.HTTPError as e:
        cookie = (e.headers.get("Set-Cookie") or "").split(";")[0]
    if not cookie:
        raise SystemExit(f"sign-in as {email} gave no cookie")
    req = urllib.request.Request(f"{base}/api/v1/tokens", data=b'{"name": "schemathesis"}', method="POST",
                                 headers={"Cookie": cookie, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["token"]


def serve(db, port):
    # The per-account write limit would answer most generated writes with 429 and leave what is
    # behind it untested; its own tests (crates/web/tests/throttling.rs) cover it.
    proc = subprocess.Popen([BIN, "--db", db, "demo", "--days", "14", "--patients", "3", "--force", "--serve",
                             "--listen", f"127.0.0.1:{port}", "--write-burst", "100000",
                             "--writes-per-second", "1000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz") as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def tool_error_only(out):
    """The run's last summary line counts errors (the tool's own) and no failed check."""
    totals = [line for line in out.splitlines() if line.startswith("=") and " in " in line]
    last = totals[-1] if totals else ""
    return re.search(r"\d+ errors?\b", last) is not None and re.search(r"\d+ failed|\d+ failures?\b", last) is None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=25, help="examples per operation and phase")
    ap.add_argument("--port", type=int, help="first port of the servers (one per role); default: free ones")
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        raise SystemExit(f"no sciatica binary at {BIN}; build it or set SCIATICA_BIN")
    if not shutil.which("st"):
        print("api_schema: installing schemathesis from PyPI", flush=True)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "schemathesis==4.32.5"]
        # A Debian system Python refuses pip installs unless told (PEP 668).
        if subprocess.run(pip, stderr=subprocess.DEVNULL).returncode != 0:
            subprocess.run(pip + ["--break-system-packages"], check=True)
    st = shutil.which("st") or os.path.join(os.path.dirname(sys.executable), "st")
    # A recent instant for the fields whose bound is relative to now (see schemathesis.toml).
    recent = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    os.environ["SCIATICA_RECENT"] = recent.strftime("%Y-%m-%dT%H:%M:%SZ")
    os.environ["SCIATICA_PASSWORD"] = PASSWORD
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (role, email) in enumerate(ROLES.items()):
            port = args.port + n if args.port else free_port()
            server = serve(os.path.join(tmp, f"{role}.sqlite"), port)
            base = f"http://127.0.0.1:{port}"
            try:
                secret = token(base, email)
                cmd = [st, "--config-file", CONFIG, "run", f"{base}/api/v1/openapi.json", "-H", f"Authorization: Bearer {secret}",
                       "--max-examples", str(args.examples), "--workers", "2",
                       "--phases", "examples,coverage,fuzzing", "--seed", "1", "--no-color"]
                for op in EXCLUDED:
                    cmd += ["--exclude-operation-id", op]
                print(f"\n== schemathesis as the {role}", flush=True)
                started = time.monotonic()
                # In the temporary folder: schemathesis keeps a cache of what it found in its
                # working folder, and each run starts from nothing.
                run = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
                out = run.stdout + run.stderr
                if run.returncode != 0 and tool_error_only(out):
                    # An error inside the tool itself (Hypothesis reading a lambda's source from
                    # two workers at once has raised in its own code), with no check failed
                    # against the server: the same run once more, which must then pass.
                    print("  the tool failed in its own code, not on a check: running again", flush=True)
                    run = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
                    out = run.stdout + run.stderr
                print(f"  {time.monotonic() - started:.0f} s")
                summary = [line for line in out.splitlines() if "generated" in line or "failures" in line
                           or "passed" in line]
                print("\n".join(summary[-3:]))
                if run.returncode != 0:
                    print(out[-20000:])
                    failed.append(role)
            finally:
                server.terminate()
                server.wait()
    if failed:
        raise SystemExit(f"api_schema: failures as {', '.join(failed)}")
    print("api_schema: 0 failures for every role")


if __name__ == "__main__":
    main()
