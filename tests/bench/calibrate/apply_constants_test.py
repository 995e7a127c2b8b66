#!/usr/bin/env python3
"""bench/calibrate/apply-constants on a copy of the bundled prediction.toml: it sets the values a
calibration run fitted, only those the file holds, and keeps every other line; --check only
compares (exit 1 on a difference); a run's output without its fitted block, or fitting an
architecture the file lacks, is refused with exit 2.

    apply_constants_test.py PROJECT_SOURCE_DIR
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import tomllib

FITTED = """Fitted on all used rows:

```toml
[prediction]
gemm_efficiency = {gemm_efficiency}
allreduce_overlap = 0.333
seconds_per_kernel = 1.00e-05

[[gpu_architecture]]
name = "hopper"
tensor_efficiency = 0.611

[[gpu_architecture]]
name = "volta"
tf32_efficiency = 0.999
```
"""


def run(script, output_text, constants, work, *flags):
    output = work / "calibration.txt"
    output.write_text(output_text)
    return subprocess.run([sys.executable, str(script), *flags, str(output), str(constants)], capture_output=True,
                          text=True)


def main():
    source = pathlib.Path(sys.argv[1])
    script = source / "bench" / "calibrate" / "apply-constants"
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        work = pathlib.Path(directory)
        constants = work / "prediction.toml"
        shutil.copy(source / "pricing" / "data" / "prediction.toml", constants)
        before = constants.read_text().splitlines()
        # gemm_efficiency as the file holds it: a fitted value equal to the file's changes no line.
        held = tomllib.loads(constants.read_text())["prediction"]["gemm_efficiency"]
        fitted = FITTED.replace("{gemm_efficiency}", f"{held:.3f}")
        differs = run(script, fitted, constants, work, "--check")
        if differs.returncode != 1 or "hopper.tensor_efficiency" not in differs.stdout:
            failures.append(f"--check on a file without the fit: exit {differs.returncode}, {differs.stdout!r}")
        if constants.read_text().splitlines() != before:
            failures.append("--check changed the file")
        result = run(script, fitted, constants, work)
        after_text = constants.read_text()
        after = after_text.splitlines()
        table = tomllib.loads(after_text)
        hopper = next(a for a in table["gpu_architecture"] if a["name"] == "hopper")
        volta = next(a for a in table["gpu_architecture"] if a["name"] == "volta")
        changed = [(b, a) for b, a in zip(before, after) if b != a]
        if result.returncode != 0:
            failures.append(f"exit {result.returncode}: {result.stderr}")
        if table["prediction"]["allreduce_overlap"] != 0.333 or hopper["tensor_efficiency"] != 0.611:
            failures.append("the fitted values were not written")
        if "tf32_efficiency" in volta:
            failures.append("a key the file does not hold was added")
        if len(before) != len(after) or len(changed) != 2:
            failures.append(f"expected two changed lines, got {changed}")
        if "hopper.tensor_efficiency" not in result.stdout:
            failures.append(f"the change is not printed: {result.stdout!r}")

        holds = run(script, fitted, constants, work, "--check")
        if holds.returncode != 0 or holds.stdout:
            failures.append(f"--check on a file holding the fit: exit {holds.returncode}, {holds.stdout!r}")
        cut_short = run(script, "Fitted on all used rows:\n", constants, work)
        if cut_short.returncode != 2 or "no ```toml block" not in cut_short.stderr:
            failures.append(f"output without a fitted block: exit {cut_short.returncode}, {cut_short.stderr!r}")
        unknown = run(script, fitted.replace('"volta"', '"blackwell"'), constants, work)
        if unknown.returncode != 2 or "no section for blackwell" not in unknown.stderr:
            failures.append(f"an unknown architecture: exit {unknown.returncode}, {unknown.stderr!r}")
        if constants.read_text() != after_text:
            failures.append("a refused run changed the file")
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
