#pragma once
// The calibration rows predicted from this machine's GPU: every GEMM shape of the rows timed
// here (cuBLASLt, each result checked), its efficiency moved to each row's GPU as `advise` does
// for a catalog GPU when it has a local one, against the same rows predicted from specs.

#include <string>
#include <vector>

#include "bench/calibrate/calibration_rows.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise::calibration {

// The distinct GEMM shapes of the used one-GPU rows, most FLOPs over all rows first.
std::vector<GemmShape> gpu_shapes_of(const std::vector<Row>& rows);

// This machine's GPU through the backend module at `backend_path`, with `shapes` timed in turn
// until `seconds` have passed (the rest stay unmeasured). Without a usable GPU: a profile whose
// gpu.available is false, with the reason.
MachineProfile measure_on_this_gpu(const std::vector<GemmShape>& shapes, const std::string& backend_path,
                                   double seconds);

// Per one-GPU row and per GPU: the from-specs and the transferred error of predicted throughput,
// with the share of the row's GEMM FLOPs measured here; rows of the local GPU's own catalog entry
// are shown but left out of the summaries (they are measured, not predicted), as are rows with
// less than nine tenths of their GEMM FLOPs measured.
void print_transfer(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants,
                    const MachineProfile& profile);

}  // namespace advise::calibration
