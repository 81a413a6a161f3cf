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
import json
import os
import shutil
import socket
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
    proc = subprocess.Popen([BIN, "--db", db, "demo", "--days", "14", "--patients", "3", "--force", "--serve",
                             "--listen", f"127.0.0.1:{port}"],
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=25, help="examples per operation and phase")
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        raise SystemExit(f"no sciatica binary at {BIN}; build it or set SCIATICA_BIN")
    if not shutil.which("st"):
        print("api_schema: installing schemathesis from PyPI", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "schemathesis"], check=True)
    st = shutil.which("st") or os.path.join(os.path.dirname(sys.executable), "st")
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for role, email in ROLES.items():
            port = free_port()
            server = serve(os.path.join(tmp, f"{role}.sqlite"), port)
            base = f"http://127.0.0.1:{port}"
            try:
                secret = token(base, email)
                cmd = [st, "run", f"{base}/api/v1/openapi.json", "-H", f"Authorization: Bearer {secret}",
                       "--checks", "all", "--max-examples", str(args.examples), "--workers", "2",
                       "--phases", "examples,coverage,fuzzing", "--seed", "1", "--no-color"]
                for op in EXCLUDED:
                    cmd += ["--exclude-operation-id", op]
                print(f"\n== schemathesis as the {role}", flush=True)
                run = subprocess.run(cmd, capture_output=True, text=True)
                out = run.stdout + run.stderr
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
