#include "arithmetic_probe.hpp"

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "probes/detail/arithmetic_runs.hpp"

namespace advise {
namespace {

// Bytes each kind's run holds per element of its request, for the memory limit: its
// inputs, results and gradients in fp32 (an LSTM cell keeps some fifteen values a gate value).
double bytes_per_element(const std::string& kind) {
  if (kind == "lstm_gate") return 64;
  if (kind == "attention_reshape") return 20;
  return 16;
}

// The OpenMP threads oneDNN uses, for as long as this lives.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads) : previous_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~ThreadLimit() { omp_set_num_threads(previous_); }
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  int previous_;
};

ArithmeticMeasurement failed(ArithmeticMeasurement measurement, std::string reason) {
  measurement.status = ProbeStatus::failed;
  measurement.reason = std::move(reason);
  measurement.elements_per_second = 0;
  return measurement;
}

}  // namespace

const std::vector<std::string>& arithmetic_kinds() {
  static const std::vector<std::string> kinds = {"gelu", "tanh", "sigmoid", "silu", "pool", "lstm_gate",
                                                 "attention_reshape", "batch_norm", "layer_norm", "softmax",
                                                 "cross_entropy", "cast"};
  return kinds;
}

std::int64_t framework_reference_elements(const std::string& kind) {
  static const std::map<std::string, std::int64_t> sizes = {
      {"pool", 32LL * 64 * 28 * 28},        // a max pool over 32 images of 64 channels, 28x28
      {"lstm_gate", 32LL * 4 * 256},        // one step of batch 32, hidden 256
      {"attention_reshape", 256LL * 32 * 64},  // 256 sequences of 32 positions, 64 features
      {"batch_norm", 32LL * 64 * 28 * 28},     // 32 images of 64 channels, 28x28
      {"layer_norm", 16LL * 128 * 256},        // 16 sequences of 128 tokens, 256 features
      {"softmax", 16LL * 4 * 128 * 128},       // attention scores: 16 sequences, 4 heads, 128 positions
      {"cross_entropy", 1024LL * 8192},        // a language model's loss: 1024 tokens, 8192 words
      {"cast", 1024LL * 1024}};                // a 1024x1024 weight cast to bf16 and its gradient back
  const auto found = sizes.find(kind);
  return found == sizes.end() ? 16LL * 128 * 512 : found->second;  // a transformer FFN's activations
}

int arithmetic_threads(const ArithmeticRequest& request, int available) {
  // The largest tensor one of the framework's calls touches, at the model's size: an LSTM cell
  // applies each gate's function to that gate's own chunk (PyTorch's LSTMCell: gates.chunk(4)).
  const std::int64_t largest = request.kind == "lstm_gate" ? request.elements / 4 : request.elements;
  return largest < kFrameworkGrainElements ? 1 : available;
}

std::int64_t plan_arithmetic_elements(const std::string& kind, std::int64_t elements,
                                      const ArithmeticProbeOptions& options) {
  const auto by_memory = static_cast<std::int64_t>(static_cast<double>(options.max_bytes) / bytes_per_element(kind));
  const std::int64_t most = std::max<std::int64_t>(1, std::min(options.max_elements, by_memory));
  return std::clamp(elements, std::min(options.min_elements, most), most);
}

ArithmeticMeasurement probe_arithmetic(const ArithmeticRequest& request, double budget_s,
                                       const ArithmeticProbeOptions& options) {
  ArithmeticMeasurement measurement;
  measurement.request = request;
  const auto& kinds = arithmetic_kinds();
  if (std::find(kinds.begin(), kinds.end(), request.kind) == kinds.end()) {
    return failed(measurement, "no arithmetic probe for " + request.kind);
  }
  if (request.elements < 1) return failed(measurement, "a tensor needs at least one element");
  try {
    const ThreadLimit threads(arithmetic_threads(request, omp_get_max_threads()));
    std::int64_t elements = plan_arithmetic_elements(request.kind, request.elements, options);
    std::unique_ptr<detail::ArithmeticRun> run = detail::make_arithmetic_run(request.kind, elements);
    measurement.probed_elements = elements;
    TimingPlan plan;
    plan.budget_s = budget_s;
    const SteadyTiming timing = time_with(options.timer, [&] { run->execute(); }, plan);
    measurement.noisy = timing.noisy;
    const double seconds = timing.summary.median;
    if (!(seconds > 0) || !std::isfinite(seconds)) {
      return failed(measurement, "the timer gave no usable time (" + std::to_string(seconds) + " s)");
    }
    if (options.spoil_result) run->spoil_result();
    if (std::string problem = run->check(options.verify_samples, measurement.max_relative_error); !problem.empty()) {
      return failed(measurement, problem);
    }
    measurement.verified = true;
    measurement.status = ProbeStatus::ok;
    measurement.samples = static_cast<int>(timing.samples.size());
    measurement.elements_per_second = static_cast<double>(elements) / seconds;
    if (timing.noisy) measurement.reason = timing.note();
  } catch (const dnnl::error& e) {
    return failed(measurement, std::string("oneDNN error: ") + e.what());
  } catch (const std::bad_alloc&) {
    return failed(measurement, "out of memory for the probe's buffers");
  }
  return measurement;
}

}  // namespace advise
