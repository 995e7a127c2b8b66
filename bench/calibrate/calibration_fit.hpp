#pragma once
// Errors of the from-specs prediction on calibration rows, and the fit of its constants: a few
// per GPU architecture (tensor-core and fp32 GEMM efficiency, bandwidth efficiency), a few for
// all (per-kernel time, all-reduce bandwidth share and overlap, the small-K penalty).

#include <functional>
#include <string>
#include <vector>

#include "advisor/predict/step_estimate.hpp"
#include "bench/calibrate/calibration_rows.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise::calibration {

// The row's step predicted from the GPU's datasheet (its scaling_efficiency: 0 on one GPU).
StepEstimate predict_row(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants);

// The same from this machine's GPU: each GEMM at the efficiency `profile` measured for its shape on
// `local`, moved to the row's GPU as advise moves it (gpu_step.hpp); unmeasured shapes from specs.
StepEstimate predict_row_transferred(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants,
                                     const MachineProfile& profile, const GpuSpec& local);

// Items (images, tokens, samples) per second of all the row's GPUs at that step time, as the
// benchmark counts them (Row::counted_per_trained).
double throughput(const Row& row, const StepEstimate& step);

// Predicted over published throughput, minus one.
double relative_error(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants);

struct Summary {
  std::size_t rows = 0;
  double median_abs = 0;
  double max_abs = 0;
};
Summary summarize(const std::vector<double>& errors);

// Constants fitted on the rows `use` accepts; an architecture with no such rows gets the
// median of the others' (what a GPU of an unseen architecture would get).
PredictionConstants fit_constants(const std::vector<Row>& rows, const Catalogs& catalogs,
                                  const std::function<bool(const Row&)>& use);

}  // namespace advise::calibration
