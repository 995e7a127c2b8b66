#!/usr/bin/env python3
"""The advise binary under injected faults, end to end: exit codes and messages as
README.md ("When something fails") documents them, and nothing of the user's lost.

  fault_paths.py ADVISE FAKE_GPU_BACKEND SOURCE_DIR

The GPU faults come from a stand-in backend module (tests/support/fake_gpu_backend.cpp)
chosen with ADVISE_GPU_BACKEND and set with ADVISE_FAKE_GPU; the cache faults are files.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

failures = []


def run(advise, source, cache_home, extra_environment, *arguments):
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache_home), XDG_CONFIG_HOME=str(cache_home / "no-config"),
                       **extra_environment)
    environment.pop("ADVISE_PRICING", None)
    command = [advise, "--model", str(source / "examples" / "mlp-mnist.toml"), "--probe-seconds", "0.5",
               "--format", "json", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=environment, cwd=source)


def expect(name, condition, result):
    if not condition:
        failures.append(f"{name}: exit {result.returncode}; stderr: {result.stderr.strip()[:400]}")
    else:
        print(f"ok: {name}")


def option_of_kind(result, kind):
    options = json.loads(result.stdout)["options"]
    return next((option for option in options if option["kind"] == kind), None)


def gpu_faults(advise, fake, source, cache_home):
    gpu = {"ADVISE_GPU_BACKEND": fake}
    result = run(advise, source, cache_home, dict(gpu, ADVISE_FAKE_GPU="discover=100"))
    expect("no CUDA device: advice without the GPU, exit 0",
           result.returncode == 0 and json.loads(result.stdout)["machine"]["gpu_unavailable_reason"] == "no CUDA device",
           result)
    for setting, reason in [("oom", "out of GPU memory"), ("unverified", "did not check"),
                            ("seconds=-1", "absurd time")]:
        result = run(advise, source, cache_home, dict(gpu, ADVISE_FAKE_GPU=setting))
        option = option_of_kind(result, "this-gpu") if result.returncode == 0 else None
        expect(f"GPU {setting}: its option infeasible with the reason, exit 0",
               option is not None and not option["feasible"] and reason in option["infeasible_reason"], result)


def gpu_results_travel(advise, fake, source, cache_home):
    """Probe results written on a machine with a GPU carry it to the machine that reads them."""
    results = cache_home / "gpu-probe.json"
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache_home), ADVISE_GPU_BACKEND=fake, ADVISE_FAKE_GPU="")
    probe = subprocess.run([advise, "probe", "--model", str(source / "examples" / "char-lstm.toml"), "--format", "json",
                            "--probe-seconds", "0.5", "--no-cache"], capture_output=True, text=True, timeout=120,
                           env=environment, cwd=source)
    results.write_text(probe.stdout)
    result = run(advise, source, cache_home, {"ADVISE_GPU_BACKEND": "/nonexistent"}, "--probe-results", str(results))
    if probe.returncode != 0 or result.returncode != 0:
        expect("GPU probe results: read back, exit 0", False, result if probe.returncode == 0 else probe)
        return
    advice = json.loads(result.stdout)
    gpu = option_of_kind(result, "this-gpu")
    expect("GPU probe results: the GPU comes with them, measured",
           advice["machine"]["gpu"] is not None and advice["machine"]["gpu"]["name"] == "Fake GPU"
           and gpu is not None and gpu["source"] == "measured", result)
    expect("GPU probe results: catalog GPUs transferred from its measurements",
           any(option["source"] == "transferred" for option in advice["options"]), result)
    report = cache_home / "gpu-report.html"
    html = run(advise, source, cache_home, {"ADVISE_GPU_BACKEND": "/nonexistent"}, "--probe-results", str(results),
               "--html", str(report))
    section = report.read_text().split('id="gpu-roofline"', 1)[-1].split("</section>", 1)[0] if report.exists() else ""
    expect("GPU probe results: the HTML report draws the GPU's roofline with its GEMMs",
           html.returncode == 0 and 'class="roof tf32"' in section and section.count("<circle") >= 3, html)
    table = subprocess.run([advise, "probe", "--probe-results", str(results)], capture_output=True, text=True,
                           timeout=60, env=environment, cwd=source)
    gpu_rows = table.stdout.split("Measured GEMMs on the GPU", 1)[-1].splitlines()
    expect("GPU probe results: advise probe prints the GPU's roofline, the LSTM's fp32 GEMMs timed in tf32",
           table.returncode == 0 and "GPU: Fake GPU, compute capability 9.0, 132 SMs" in table.stdout
           and any(" tf32 " in row for row in gpu_rows) and any(" fp32 " in row for row in gpu_rows), table)


def cache_faults(advise, source, cache_home):
    cache_dir = cache_home / "advise"
    files = [path for path in cache_dir.glob("probe-*.json")]
    if len(files) != 1:
        failures.append(f"expected one probe cache in {cache_dir}, found {files}")
        return
    cache = files[0]
    cache.write_text("{ not json")
    result = run(advise, source, cache_home, {"ADVISE_GPU_BACKEND": "/nonexistent"})
    kept = pathlib.Path(str(cache) + ".corrupt")
    expect("corrupt cache: warned, set aside, replaced, exit 0",
           result.returncode == 0 and "ignoring corrupt probe cache" in result.stderr and kept.exists()
           and kept.read_text() == "{ not json" and json.loads(cache.read_text())["format"] == "advise-probe-cache",
           result)
    cache.unlink()
    cache.mkdir()
    result = run(advise, source, cache_home, {"ADVISE_GPU_BACKEND": "/nonexistent"})
    expect("unreadable cache: warned, left as it was, exit 0",
           result.returncode == 0 and "cannot read probe cache" in result.stderr and cache.is_dir()
           and not any(cache.iterdir()), result)


def main():
    advise, fake, source = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="advise-faults-") as home:
        cache_home = pathlib.Path(home)
        gpu_faults(advise, fake, source, cache_home)
        gpu_results_travel(advise, fake, source, cache_home)
        cache_faults(advise, source, cache_home)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
