#!/usr/bin/env python3
"""pty_drive.py: runs a command on a pseudo-terminal, as a clerk at a keyboard
would, for tests/cli/seal.sh: waits for PROMPT, types SECRET and Enter, and
writes everything the terminal showed to stdout.  Exits with the command's
status (124 when the prompt never came).

    pty_drive.py PROMPT SECRET COMMAND [ARG]...

What the terminal shows is what a person behind the clerk would see: with
echo off, the secret must not be in it.  With PTY_DRIVE_SUSPEND=1 the person
first presses Ctrl-Z at the prompt (the command leads a group no shell
controls, so it is not stopped; if it is, it is continued, as `fg` does)."""
import os
import pty
import select
import signal
import sys
import time


def main():
    prompt, secret, argv = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out, sent, deadline = b"", False, time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the child closed the terminal: it is done
            break
        if not data:
            break
        out += data
        if not sent and prompt in out:
            time.sleep(0.2)  # typed by a person, after the prompt and its terminal settings
            if os.environ.get("PTY_DRIVE_SUSPEND") == "1":
                os.write(fd, b"\x1a")
                time.sleep(0.5)
                if os.waitpid(pid, os.WUNTRACED | os.WNOHANG)[0]:
                    os.kill(pid, signal.SIGCONT)
                    time.sleep(0.3)
            os.write(fd, secret + b"\n")
            sent = True
    if time.time() >= deadline:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    sys.exit(os.waitstatus_to_exitcode(status) if sent else 124)


if __name__ == "__main__":
    main()
