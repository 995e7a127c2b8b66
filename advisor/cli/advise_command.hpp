#pragma once
// `advise --model M.toml`: measure, predict, decide, report.

#include <ostream>
#include <string>
#include <vector>

#include "advisor/cli/catalog_selection.hpp"
#include "advisor/decide/decide.hpp"
#include "advisor/options/options.hpp"
#include "advisor/report/report.hpp"

namespace advise {

struct AdviseRequest {
  std::string model_file;
  CatalogSelection catalogs;
  DecisionSettings decision;
  MachineProbeSettings probe;
  OptionSettings options;
  std::optional<double> usd_per_kwh;
  std::optional<double> machine_watts;
  std::string format = "table";  // table | json | markdown | csv
  std::string html_file;         // also write the HTML report here
  bool all_options = false;
  bool explain = false;
  bool no_cache = false;
  // Library the dense layers' fp32 GEMMs are timed with: "onednn", or "system-blas" for a
  // framework built on the system BLAS (convolutions stay on oneDNN, as such frameworks run them).
  std::string cpu_gemm;  // empty: system-blas when the framework calibration says so, else onednn
  std::string probe_results;  // use this file's measurements instead of probing this machine
};

// Builds the advice; throws InputError (bad files), ProbeError (a failed measurement).
Advice make_advice(const AdviseRequest& request, const ProbeProgress& progress);

// The advice on `out` in the requested format (a table fitted to `terminal`), and the HTML
// report to its file when one is asked for (throws InputError when it cannot be written).
void write_advice(std::ostream& out, const Advice& advice, const AdviseRequest& request,
                  const TerminalStyle& terminal = {});

}  // namespace advise
