#pragma once
// Probe results measured elsewhere (`advise probe --format json` on another
// machine), used in place of measuring this one: `advise --probe-results FILE`.

#include <stdexcept>
#include <string>
#include <vector>

#include "machine_probe.hpp"
#include "nearest_shape.hpp"

namespace advise {

// The version of the probe results' format (`schema`; results without one are version 1).
inline constexpr int kProbeResultsSchema = 1;

// The file could not be read or is not probe results; the CLI exits 2 with it.
class ProbeResultsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Answers `shapes` from the file: a shape it measured is used as measured; any
// other is estimated from the nearest measured shape of the same precision
// (closest in log M, log N, log K; same operand layouts preferred), at that
// shape's fraction of peak, and marked `estimated`.
// Convolution passes are used only as measured there; one the file lacks comes back
// skipped, and the prediction falls back to its implicit GEMMs. An arithmetic kind comes
// from its measurement at the nearest size; results from before arithmetic was measured
// have none, and the prediction says so. A GPU measured there comes back with its facts
// and its GEMMs as measured (none estimated: a GEMM it did not time is reported as such).
MachineProfile profile_from_probe_results(const std::string& path, const std::vector<GemmShape>& shapes,
                                          const std::vector<ConvolutionRequest>& convolutions = {},
                                          const std::vector<ArithmeticRequest>& arithmetic = {});

// The estimate for `shape` from `measured` (which must hold a verified shape of its precision).
Measurement estimate_from_nearest(const GemmShape& shape, const std::vector<Measurement>& measured, const CpuFacts& cpu);

}  // namespace advise
