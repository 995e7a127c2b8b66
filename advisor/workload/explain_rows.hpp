#pragma once
// The rows of --explain: one per described layer (all its copies), per step.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/workload/gemm.hpp"
#include "pricing/input_error.hpp"

namespace advise {

struct LayerSummary {
  std::string name;
  std::string kind;
  int depth = 0;  // 0: a [[layer]]; 1: inside a block
  std::int64_t repeat = 1;
  std::int64_t parameters = 0;
  double forward_flops = 0;
  double training_flops = 0;  // forward + backward
  std::int64_t activation_bytes = 0;
  std::string output_shape;                  // per example, e.g. "64x56x56"
  std::vector<WorkloadGemm> forward_gemms;   // with counts for all copies
};

// `row` for `times` copies of its layer; sizes that overflow are an InputError at `where`.
LayerSummary times_copies(LayerSummary row, std::int64_t times, const SourcePosition& where);

// Adds `more` copies' rows to `rows`, which hold the same layers in the same order.
void add_explain_copies(std::vector<LayerSummary>& rows, const std::vector<LayerSummary>& more,
                        const SourcePosition& where);

}  // namespace advise
