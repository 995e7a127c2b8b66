#pragma once
// `advise probe` output: this machine's roofline (peaks, bandwidth, ridge
// points) and each measured GEMM as a point under it.

#include <ostream>
#include <string>
#include <vector>

#include "advisor/report/text_table.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

// FLOP per byte of A, B and C moved once: where a GEMM sits on the roofline.
double arithmetic_intensity(const GemmShape& shape);

// A table of GEMMs under a roofline, empty, its rates in `rate_unit` ("GFLOP/s", "TFLOP/s").
TextTable gemm_roofline_columns(const std::string& rate_unit);
// The cells each GEMM's row starts with: M x N x K, layout, the precision it ran in, FLOP/byte.
std::vector<std::string> gemm_shape_cells(const Measurement& measurement);

void write_roofline_table(std::ostream& out, const MachineProfile& profile, const TerminalStyle& style = {});
void write_roofline_markdown(std::ostream& out, const MachineProfile& profile);
// One row per measured GEMM (CPU, then GPU), the JSON's probe fields as columns.
void write_roofline_csv(std::ostream& out, const MachineProfile& profile);
// {"machine": …, "probes": […], "roofline": {…}}: readable back with --probe-results.
void write_roofline_json(std::ostream& out, const MachineProfile& profile);

}  // namespace advise
