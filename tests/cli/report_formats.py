#!/usr/bin/env python3
"""The CSV and markdown outputs read back, and carry the JSON's figures to their printed precision.

  report_formats.py ADVISE SOURCE_DIR advice   the advice on stored probe results (no measuring)
  report_formats.py ADVISE SOURCE_DIR prices   `advise prices` in markdown against its JSON
  report_formats.py ADVISE SOURCE_DIR probe    `advise probe` on stored results, CSV and markdown against JSON
Exits 1 with one line per difference.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

DURATION_UNITS = {"\u00b5s": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "d": 86400, "years": 365.25 * 86400}
problems = []


def run(advise, arguments, env):
    result = subprocess.run([advise] + arguments, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"advise {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def check(condition, message):
    if not condition:
        problems.append(message)


def flattened(row, prefix=""):
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flattened(value, prefix + key + "."))
        else:
            flat[prefix + key] = value
    return flat


def same_as_json(cell, value):
    """A CSV cell holds exactly the JSON value: numbers as the JSON writes them."""
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, (int, float)):
        return float(cell) == float(value)
    if isinstance(value, str):
        return cell == value
    return json.loads(cell) == value


def check_csv_rows(text, rows, what):
    table = list(csv.DictReader(io.StringIO(text)))
    expected = [flattened(row) for row in rows]
    check(len(table) == len(expected), f"{what}: {len(table)} CSV rows for {len(expected)} JSON rows")
    header = list(csv.reader(io.StringIO(text)))[0] if text else []
    check(set(header) == set(expected[0]) if expected else True,
          f"{what}: CSV header {sorted(header)} is not the JSON names {sorted(expected[0])}")
    for number, (row, wanted) in enumerate(zip(table, expected)):
        for key, value in wanted.items():
            check(same_as_json(row.get(key, ""), value),
                  f"{what} row {number}: {key} is {row.get(key)!r}, JSON {value!r}")


def markdown_table(text, first_header):
    """The markdown table whose header row starts with these cells, as dicts of cells."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells[: len(first_header)] == first_header:
            rows = []
            for row_line in lines[index + 2:]:
                if not row_line.startswith("|"):
                    break
                values = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row_line.strip())[1:-1]]
                rows.append(dict(zip(cells, values)))
            return rows
    problems.append(f"no markdown table with header {first_header}")
    return []


def printed_duration(text):
    """'12.3 ms' -> (seconds, half of the last printed digit in seconds)."""
    value, unit = text.split(" ", 1)
    scale = DURATION_UNITS[unit]
    decimals = len(value.split(".")[1]) if "." in value else 0
    return float(value) * scale, 0.5 * 10 ** -decimals * scale


def printed_usd(text):
    value = text.lstrip("$")
    decimals = len(value.split(".")[1]) if "." in value else 0
    return float(value), 0.5 * 10 ** -decimals


def close(printed, value, what):
    number, tolerance = printed
    check(abs(number - value) <= tolerance * 1.000001 + 1e-12, f"{what}: printed {number}, JSON {value}")


def check_advice(advise, source, env, extra):
    model = os.path.join(source, "examples", "resnet50.toml")
    results = os.path.join(source, "tests", "data", "probe-results", "resnet50.json")
    base = ["--model", model, "--probe-results", results, "--no-cache", "--today", "2026-12-01", "--all"] + extra
    document = json.loads(run(advise, base + ["--format", "json"], env))
    options = document["options"]
    check_csv_rows(run(advise, base + ["--format", "csv"], env), options, "advice CSV " + " ".join(extra))
    markdown = run(advise, base + ["--format", "markdown"], env)
    sentence = document["recommendation"]["sentence"]
    check(f"**{sentence}**" in markdown, "the markdown does not carry the JSON's sentence")
    if document["recommendation"]["idle_usd_per_hour"] is not None:
        check("Stop the instance" in markdown, "the markdown does not carry the idle reminder")
    by_id = {option["id"]: option for option in options}
    rows = markdown_table(markdown, ["", "option", "id"])
    check(len(rows) > 5, f"only {len(rows)} option rows in the markdown")
    for row in rows:
        option = by_id.get(row["id"].strip("`"))
        if option is None:
            problems.append(f"markdown row {row['id']} is no JSON option")
            continue
        check((row[""] == ">>") == (option["id"] == document["recommendation"]["option"]), f"{row['id']}: marker")
        if not option["feasible"]:
            continue
        close(printed_duration(row["step"]), option["step_seconds"], f"{row['id']} step")
        close(printed_duration(row["run"]), option["run_seconds"], f"{row['id']} run")
        close(printed_usd(row["run $"]), option["run_usd"], f"{row['id']} run $")
        close(printed_usd(row["$/hour"]), option["usd_per_hour"], f"{row['id']} $/hour")
    check_catalogs(markdown, document["catalogs"])
    check_buy_vs_rent(markdown, options)


BINARY_UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}


