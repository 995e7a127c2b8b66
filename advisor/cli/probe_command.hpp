#pragma once
// `advise probe`: measures this machine without a model (a sweep of square and
// skinny GEMMs in fp32 and bf16, plus bandwidth) and prints its roofline.

#include <ostream>
#include <string>
#include <vector>

#include "advisor/report/text_table.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

struct ProbeRequest {
  MachineProbeSettings probe;
  std::string model_file;  // optional: also measure this model's shapes
  std::string probe_results;  // print these results (another machine's, or an earlier run) instead of measuring
  std::string format = "table";  // table | json | markdown | csv
  bool no_cache = false;
  TerminalStyle terminal;        // the table's width
};

// The sweep: squares 256-2048 and skinny shapes seen in training, in both precisions.
std::vector<GemmShape> sweep_shapes();

// Returns the warnings for the user (e.g. an ignored cache file).
std::vector<std::string> run_probe(const ProbeRequest& request, std::ostream& out, const ProbeProgress& progress);

}  // namespace advise
