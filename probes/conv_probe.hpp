#pragma once
// Times one pass of a 2D convolution on this CPU the way an eager framework
// runs it there: oneDNN's convolution primitive, with the weights and
// activations reordered from the framework's plain layouts (NCHW, OIHW) into
// the primitive's blocked ones and the result back, on every call. Frameworks
// run CPU convolutions this way, and the reorders and the primitives' own
// backward kernels make them slower than the implicit GEMMs of the same size.
//
// A large batch is cut (time grows with the batch), and so is an image too large for one call;
// every result is checked against a double-precision reference on sampled entries.

#include <cstdint>
#include <functional>

#include "measurement.hpp"
#include "timing.hpp"

namespace advise {

// Called on the fp32 result (its plain layout) after timing and before the check.
// Production code passes none; tests use it to prove a wrong result is caught.
using ConvOutputTamper = std::function<void(float* result, std::int64_t entries)>;

struct ConvProbeLimits {
  double max_flops = 1e9;                // one call stays well inside a shape's time budget
  std::int64_t max_bytes = 512LL << 20;  // activations, weights and their reordered copies
  std::int64_t min_batch = 8;            // a cut batch keeps enough work for every thread
  // Below a whole example, each side of the implicit GEMM (output pixels, output channels,
  // input channels x kernel area) is cut no lower than this, so the call still fills the cores.
  std::int64_t min_dimension = 256;
};

struct ConvProbeOptions {
  ConvProbeLimits limits;
  int verify_samples = 32;
  ConvOutputTamper tamper;
  Timer timer;  // empty: time_steadily
  double peak_flops = 0;  // this CPU's peak: a time beyond it is refused (plausibility.hpp); 0: unchecked
};

// The batch the probe runs for `shape`: the whole batch, or less to fit the limits.
std::int64_t plan_conv_batch(const ConvShape& shape, const ConvProbeLimits& limits);

// The convolution the probe runs for `shape`: its batch cut as plan_conv_batch; where even
// that exceeds the limits, one example, and then its largest implicit-GEMM side halved until a
// call fits: output pixels (a smaller image), output channels or input channels (whole
// groups), each kept at min_dimension where it can be; down to one output pixel and channel.
ConvShape plan_conv_shape(const ConvShape& shape, const ConvProbeLimits& limits);

// Measures `pass` of `shape` within `budget_s`. Never throws: a failed result
// check or an unsupported shape comes back as a failed ConvMeasurement with the reason.
// fp32 and tf32 run in fp32; bf16 and fp16 natively where oneDNN has a kernel, else in fp32.
ConvMeasurement probe_cpu_conv(const ConvShape& shape, ConvPass pass, double budget_s,
                               const ConvProbeOptions& options = {});

}  // namespace advise
