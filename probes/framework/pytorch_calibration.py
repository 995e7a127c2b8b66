#!/usr/bin/python3
"""`advise calibrate pytorch`: measures the installed PyTorch's own costs on this machine
(pytorch_costs.measure: per layer copy, per optimizer tensor and call, per step, and the rates of
the work it runs far below memory bandwidth) and prints them as one JSON object with what
PyTorch is here: its version, its threads, its build configuration (torch.__config__.show())
and the BLAS libraries the process loaded for a matrix product. advise reads it, classifies the
BLAS and stores it all in this machine's probe cache.

    pytorch_calibration.py SECONDS_PER_MEASUREMENT THREADS        (THREADS 0: all cores)

Exits 3 without PyTorch (advise says how to install it).
"""
import json
import os
import sys

try:
    import torch
except ImportError as error:
    print(f"PyTorch cannot be imported: {error}", file=sys.stderr)
    sys.exit(3)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_costs  # noqa: E402  (needs torch, imported above)


def loaded_blas_libraries():
    """The BLAS libraries this process mapped, once a matrix product has run."""
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))
    names = ("blas", "mkl", "blis", "atlas")
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if path.startswith("/") and any(name in os.path.basename(path).lower() for name in names):
                if path not in found:
                    found.append(path)
    return found


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    torch.set_num_threads(threads if threads > 0 else len(os.sched_getaffinity(0)))
    libraries = loaded_blas_libraries()
    figures = pytorch_costs.measure(seconds)
    print(json.dumps({"framework": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                      "config": torch.__config__.show(), "blas_libraries": libraries, "seconds": seconds,
                      "costs": figures}))


if __name__ == "__main__":
    main()
