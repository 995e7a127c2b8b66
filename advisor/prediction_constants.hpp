#pragma once
// The documented constants of prediction. Each is a single shared figure, not
// a per-model fudge; README.md ("How times are predicted") lists them.

namespace advise::prediction {

// The GPU constants (library efficiency, bandwidth efficiency, launch time,
// all-reduce, spot allowances) are calibrated data: pricing/data/prediction.toml.

// Uncertainty bands, as factors on the central estimate.
constexpr double kSpecsLowFactor = 0.5;
constexpr double kSpecsHighFactor = 2.0;
constexpr double kTransferredLowFactor = 0.7;
constexpr double kTransferredHighFactor = 1.5;
constexpr double kScaledLowFactor = 1.0 / 1.5;
constexpr double kScaledHighFactor = 1.5;
// A measured step lies between the sums of the fastest and slowest samples,
// widened for what the probe does not see (framework overhead, other passes).
constexpr double kMeasuredLowFactor = 0.9;
constexpr double kMeasuredHighFactor = 1.25;

// Output tile one CPU core works on: a GEMM with fewer tiles than cores
// cannot use them all (the CPU analogue of GPU wave quantisation).
constexpr double kCpuTileEdge = 64;

// Share of a device's memory a training job can use (runtime, workspace and
// fragmentation take the rest).
constexpr double kUsableMemoryFraction = 0.9;

}  // namespace advise::prediction
