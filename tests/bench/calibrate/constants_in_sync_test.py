#!/usr/bin/env python3
"""The bundled constants are the calibration's fit: `calibrate_gpu --fit-only` on the shared
calibration table fits them again (about ten seconds) and
- pricing/data/prediction.toml holds every fitted value (bench/calibrate/apply-constants --check);
- the README's tables of scaling efficiency at 8 GPUs and of fp16's gain over fp32 are that fit's,
  line for line, and so are the multi-GPU rows it says the band holds.
A change that moves the fit fails here until bench/run-calibration's output is adopted (README
tables, band, bench/calibrate/apply-constants). The leave-one-out errors and the band take the
full run (minutes) and are not refitted here, but the band the README gives must be the one
advisor/predict/uncertainty.hpp applies, and the prose of the README and of prediction.toml must
quote the laws' fitted constants and the figures they give (both checked first, with or without
the shared table). Skipped (77) where the shared table is absent.

    constants_in_sync_test.py CALIBRATE_GPU SOURCE_DIR
"""
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

SCALING_HEADER = "| model              | GPU                | precision | published | predicted | points |"
GAINS_HEADER = "| host                            |"


def table_at(text, header):
    """The markdown table whose first line starts with header, line for line."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    if start is None:
        return []
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


def band_problems(source):
    """The README's band lines against uncertainty.hpp's factors."""
    readme = (source / "README.md").read_text()
    header = (source / "advisor" / "predict" / "uncertainty.hpp").read_text()
    factor = {name: float(value) for name, value in re.findall(r"constexpr double (kSpecs\w+) = ([0-9.]+);", header)}
    problems = []
    for kind, low, high in (("without", "kSpecsLowFactor", "kSpecsHighFactor"),
                            ("with", "kSpecsRecurrentLowFactor", "kSpecsRecurrentHighFactor")):
        line = re.search(rf"- models {kind} recurrent layers \(\d+ rows\): low x([0-9.]+), high x([0-9.]+)", readme)
        if not line:
            problems.append(f"the README gives no band for models {kind} recurrent layers")
        elif (float(line.group(1)), float(line.group(2))) != (factor.get(low), factor.get(high)):
            problems.append(f"models {kind} recurrent layers: the README's band x{line.group(1)}-x{line.group(2)}, "
                            f"uncertainty.hpp's x{factor.get(low)}-x{factor.get(high)}")
        # The prose and the prediction table quote the same band.
        elif not all(f"\u00d7{a:.2f}{sep}\u00d7{b:.2f}" in readme
                     for a, b in [(factor[low], factor[high])] for sep in ("\u2013", " to ")):
            problems.append(f"the README's text does not quote the band x{factor[low]:.2f}-x{factor[high]:.2f}")
        # The table of how times are predicted gives it in the cloud GPU's row.
        row = next((line for line in readme.splitlines() if line.startswith("| cloud GPU | specs |")), "")
        if f"\u00d7{factor[low]:.2f}\u2013\u00d7{factor[high]:.2f}" not in row.rsplit("|", 2)[-2]:
            problems.append(f"the README's cloud GPU row does not give the band x{factor[low]:.2f}-x{factor[high]:.2f}")
    return problems


def depth_share(k, peak_tflops, bandwidth_gb_per_s, constants):
    """What the K-depth law keeps of a deep GEMM's rate at depth k (gpu_roofline.cpp's gemm_k_half)."""
    ridge = peak_tflops * 1e3 / bandwidth_gb_per_s
    k_half = constants["gemm_k_half"] * (ridge / constants["gemm_k_half_reference_ridge"]) ** \
        constants["gemm_k_half_ridge_exponent"]
    return k / (k + k_half)


def law_problems(source):
    """Sentences of the README and of prediction.toml's comments that quote the fitted laws (and the
    all-reduce's rate): each must give the constants prediction.toml holds, and the figures those
    constants give."""
    catalog = tomllib.loads((source / "pricing" / "data" / "prediction.toml").read_text())
    c = catalog["prediction"]
    shares = {a["name"]: a for a in catalog["gpu_architecture"]}
    gpus = {g["name"]: g for g in tomllib.loads((source / "pricing" / "data" / "hardware.toml").read_text())["gpu"]}

    def clock_loss(name):
        watts = gpus[name]["tdp_watts"] / gpus[name]["sm_count"]
        return 100 * (1 - min(1.0, (watts / c["power_reference_watts_per_sm"]) ** c["power_exponent"]))

    def fp16_over_tf32(architecture):
        share = shares[architecture]
        return share["tensor_efficiency"] / share["tf32_efficiency"] * 2 ** (1 - c["peak_exponent"])

    h100, v100 = gpus["H100-SXM"], gpus["V100-16GB"]
    losses = sorted(clock_loss(name) for name in ("A10", "RTX-6000-Ada"))
    quotes = {
        "README.md": [
            f"as (100 TFLOP/s / peak)^{c['peak_exponent']:.2f}",
            f"less power per SM than {c['power_reference_watts_per_sm']:.2f} W",
            f"(watts per SM / {c['power_reference_watts_per_sm']:.2f})^{c['power_exponent']:.2f}",
            f"is {c['gemm_k_half']:.0f} × (the GPU's ridge point, library peak over bandwidth, / "
            f"{c['gemm_k_half_reference_ridge']:.0f} flops per byte)^{c['gemm_k_half_ridge_exponent']:.2f}",
            f"K = 512 keeps {100 * depth_share(512, h100['fp16_tflops'], h100['bandwidth_gb_per_s'], c):.0f} % "
            f"of a deep GEMM's rate on an H100 SXM in fp16, "
            f"{100 * depth_share(512, v100['fp32_tflops'], v100['bandwidth_gb_per_s'], c):.0f} % on a V100 in fp32",
            f"speed at {fp16_over_tf32('ampere'):.2f} on an A100 and {fp16_over_tf32('hopper'):.2f} on an H100",
            # one direction of a PCIe 3.0 and a 4.0 x16 link, 16 and 32 GB/s, at the all-reduce's share
            f"The fitted share gives {16 * c['allreduce_efficiency']:.1f} GB/s over PCIe 3.0 and "
            f"{32 * c['allreduce_efficiency']:.1f} over 4.0",
            # the multi-GPU band's slow end, as the calibration run prints it
            f"against one GPU: {c['allreduce_slow_share']:.3f}, {32 * c['allreduce_slow_share']:.1f} GB/s over PCIe 4.0",
        ],
        "pricing/data/prediction.toml": [
            f"(peak_reference_tflops / peak)^{c['peak_exponent']:.2f}",
            f"(watts per SM / reference)^{c['power_exponent']:.2f}",
            f"run {losses[0]:.0f} % to {losses[1]:.0f} % below their generation's share",
            f"({gpus['A100-PCIe-40GB']['tdp_watts'] / gpus['A100-PCIe-40GB']['sm_count']:.1f} W) "
            f"{clock_loss('A100-PCIe-40GB'):.0f} % below, under the {c['power_reference_watts_per_sm']:.2f} W reference",
            f"(ridge / reference)^{c['gemm_k_half_ridge_exponent']:.2f}",
        ],
    }
    problems = []
    for name, sentences in quotes.items():
        text = " ".join((source / name).read_text().replace("#", " ").split())  # one line, comments' marks out
        problems += [f"{name} does not say \"{sentence}\"" for sentence in sentences if sentence not in text]
    return problems


def main():
    calibrate, source = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    problems = band_problems(source) + law_problems(source)
    if problems:
        for problem in problems:
            print("FAIL:", problem)
        return 1
    data = source.parent / "shared" / "data" / "calibration-gpu-lambda.csv"
    if not data.is_file():
        print(f"skipped: no calibration table at {data}")
        return 77
    fit = subprocess.run([calibrate, str(data), str(source / "bench" / "calibrate" / "models"),
                          str(source / "pricing" / "data"), "--fit-only"], capture_output=True, text=True)
    if fit.returncode != 0:
        print(f"calibrate_gpu --fit-only exited {fit.returncode}: {fit.stderr.strip()[-500:]}")
        return 1
    failures = []
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as output:
        output.write(fit.stdout)
        output.flush()
        check = subprocess.run([sys.executable, str(source / "bench" / "calibrate" / "apply-constants"), "--check",
                                output.name], capture_output=True, text=True)
    if check.returncode != 0:
        failures.append("pricing/data/prediction.toml is not the fit:\n" + check.stdout + check.stderr)
    for name, header in (("scaling", SCALING_HEADER), ("fp16 gain", GAINS_HEADER)):
        fitted, documented = table_at(fit.stdout, header), table_at((source / "README.md").read_text(), header)
        if len(fitted) < 3:
            failures.append(f"the fit printed no {name} table")
        elif fitted != documented:
            differing = [f"  fit:    {a}\n  README: {b}" for a, b in zip(fitted, documented) if a != b]
            failures.append(f"the README's {name} table is not the fit's:\n" + "\n".join(differing[:5] or
                            [f"  {len(fitted)} lines against {len(documented)}"]))
    band = re.search(r"published step lies within the band of the constants fitted on all rows: (\d+) of (\d+) with "
                     r"the slow end, (\d+) of \d+ without it", fit.stdout)
    readme = " ".join((source / "README.md").read_text().split())
    if not band:
        failures.append("the fit printed no multi-GPU band line")
    elif (f"the published step of {band[1]} of those {band[2]} rows lies within the band of the constants fitted "
          f"on all rows; without it, {band[3]}.") not in readme:
        failures.append(f"the README does not give the multi-GPU band's {band[1]} of {band[2]} rows "
                        f"({band[3]} without its slow end)")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print("prediction.toml and the README's scaling and fp16 gain tables are the fit's")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
