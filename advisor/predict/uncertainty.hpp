#pragma once
// The uncertainty bands of every prediction, in one place: factors on the central
// estimate, wider the further a figure is from a measurement of this step on this
// machine. README.md ("How times are predicted") lists them.

namespace advise::prediction {

// From a GPU's datasheet: the 10th and 90th percentiles of actual over predicted step time when
// each GPU is predicted with constants fitted without it (bench/run-calibration, "Band of a
// from-specs step time"): 8 in 10 of those predictions fall inside. A model with recurrent layers
// gets the band of the calibration's recurrent model (GNMT), whose errors spread about twice as
// wide as the feed-forward models' (its per-step kernels depend on more than the datasheet shows).
constexpr double kSpecsLowFactor = 0.87;
constexpr double kSpecsHighFactor = 1.12;
constexpr double kSpecsRecurrentLowFactor = 0.63;
constexpr double kSpecsRecurrentHighFactor = 1.11;
// A local GPU's measured efficiency moved to another GPU's peak and SM count.
constexpr double kTransferredLowFactor = 0.7;
constexpr double kTransferredHighFactor = 1.5;
// This CPU's measurements scaled to a cloud CPU by cores, peak, clock and bandwidth.
constexpr double kScaledLowFactor = 1.0 / 1.5;
constexpr double kScaledHighFactor = 1.5;
// A GEMM whose precision runs on other units there than here (AMX tiles against FMAs) keeps its
// fraction of a different peak; the two units' fractions can differ by this much: on a 2-vCPU
// Xeon with AMX (oneDNN 2.6), bf16 GEMMs reached 10 % to 30 % of the tiles' measured peak (the
// probe's sweep; gpt2-small's shapes 23 % to 30 %) where fp32 ones reached 62 % to 71 % of the FMAs'. The band widens on the side the move favours.
constexpr double kUnitChangeFactor = 2.5;
// A measured step lies between the sums of the fastest and slowest samples,
// widened for what the probe does not see (framework overhead, other passes).
constexpr double kMeasuredLowFactor = 0.9;
constexpr double kMeasuredHighFactor = 1.25;

}  // namespace advise::prediction
