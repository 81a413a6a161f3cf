"""Runs a command on a pseudo-terminal and answers its questions, as a person typing would.

argv[1] is a JSON list of [text, answer] pairs: wait until `text` appears after what was matched
before, then type `answer` and Enter (nothing when `answer` is null). The rest of argv is the command. Everything the command
wrote is printed; the exit code is the command's (124 when a text does not come in 20 s).
"""

import json
import os
import pty
import select
import sys
import time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

seen = b""
cursor = 0


def read(timeout):
    """Reads what came within `timeout` seconds: False at the end of output or after waiting."""
    global seen
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return False
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    seen += chunk
    return bool(chunk)


for text, answer in steps:
    want = text.encode()
    deadline = time.time() + 20
    while seen.find(want, cursor) < 0:
        if time.time() > deadline or not read(max(deadline - time.time(), 0)):
            sys.stdout.write(seen.decode(errors="replace"))
            sys.stdout.write(f"\n[on_pty.py: did not see {text!r}]\n")
            os.kill(pid, 9)
            sys.exit(124)
    cursor = seen.find(want, cursor) + len(want)
    if answer is not None:
        os.write(fd, answer.encode() + b"\n")

while read(20):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
