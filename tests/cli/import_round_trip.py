#!/usr/bin/env python3
"""A SkyPilot CSV imported, then used alone (no bundled prices): its GPU and CPU instances are
options, each spot option at its cheapest zone's price, and none is left out.

  import_round_trip.py ADVISE CSV MODEL PROBE_RESULTS WORK_DIR
"""

import json
import pathlib
import subprocess
import sys

# instance, pricing -> the hourly price (for spot: the CSV's cheapest zone) and the figures' source.
EXPECTED = {
    ("g4dn.xlarge", "spot"): (0.205, "specs"),
    ("g5.xlarge", "spot"): (0.4107, "specs"),
    ("g5.xlarge", "on-demand"): (1.006, "specs"),
    ("c6i.2xlarge", "spot"): (0.1411, "scaled"),
    ("c6i.2xlarge", "on-demand"): (0.34, "scaled"),
    ("c8g.xlarge", "spot"): (0.065, "scaled"),
    ("m7i.xlarge", "on-demand"): (0.2016, "scaled"),
}


def main():
    advise, csv, model, probe_results, work_dir = sys.argv[1:6]
    catalog = pathlib.Path(work_dir) / "imported-aws.toml"
    catalog.write_text(subprocess.run([advise, "prices", "import", "skypilot", csv, "--as-of", "2025-06-01"],
                                      check=True, capture_output=True, text=True).stdout)
    advice = json.loads(subprocess.run(
        [advise, "--model", model, "--pricing", str(catalog), "--no-bundled-prices", "--spot",
         "--probe-results", probe_results, "--no-cache", "--format", "json"],
        check=True, capture_output=True, text=True).stdout)
    options = {}
    for option in advice["options"]:
        if option["excluded_because"].startswith("left out"):
            sys.exit(f"{option['instance']} was left out: {option['excluded_because']}")
        if option["kind"] == "cloud":
            options[(option["instance"], option["pricing"])] = option
    for key, (price, source) in EXPECTED.items():
        option = options.get(key)
        if option is None:
            sys.exit(f"no option {key}; the options: {sorted(options)}")
        if abs(option["usd_per_hour"] - price) > 1e-9 or option["source"] != source:
            sys.exit(f"{key}: expected ${price}/h from {source}, got ${option['usd_per_hour']}/h from {option['source']}")
    print(f"{len(options)} cloud options from the import, none left out")


if __name__ == "__main__":
    main()