def check_memory_line(advise, source, env):
    """The table's "Memory:" line names every part the JSON's total adds up, fp32 master weights
    included under mixed precision, each to its printed precision."""
    model = os.path.join(source, "examples", "gpt2-small.toml")
    results = os.path.join(source, "tests", "data", "probe-results", "gpt2-small.json")
    base = ["--model", model, "--probe-results", results, "--no-cache", "--today", "2026-12-01"]
    memory = json.loads(run(advise, base + ["--format", "json"], env))["model"]["memory_bytes"]
    line = next((l for l in run(advise, base, env).splitlines() if l.startswith("Memory: ")), "")
    printed = {}  # part: (bytes, half the last printed digit in bytes)
    for item in line[len("Memory: "):].split(", "):
        found = re.fullmatch(r"([a-z0-9 ]+) ([0-9]+)(?:\.([0-9]+))? ([KMGTP]?i?B)", item)
        if found:
            name, whole, decimals, unit = found.groups()
            scale = BINARY_UNITS[unit]
            number = float(whole + "." + decimals) if decimals else float(whole)
            printed[name.replace("fp32 ", "").replace(" ", "_")] = (number * scale, 0.5 * 10 ** -len(decimals or "") * scale)
    check(memory["master_weights"] > 0, "gpt2-small (bf16) holds no master weights")
    for part in ("weights", "master_weights", "gradients", "optimizer", "activations", "total"):
        if part not in printed:
            problems.append(f"the Memory line does not name {part}: {line!r}")
            continue
        value, half_digit = printed[part]
        check(abs(value - memory[part]) <= half_digit, f"Memory line {part}: {value:.4g} against {memory[part]}")


def check_buy_vs_rent(markdown, options):
    """The bought GPUs, soonest paid off first, against the cloud option the JSON names."""
    bought = [o for o in options if o["kind"] == "buy" and o["feasible"] and o["breakeven_against"]]
    check(bought, "no bought GPU with a break-even in the JSON")
    if not bought or "## Buy vs rent" not in markdown:
        check(not bought, "the markdown has no buy-vs-rent section")
        return
    block = markdown.split("## Buy vs rent", 1)[1].split("```", 2)[1]
    against = next(o for o in options if o["id"] == bought[0]["breakeven_against"])
    check(f"({against['provider']} {against['instance']}, " in block, "buy vs rent does not name the cloud option")
    check(" 40 h of training a week" in block, "buy vs rent does not give the hours of use")
    printed = [line.split()[0] for line in block.splitlines() if re.match(r"^  \S+ +\$", line)]
    expected = [o["device"] for o in sorted(bought, key=lambda o: o["breakeven_hours"] or float("inf"))]
    check(printed == expected, f"buy vs rent rows {printed}, not soonest paid off first {expected}")


def check_catalogs(markdown, catalogs):
    """Each catalog's staleness as the JSON gives it; only a file holding prices can be stale."""
    rows = {row["catalog"]: row for row in markdown_table(markdown, ["catalog", "provider"])}
    check(len(rows) == len(catalogs), f"{len(rows)} markdown catalog rows for {len(catalogs)}")
    check(any(not c["holds_prices"] for c in catalogs), "no bundled catalog without prices (prediction constants)")
    for catalog in catalogs:
        check(catalog["holds_prices"] or not catalog["stale"], f"{catalog['file']}: stale without prices")
        expected = ("STALE: check current prices" if catalog["stale"] else "no") if catalog["holds_prices"] else "no prices"
        row = rows.get(catalog["file"])
        check(row is not None and row["stale"] == expected, f"{catalog['file']}: markdown staleness {row and row['stale']}")


def check_prices(advise, env):
    document = json.loads(run(advise, ["prices", "--format", "json", "--today", "2026-12-01"], env))
    rows = markdown_table(run(advise, ["prices", "--format", "markdown", "--today", "2026-12-01"], env),
                          ["provider", "instance"])
    check(len(rows) == len(document["instances"]), f"{len(rows)} markdown price rows for {len(document['instances'])}")
    for row, instance in zip(rows, document["instances"]):
        check(row["instance"] == instance["instance"], f"prices: {row['instance']} against {instance['instance']}")
        price = float(row["$/h"])
        check(abs(price - instance["usd_per_hour"]) <= 5e-4 * instance["usd_per_hour"], f"{row['instance']}: $/h")


def check_probe(advise, source, env):
    """Stored probe results printed three ways: the same figures, whatever the machine."""
    results = os.path.join(source, "tests", "data", "probe-results", "mlp-mnist.json")
    arguments = ["probe", "--probe-results", results]
    document = json.loads(run(advise, arguments + ["--format", "json"], env))
    check_csv_rows(run(advise, arguments + ["--format", "csv"], env), document["probes"], "probe CSV")
    rows = markdown_table(run(advise, arguments + ["--format", "markdown"], env), ["M x N x K"])
    cpu_probes = [probe for probe in document["probes"] if probe.get("device", "cpu") == "cpu"]
    check(len(rows) == len(cpu_probes) and len(rows) >= 20, f"{len(rows)} GEMM rows in the probe markdown")
    for row, probe in zip(rows, cpu_probes):
        check(row["M x N x K"] == f"{probe['m']}x{probe['n']}x{probe['k']}", f"probe row {row['M x N x K']}: shape")
        close((float(row["GFLOP/s"]), 0.05), probe["flops_per_s"] / 1e9, f"probe {row['M x N x K']}: GFLOP/s")


def main():
    advise, source, part = sys.argv[1], sys.argv[2], sys.argv[3]
    env = dict(os.environ)
    env.pop("ADVISE_PRICING", None)
    env["XDG_CONFIG_HOME"] = os.path.join(source, "no-such-config-dir")
    if part == "advice":
        check_advice(advise, source, env, [])
        check_advice(advise, source, env, ["--spot", "--buy", "--runs", "3"])
        check_memory_line(advise, source, env)
    elif part == "prices":
        check_prices(advise, env)
    else:
        check_probe(advise, source, env)
    for problem in problems[:40]:
        print(problem)
    print(f"{len(problems)} differences" if problems else f"{part}: CSV and markdown agree with the JSON")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
