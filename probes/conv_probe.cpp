#include "conv_probe.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "probes/detail/conv_reference.hpp"
#include "probes/detail/conv_run.hpp"
#include "plausibility.hpp"
#include "statistics.hpp"
#include "timing.hpp"

namespace advise {
namespace {

using namespace detail;

// The run in the asked data type, or in fp32 (with a note) where oneDNN has no kernel for it.
std::unique_ptr<ConvRun> prepare(const ConvShape& shape, ConvPass pass, std::string& ran, std::string& note) {
  const std::string wanted = shape.dtype == "tf32" ? "fp32" : shape.dtype;
  if (wanted != "fp32") {
    try {
      ran = wanted;
      return std::make_unique<ConvRun>(shape, pass, data_type_of(wanted));
    } catch (const dnnl::error&) {
      note = wanted + " has no oneDNN convolution on this CPU: measured fp32";
    }
  } else if (shape.dtype == "tf32") {
    note = "tf32 does not exist on CPUs: measured fp32";
  }
  ran = "fp32";
  return std::make_unique<ConvRun>(shape, pass, memory::data_type::f32);
}

ConvMeasurement failed(ConvMeasurement measurement, std::string reason) {
  measurement.status = ProbeStatus::failed;
  measurement.reason = std::move(reason);
  measurement.seconds_median = measurement.seconds_min = measurement.seconds_max = 0;
  return measurement;
}

std::string invalid(const ConvShape& s) {
  if (s.batch < 1 || s.in_channels < 1 || s.out_channels < 1 || s.kernel < 1 || s.stride < 1 || s.padding < 0 ||
      s.groups < 1) {
    return "sizes must be positive";
  }
  if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0) return "channels must divide into the groups";
  if (s.out_height() < 1 || s.out_width() < 1) return "the kernel is larger than the padded input";
  if (s.dtype != "fp32" && s.dtype != "tf32" && s.dtype != "bf16" && s.dtype != "fp16") {
    return "the CPU probe measures fp32, tf32 (as fp32), bf16 and fp16, not " + s.dtype;
  }
  return "";
}

}  // namespace

std::int64_t plan_conv_batch(const ConvShape& shape, const ConvProbeLimits& limits) {
  const double per_example_flops = shape.flops() / static_cast<double>(shape.batch);
  // fp32 activations in and out, each also in the primitive's layout; weights likewise.
  const double per_example_bytes =
      8.0 * static_cast<double>(shape.in_channels * shape.height * shape.width +
                                shape.out_channels * shape.out_height() * shape.out_width());
  const double weight_bytes = 8.0 * static_cast<double>(shape.out_channels * (shape.in_channels / shape.groups) *
                                                        shape.kernel * shape.kernel);
  const double by_flops = limits.max_flops / per_example_flops;
  const double by_bytes = (static_cast<double>(limits.max_bytes) - weight_bytes) / per_example_bytes;
  const double fits = std::floor(std::min(by_flops, by_bytes));
  const std::int64_t floor_batch = std::min(shape.batch, limits.min_batch);
  if (fits >= static_cast<double>(shape.batch)) return shape.batch;
  return std::max(floor_batch, static_cast<std::int64_t>(std::max(fits, 1.0)));
}

