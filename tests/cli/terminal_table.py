#!/usr/bin/env python3
"""The terminal table: fitted to COLUMNS, coloured only on a terminal, never with NO_COLOR.

  terminal_table.py ADVISE SOURCE_DIR
"""

import os
import pty
import re
import subprocess
import sys

problems = []
ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def advise_output(advise, source, env_changes, terminal=False):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(source, "no-such-config-dir"), TERM="xterm")
    for name in ["ADVISE_PRICING", "COLUMNS", "NO_COLOR"]:
        env.pop(name, None)
    env.update(env_changes)
    command = [advise, "--model", os.path.join(source, "examples", "resnet50.toml"), "--probe-results",
               os.path.join(source, "tests", "data", "probe-results", "resnet50.json"), "--no-cache",
               "--today", "2026-12-01", "--spot", "--runs", "3"]
    if not terminal:
        result = subprocess.run(command, capture_output=True, env=env)
        return result.returncode, result.stdout.decode()
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(), b"".join(chunks).decode().replace("\r\n", "\n")


def widest(text):
    return max(len(ESCAPE.sub("", line)) for line in text.splitlines())


def main():
    advise, source = sys.argv[1], sys.argv[2]
    code, wide = advise_output(advise, source, {})
    if code != 0 or "run $ band" not in wide or "break-even" not in wide or "\x1b[" in wide:
        problems.append("without COLUMNS and a terminal: not every column, or colour in a pipe")
    for columns in [80, 100, 60]:
        code, text = advise_output(advise, source, {"COLUMNS": str(columns)})
        if code != 0 or widest(text) > columns:
            problems.append(f"COLUMNS={columns}: a line of {widest(text)} columns")
        if ">>" not in text or "$/hour" not in text and columns >= 100:
            problems.append(f"COLUMNS={columns}: the chosen row or the price column is missing")
    if "run $ band" in advise_output(advise, source, {"COLUMNS": "80"})[1]:
        problems.append("COLUMNS=80 kept the band, which goes first")
    code, coloured = advise_output(advise, source, {"COLUMNS": "120"}, terminal=True)
    if code != 0 or "\x1b[1;32m" not in coloured:
        problems.append("on a terminal, the chosen row is not coloured")
    if widest(coloured) > 120:
        problems.append(f"on a terminal at COLUMNS=120, a line of {widest(coloured)} columns")
    code, plain = advise_output(advise, source, {"COLUMNS": "120", "NO_COLOR": "1"}, terminal=True)
    if code != 0 or "\x1b[" in plain:
        problems.append("NO_COLOR=1 still printed colour")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems" if problems else "the table fits, and colours only where asked")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
