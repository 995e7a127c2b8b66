#pragma once
// `advise calibrate pytorch`: runs the bundled micro-benchmark
// (probes/framework/pytorch_calibration.py) with the installed PyTorch and keeps its
// figures in this machine's probe cache, where `advise` finds them.

#include <ostream>
#include <string>
#include <vector>

#include "probes/machine_probe.hpp"

namespace advise {

struct CalibrateRequest {
  std::string framework = "pytorch";
  double seconds = 0.5;     // per measurement of the micro-benchmark
  int threads = 0;          // 0: all hardware threads (as `advise` uses)
  std::string python;       // empty: $ADVISE_PYTHON, python3 on the PATH, then /usr/bin/python3
  std::string script;       // empty: the bundled one (calibration_script_path)
  std::string cache_dir;
};

// The bundled script: next to an installed binary (share/advise/framework), else the source tree's.
std::string calibration_script_path();

// Measures, stores and prints a summary; returns warnings for the user (a reference BLAS).
// Throws UsageError (exit 2) when no interpreter here imports PyTorch, naming what was tried.
std::vector<std::string> run_calibrate(const CalibrateRequest& request, std::ostream& out,
                                       const ProbeProgress& progress);

}  // namespace advise
