#!/usr/bin/env python3
"""Runs advise on every file of the bad-input corpus (tests/data/bad/expected.tsv) and on bad
flags, and checks each outcome: the expected exit code, the message fragment, a refusal in
one line on stderr, no internal error, no hang.

  bad_inputs.py ADVISE SOURCE_DIR
"""

import os
import pathlib
import subprocess
import sys

FLAGS = [  # arguments after --model examples/mlp-mnist.toml, the fragment
    (["--threads", "abc"], "--threads: expected a whole number"),
    (["--threads", "-1"], "--threads: expected a whole number"),
    (["--deadline", "soon"], "--deadline: expected a duration"),
    (["--deadline", "-3h"], "--deadline: expected a positive duration"),
    (["--budget", "-1"], "--budget"),
    (["--runs", "0"], "--runs"),
    (["--format", "xml"], "--format"),
    (["--objective", "fast"], "--objective"),
    (["--probe-seconds", "0.1"], "--probe-seconds"),
    (["--hours-per-week", "0"], "--hours-per-week"),
    (["--region", "nowhere-1"], "--region: no instance in the catalogs"),
    (["--today", "2026-02-30"], "--today: expected a date"),
    (["--max-catalog-age-days", "0"], "--max-catalog-age-days"),
    (["--cpu-gemm", "blis"], "--cpu-gemm"),
    (["--usd-per-kwh", "-1"], "--usd-per-kwh"),
    (["--no-bundled-prices"], "no price catalogs"),
    (["--pricing", "/nonexistent/prices.toml"], "cannot read file"),
    (["--probe-results", "/nonexistent/results.json"], "cannot read file"),
    (["--unknown-flag"], "--unknown-flag"),
]


def run(advise, arguments, source):
    environment = dict(os.environ, XDG_CONFIG_HOME=str(source / "no-such-config"))
    environment.pop("ADVISE_PRICING", None)
    try:
        return subprocess.run([advise] + arguments, capture_output=True, text=True, errors="replace", timeout=60,
                              env=environment, cwd=source)
    except subprocess.TimeoutExpired:
        return None


def check(name, result, code, fragment):
    if result is None:
        return f"{name}: hung (no answer in 60 s)"
    output = result.stdout + result.stderr
    if result.returncode != code:
        return f"{name}: expected exit {code}, got {result.returncode}: {result.stderr.strip()[:300]}"
    if fragment not in output:
        return f"{name}: expected {fragment!r} in the output, got: {result.stderr.strip()[:300] or result.stdout[-300:]}"
    if "internal error" in result.stderr:
        return f"{name}: an internal error: {result.stderr.strip()[:300]}"
    lines = [line for line in result.stderr.splitlines() if line and not line.startswith("Run with --help")]
    if code == 2 and (len(lines) != 1 or not lines[0].startswith("advise: error: ")):
        return f"{name}: expected one line 'advise: error: ...', got: {result.stderr.strip()[:300]}"
    return None


def main():
    advise, source = sys.argv[1], pathlib.Path(sys.argv[2])
    bad = source / "tests" / "data" / "bad"
    model = str(source / "examples" / "mlp-mnist.toml")
    results = str(source / "tests" / "data" / "probe-results" / "mlp-mnist.json")
    commands = {
        "model": lambda f: ["--model", f, "--probe-results", results, "--no-cache", "--format", "json"],
        "catalog": lambda f: ["--model", model, "--pricing", f, "--probe-results", results, "--no-cache", "--format", "json"],
        "skypilot": lambda f: ["prices", "import", "skypilot", f, "--provider", "aws", "--as-of", "2025-06-01"],
        "probe": lambda f: ["--model", model, "--probe-results", f, "--no-cache", "--format", "json"],
    }
    problems, count = [], 0
    for line in (bad / "expected.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        file, kind, code, fragment = line.split("\t")
        count += 1
        problem = check(file, run(advise, commands[kind](str(bad / file)), source), int(code), fragment)
        if problem:
            problems.append(problem)
    for arguments, fragment in FLAGS:
        count += 1
        name = "flags " + " ".join(arguments)
        defaults = ["--model", model, "--no-cache"] + ([] if "--probe-results" in arguments else ["--probe-results", results])
        problem = check(name, run(advise, defaults + arguments, source), 2, fragment)
        if problem:
            problems.append(problem)
    for problem in problems:
        print(problem)
    print(f"{count - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