namespace {

// fp32 activations in and out, each also in the primitive's layout; weights likewise.
double conv_bytes(const ConvShape& s) {
  const double per_example = 8.0 * static_cast<double>(s.in_channels * s.height * s.width +
                                                       s.out_channels * s.out_height() * s.out_width());
  const double weights = 8.0 * static_cast<double>(s.out_channels * (s.in_channels / s.groups) * s.kernel * s.kernel);
  return per_example * static_cast<double>(s.batch) + weights;
}

bool within(const ConvShape& s, const ConvProbeLimits& limits) {
  return s.flops() <= limits.max_flops && conv_bytes(s) <= static_cast<double>(limits.max_bytes);
}

// The input size whose output is `out` pixels along one side.
std::int64_t input_for_output(const ConvShape& s, std::int64_t out, std::int64_t given) {
  return std::min(given, std::max<std::int64_t>(1, (out - 1) * s.stride + s.kernel - 2 * s.padding));
}

// Halves the larger side of the output image; false when it is 1x1 already.
bool halve_image(ConvShape& s) {
  if (s.out_height() <= 1 && s.out_width() <= 1) return false;
  if (s.out_height() >= s.out_width()) {
    s.height = input_for_output(s, (s.out_height() + 1) / 2, s.height);
  } else {
    s.width = input_for_output(s, (s.out_width() + 1) / 2, s.width);
  }
  return true;
}

// Halves a channel count by whole groups; false when one channel a group is left.
bool halve_channels(std::int64_t& channels, std::int64_t groups) {
  if (channels / groups <= 1) return false;
  channels = (channels / groups + 1) / 2 * groups;
  return true;
}

// Cuts the largest side of the implicit GEMM that is above `floor` (any side when none is).
bool cut_largest_side(ConvShape& s, std::int64_t floor) {
  const std::int64_t pixels = s.out_height() * s.out_width();
  const std::int64_t outputs = s.out_channels / s.groups;
  const std::int64_t reduction = s.in_channels / s.groups * s.kernel * s.kernel;
  std::vector<std::pair<std::int64_t, int>> sides = {{pixels, 0}, {outputs, 1}, {reduction, 2}};
  std::sort(sides.rbegin(), sides.rend());
  for (const std::int64_t above : {floor, std::int64_t{0}}) {
    for (const auto& [size, side] : sides) {
      if (size <= above) continue;
      if (side == 0 && halve_image(s)) return true;
      if (side == 1 && halve_channels(s.out_channels, s.groups)) return true;
      if (side == 2 && halve_channels(s.in_channels, s.groups)) return true;
    }
  }
  return false;
}

}  // namespace

ConvShape plan_conv_shape(const ConvShape& shape, const ConvProbeLimits& limits) {
  ConvShape probed = shape;
  probed.batch = plan_conv_batch(shape, limits);
  if (within(probed, limits)) return probed;
  probed.batch = 1;
  while (!within(probed, limits) && cut_largest_side(probed, limits.min_dimension)) {
  }
  return probed;
}

ConvMeasurement probe_cpu_conv(const ConvShape& shape, ConvPass pass, double budget_s, const ConvProbeOptions& options) {
  ConvMeasurement measurement;
  measurement.shape = shape;
  measurement.pass = pass;
  if (const std::string problem = invalid(shape); !problem.empty()) {
    measurement.reason = problem;
    return measurement;
  }
  const ConvShape probed = plan_conv_shape(shape, options.limits);
  measurement.probed = probed;
  measurement.scale = shape.flops() / probed.flops();
  try {
    std::string note;
    std::unique_ptr<ConvRun> run = prepare(probed, pass, measurement.probed_dtype, note);
    measurement.reason = note;
    TimingPlan plan;
    plan.budget_s = budget_s;
    const SteadyTiming timing = time_with(options.timer, [&] { run->execute(); }, plan);
    measurement.noisy = timing.noisy;
    if (std::string problem = implausible_times(timing.samples, probed.flops(), options.peak_flops, "the timer");
        !problem.empty()) {
      return failed(measurement, problem);
    }
    std::vector<float> result = run->result();
    if (options.tamper) options.tamper(result.data(), static_cast<std::int64_t>(result.size()));
    if (std::string problem = check(*run, result, options.verify_samples, measurement.max_relative_error);
        !problem.empty()) {
      return failed(measurement, problem);
    }
    measurement.verified = true;
    measurement.status = ProbeStatus::ok;
    measurement.samples = static_cast<int>(timing.samples.size());
    measurement.seconds_median = timing.summary.median * measurement.scale;
    measurement.seconds_min = timing.summary.min * measurement.scale;
    measurement.seconds_max = timing.summary.max * measurement.scale;
    if (timing.noisy) measurement.reason += (measurement.reason.empty() ? "" : "; ") + timing.note();
  } catch (const dnnl::error& e) {
    return failed(measurement, std::string("oneDNN error: ") + e.what());
  } catch (const std::bad_alloc&) {
    return failed(measurement, "out of memory for the probe's buffers");
  }
  return measurement;
}

}  // namespace advise
