#!/usr/bin/env python3
"""bench/gpu/pack on a build: the pack holds the GPU programs, every library they load but those a
GPU machine provides (the C and C++ runtimes, the driver, cuBLAS), and the bundled catalogs, which
its advise reads from another folder; bench/gpu/run --pack runs from its .tar.gz and, without a
GPU, says so and exits 77 (skipped) after the GPU tests, never passing; a pack that is not there is
refused with exit 1; scripts/gpu-check cuts a sanitizer run that does not finish and fails.

    pack_test.py PROJECT_SOURCE_DIR BUILD_DIR WORK_DIR
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

PROVIDED = re.compile(r"^(linux-vdso|ld-linux|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so"
                      r"|libstdc\+\+\.so|libgcc_s\.so|libcuda\.so|libcublas)")
PROGRAMS = ["advise", "libadvise_gpu_backend.so", "gpu_gemm_bench", "gpu_tests", "calibrate_gpu"]

failures = []


def check(condition, what):
    print(("ok: " if condition else "FAILED: ") + what)
    if not condition:
        failures.append(what)


def run(command, cwd, env=None, timeout=600):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def loaded_outside(pack, env):
    """Libraries the pack's programs load from outside its lib/ that a GPU machine does not provide."""
    programs = sorted(str(p) for p in (pack / "bin").iterdir())
    listing = run(["ldd", *programs], cwd="/", env=env).stdout
    outside = []
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>" and parts[2].startswith("/"):
            if not parts[2].startswith(str(pack / "lib")) and not PROVIDED.match(parts[0]):
                outside.append(f"{parts[0]} => {parts[2]}")
        elif "not found" in line:
            outside.append(line.strip())
    return sorted(set(outside))


def check_bounded_sanitizer(source, work, pack):
    """scripts/gpu-check's sanitizer runs, which need a GPU, on stand-ins: GPU tests that pass and a
    compute-sanitizer whose memcheck never finishes. It is cut at SANITIZER_SECONDS and reported,
    the check fails, and the rest still runs."""
    stand_in = work / "stand-in"
    shutil.copytree(pack, stand_in / "gpu-pack")
    (stand_in / "gpu-pack/bin/gpu_tests").write_text("#!/bin/sh\necho 'ok: stand-in GPU tests'\n")
    (stand_in / "bin").mkdir()
    (stand_in / "bin/compute-sanitizer").write_text(
        "#!/bin/sh\ncase \"$*\" in *memcheck*) sleep 30;; esac\necho 'ERROR SUMMARY: 0 errors'\n")
    for script in ("gpu-pack/bin/gpu_tests", "bin/compute-sanitizer"):
        (stand_in / script).chmod(0o755)
    out = work / "bounded"
    env = dict(os.environ, PATH=f"{stand_in / 'bin'}:{os.environ['PATH']}", SANITIZER_SECONDS="2", OUT=str(out))
    ran = run([str(source / "scripts/gpu-check"), "--pack", str(stand_in / "gpu-pack")], cwd=source, env=env)
    memcheck = (out / "memcheck.log").read_text() if (out / "memcheck.log").is_file() else ""
    check(ran.returncode == 1 and "memcheck did not finish in 2 s" in memcheck,
          f"a sanitizer run that does not finish is cut and fails the check (exit {ran.returncode}: {memcheck.strip()})")
    check("0 errors" in ((out / "racecheck.log").read_text() if (out / "racecheck.log").is_file() else ""),
          "the next sanitizer run still runs")
    check((out / "advice-gpt2-small.txt").is_file(), "and so does the advice after them")


def main():
    source, build, work = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pack = work / "gpu-pack"
    env = dict(os.environ, ADVISE_BUILD_DIR=str(build), PACK_DIR=str(pack), CALIBRATION_CSV="/nonexistent.csv")
    made = run([str(source / "bench/gpu/pack"), "--no-build"], cwd=source, env=env)
    check(made.returncode == 0, f"bench/gpu/pack exits 0 (got {made.returncode}: {made.stderr.strip()})")
    if made.returncode != 0:
        return
    check("glibc" in made.stderr and "libcublas" in made.stderr,
          f"it names what the GPU machine must provide: {made.stderr.strip().splitlines()[-1]}")
    check("transfer step" in made.stderr, "it says the calibration table was not packed")
    check(sorted(p.name for p in (pack / "bin").iterdir()) == sorted(PROGRAMS), "bin/ holds the GPU programs")
    libs = [p.name for p in (pack / "lib").iterdir()]
    check(any(name.startswith("libdnnl") for name in libs), f"lib/ holds oneDNN: {sorted(libs)}")
    catalogs = sorted(p.name for p in (pack / "share/advise/catalogs").iterdir())
    check(catalogs == sorted(p.name for p in (source / "pricing/data").glob("*.toml")),
          "share/advise/catalogs holds the bundled catalogs")
    check((work / "gpu-pack.tar.gz").is_file(), "the pack's .tar.gz is written")

    packed = dict(os.environ, LD_LIBRARY_PATH=str(pack / "lib"))
    outside = loaded_outside(pack, packed)
    check(not outside, f"nothing loads from outside the pack but what a GPU machine has: {outside}")

    # The pack's advise reads the pack's catalogs, from any folder: without its AWS file, no AWS.
    (pack / "share/advise/catalogs/aws.toml").unlink()
    prices = run([str(pack / "bin/advise"), "prices", "--format", "csv"], cwd="/", env=packed)
    check(prices.returncode == 0 and "\nazure," in prices.stdout and "\naws," not in prices.stdout,
          f"advise in the pack reads the pack's catalogs (exit {prices.returncode}: {prices.stderr.strip()})")

    refused = run([str(source / "bench/gpu/run"), "--pack", str(work / "no-such-pack.tar.gz")], cwd=source,
                  env=dict(os.environ, OUT=str(work / "refused")))
    check(refused.returncode == 1 and "cannot read" in refused.stderr,
          f"a missing pack is refused with exit 1 (got {refused.returncode}: {refused.stderr.strip()})")

    check_bounded_sanitizer(source, work, pack)

    if run(["sh", "-c", "nvidia-smi -L"], cwd="/").returncode == 0:
        print("a GPU is present: bench/gpu/run --pack is not run here (it takes minutes)")
        return
    out = work / "run"
    ran = run([str(source / "bench/gpu/run"), "--pack", str(work / "gpu-pack.tar.gz")], cwd=source,
              env=dict(os.environ, OUT=str(out)))
    check(ran.returncode == 77, f"without a GPU, bench/gpu/run --pack exits 77 (got {ran.returncode}: "
          f"{ran.stderr.strip()[-400:]})")
    log = (out / "gpu-tests.log").read_text() if (out / "gpu-tests.log").is_file() else ""
    check(log.startswith("skipped: no usable CUDA device"), f"the pack's GPU tests ran and said why: {log.strip()}")


if __name__ == "__main__":
    main()
    if failures:
        print(f"{len(failures)} check(s) failed; the pack is left in {sys.argv[3]}")
        sys.exit(1)
    shutil.rmtree(sys.argv[3], ignore_errors=True)
