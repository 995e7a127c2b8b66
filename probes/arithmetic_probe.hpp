#pragma once
// Times, on this CPU, the arithmetic an eager framework runs outside GEMMs and convolutions
// and far from memory bandwidth: the transcendental activations (gelu, tanh, sigmoid, silu),
// 2D max pooling, an LSTM cell's gate nonlinearities and state updates, and multi-head
// attention's head split and merge copies, batch and layer norm, softmax and the loss's
// log-softmax, each forward and backward, with oneDNN's primitives (eltwise, binary, pooling,
// reorder, normalizations, softmax) at the model's own tensor sizes. Every
// result is checked on sampled entries against a double-precision reference.
//
// These rates are what varies with the CPU's vector units, cores and caches: the framework's
// own rates, measured on one machine, are carried to this one by the ratio of this probe's
// figure here to its figure there (advisor/predict/framework_costs.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "measurement.hpp"
#include "timing.hpp"

namespace advise {

// The kinds the probe knows, in the order it reports them.
const std::vector<std::string>& arithmetic_kinds();

// The tensor size the framework's own rate for `kind` is measured at (probes/framework/
// pytorch_costs.py): the probe runs there to give the reference it is compared with.
std::int64_t framework_reference_elements(const std::string& kind);

// One kind at one tensor size (elements of one call: activations' and pools' inputs, an
// LSTM step's gate values, attention's tokens × model features).
struct ArithmeticRequest {
  std::string kind;
  std::int64_t elements = 0;
  bool operator==(const ArithmeticRequest&) const = default;
};

struct ArithmeticMeasurement {
  ArithmeticRequest request;          // as asked
  std::int64_t probed_elements = 0;   // what ran: within the probe's limits
  double elements_per_second = 0;     // forward and backward, median of the samples
  int samples = 0;
  bool verified = false;
  bool noisy = false;
  bool cached = false;
  double max_relative_error = 0;
  ProbeStatus status = ProbeStatus::skipped;
  std::string reason;
};

struct ArithmeticProbeOptions {
  // A tensor below this runs at this size (below it the call's own overhead would count), one
  // above max_elements or max_bytes at that size (a scaled copy).
  std::int64_t min_elements = 32768;
  std::int64_t max_elements = 2LL << 20;
  std::int64_t max_bytes = 512LL << 20;
  int verify_samples = 64;
  Timer timer;                // empty: time_steadily
  bool spoil_result = false;  // tests: change one result entry after timing, to prove the check
};

// The elements the probe runs for `elements` of `kind` within `options`' limits.
// Frameworks run an operation on one thread below a grain of work and spread it over their
// threads above (PyTorch: at::internal::GRAIN_SIZE, 32768 elements). The probe does the same
// at the model's own tensor size, so that a small tensor is not charged for waking threads the
// framework leaves asleep (with OMP_WAIT_POLICY=PASSIVE that cost more than the work: an LSTM
// cell of batch 32 measured 19 instead of 350 M elements/s).
inline constexpr std::int64_t kFrameworkGrainElements = 32768;

// The threads the probe of `request` runs on, of `available`.
int arithmetic_threads(const ArithmeticRequest& request, int available);

std::int64_t plan_arithmetic_elements(const std::string& kind, std::int64_t elements,
                                      const ArithmeticProbeOptions& options);

// Never throws: an unknown kind, a oneDNN error or a wrong result comes back failed, with the reason.
ArithmeticMeasurement probe_arithmetic(const ArithmeticRequest& request, double budget_s,
                                       const ArithmeticProbeOptions& options = {});

}  // namespace advise
