#include "triad_probe.hpp"

#include <cmath>
#include <memory>

#include "statistics.hpp"
#include "timing.hpp"

namespace advise {

BandwidthMeasurement probe_triad(std::int64_t elements_per_array, double budget_s) {
  BandwidthMeasurement result;
  const std::int64_t n = elements_per_array;
  std::unique_ptr<double[]> a, b, c;
  try {
    a.reset(new double[n]);
    b.reset(new double[n]);
    c.reset(new double[n]);
  } catch (const std::bad_alloc&) {
    result.status = ProbeStatus::failed;
    result.reason = "out of memory for the bandwidth probe's arrays";
    return result;
  }
  // First touch in parallel, so pages land near the threads that use them.
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    a[i] = 0.0;
    b[i] = 1.0 + static_cast<double>(i % 7);
    c[i] = 2.0 - static_cast<double>(i % 5);
  }
  const double s = 3.0;
  const auto triad = [&] {
    double* __restrict pa = a.get();
    const double* __restrict pb = b.get();
    const double* __restrict pc = c.get();
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
  };
  TimingPlan plan;
  plan.budget_s = budget_s;
  plan.max_sample_s = 1.0;  // one pass is one sample; it already lasts milliseconds
  plan.min_sample_s = 1e-3;  // in-cache arrays take microseconds per pass: repeat them
  const std::vector<double> seconds = time_per_call(triad, plan);

  for (std::int64_t i = 0; i < n; i += std::max<std::int64_t>(1, n / 1000)) {
    if (a[i] != b[i] + s * c[i]) {
      result.status = ProbeStatus::failed;
      result.reason = "triad result check failed at element " + std::to_string(i);
      return result;
    }
  }
  const SampleSummary summary = summarize(seconds);
  const double bytes = 24.0 * static_cast<double>(n);
  result.array_bytes = 8 * n;
  result.samples = static_cast<int>(seconds.size());
  result.bytes_per_s_median = bytes / summary.median;
  result.bytes_per_s_best = bytes / summary.min;
  result.verified = true;
  result.status = ProbeStatus::ok;
  return result;
}

std::vector<BandwidthMeasurement> probe_bandwidth_curve(double budget_s) {
  constexpr std::int64_t kSmallestArrayBytes = 256 << 10;
  constexpr std::int64_t kLargestArrayBytes = 32 << 20;
  int points = 0;
  for (std::int64_t bytes = kSmallestArrayBytes; bytes <= kLargestArrayBytes; bytes *= 2) ++points;
  std::vector<BandwidthMeasurement> curve;
  for (std::int64_t bytes = kSmallestArrayBytes; bytes <= kLargestArrayBytes; bytes *= 2) {
    curve.push_back(probe_triad(bytes / 8, budget_s / points));
  }
  return curve;
}

}  // namespace advise
