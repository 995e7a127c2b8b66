#!/usr/bin/env python3
"""`advise calibrate pytorch` end to end with stand-in interpreters: one without PyTorch (exit 2,
saying what was tried and how to install it), one that prints a calibration on the reference
BLAS (kept in the cache, warned about; `advise` then uses it and says so). With --real, the
installed PyTorch itself, or exit 77 (skipped) where /usr/bin/python3 cannot import it.

  calibrate.py ADVISE SOURCE_DIR [--real]
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

SKIPPED = 77
CALIBRATION = {
    "framework": "pytorch", "version": "1.13.1", "threads": 2, "seconds": 0.5,
    "config": "PyTorch built with:\n  - Build settings: BLAS_INFO=generic, LAPACK_INFO=generic,\n",
    "blas_libraries": ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"],
    "costs": {"dense": 20e-6, "step": 30e-6, "optimizer_adam": 18e-6, "optimizer_sgd": 1.5e-6},
}


def stand_in(directory, name, body):
    path = directory / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


def run(advise, home, *arguments):
    environment = dict(os.environ, XDG_CACHE_HOME=str(home), XDG_CONFIG_HOME=str(home / "no-config"))
    environment.pop("ADVISE_PYTHON", None)
    return subprocess.run([advise, *arguments], capture_output=True, text=True, timeout=600, env=environment)


def stand_ins(advise, source):
    failures = []
    with tempfile.TemporaryDirectory(prefix="advise-calibrate-") as directory:
        home = pathlib.Path(directory)
        no_torch = stand_in(home, "no-torch", "echo 'No module named torch' >&2\nexit 3\n")
        result = run(advise, home, "calibrate", "pytorch", "--python", no_torch)
        if result.returncode != 2 or f"no Python here imports PyTorch (tried {no_torch})" not in result.stderr \
                or "apt install python3-torch" not in result.stderr:
            failures.append(f"without PyTorch: exit {result.returncode}: {result.stderr.strip()}")
        reference = stand_in(home, "reference-blas", f"cat <<'JSON'\n{json.dumps(CALIBRATION)}\nJSON\n")
        result = run(advise, home, "calibrate", "pytorch", "--python", reference)
        if result.returncode != 0 or "reference BLAS" not in result.stderr or "libopenblas0-pthread" not in result.stderr:
            failures.append(f"reference BLAS: exit {result.returncode}: {result.stderr.strip()}")
        result = run(advise, home, "--model", str(source / "examples" / "mlp-mnist.toml"), "--format", "json",
                     "--no-gpu", "--probe-seconds", "0.5")
        if result.returncode != 0:
            failures.append(f"advise after calibrating: exit {result.returncode}: {result.stderr.strip()}")
        else:
            advice = json.loads(result.stdout)
            calibration = advice["machine"]["cpu"]["calibration"]
            cpu = next(option for option in advice["options"] if option["kind"] == "this-cpu")
            if calibration != {"framework": "pytorch", "version": "1.13.1", "blas": "reference", "threads": 2}:
                failures.append(f"machine.cpu.calibration: {calibration}")
            if "framework costs calibrated with PyTorch 1.13.1 (the reference BLAS, 2 threads)" not in cpu["note"]:
                failures.append(f"this CPU's note: {cpu['note']}")
    return failures


def real(advise):
    if subprocess.run(["/usr/bin/python3", "-c", "import torch"], capture_output=True).returncode != 0:
        print("skipped: /usr/bin/python3 cannot import PyTorch (Debian: apt install python3-torch)")
        return None
    with tempfile.TemporaryDirectory(prefix="advise-calibrate-real-") as directory:
        home = pathlib.Path(directory)
        result = run(advise, home, "calibrate", "pytorch", "--seconds", "0.05", "--python", "/usr/bin/python3")
        if result.returncode != 0 or "calibrated PyTorch" not in result.stdout:
            return [f"real PyTorch: exit {result.returncode}: {result.stderr.strip()} {result.stdout.strip()}"]
        print(result.stdout.strip())
    return []


def main():
    advise, source = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = real(advise) if "--real" in sys.argv else stand_ins(advise, source)
    if failures is None:
        return SKIPPED
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
