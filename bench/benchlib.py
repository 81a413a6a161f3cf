"""What the benchmark scripts share: free loopback ports, plain HTTP requests, signing in to a demo
(a session cookie and an API token) and running wrk."""

import json
import re
import socket
import subprocess
import urllib.error
import urllib.request

PASSWORD = "sciatica-demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, headers=None, body=None, timeout=120):
    data = None if body is None else body.encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base, email, password=PASSWORD):
    """Signs in as `email`; returns the session cookie and a new API token."""
    opener = urllib.request.build_opener(NoRedirect)
    data = f"email={email}&password={password}".encode()
    req = urllib.request.Request(f"{base}/login", data=data, method="POST")
    try:
        opener.open(req)
        raise SystemExit("sign-in did not redirect")
    except urllib.error.HTTPError as e:
        cookie = e.headers.get("Set-Cookie", "").split(";")[0]
    if not cookie:
        raise SystemExit("sign-in gave no cookie")
    status, _, text = request("POST", f"{base}/api/v1/tokens",
                              {"Cookie": cookie, "Content-Type": "application/json"},
                              json.dumps({"name": "bench"}))
    if status != 201:
        raise SystemExit(f"token: {status} {text}")
    return cookie, json.loads(text)["token"]


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, conns, headers, seconds, script=None):
    """Runs wrk (2 threads at most) for `seconds`; returns req/s, p99 in ms, the responses and the
    non-2xx/3xx ones among them."""
    args = ["wrk", "-t", str(min(conns, 2)), "-c", str(conns), "-d", f"{seconds}s", "--latency",
            "--timeout", "10s"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, ms(*p99.groups()), total, int(bad.group(1)) if bad else 0
