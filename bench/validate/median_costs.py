#!/usr/bin/python3
"""The per-figure median of several probes/framework/pytorch_costs.py outputs, as one [cpu_framework] table.

On a shared machine one run's small constants can be off by 2x (a neighbour's load comes and
goes over seconds); the median of three runs is what pricing/data/prediction.toml holds.

    median_costs.py RUN1.toml RUN2.toml RUN3.toml
"""
import statistics
import sys
import tomllib


def main():
    runs = []
    for path in sys.argv[1:]:
        with open(path, "rb") as file:
            runs.append(tomllib.load(file)["cpu_framework"])
    if not runs:
        sys.exit("usage: median_costs.py RUN.toml...")
    print(f"# the median of {len(runs)} runs of probes/framework/pytorch_costs.py")
    print("[cpu_framework]")
    for key in runs[0]:
        value = statistics.median(run[key] for run in runs)
        print(f"{key} = {value:.4g}")


if __name__ == "__main__":
    main()
