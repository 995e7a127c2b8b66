#include "triad_probe.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "statistics.hpp"
#include "timing.hpp"

namespace advise {

namespace {

struct TriadArrays {
  std::unique_ptr<double[]> a, b, c;
};

// Three arrays of `n` doubles, first touched in parallel so that pages land near the threads
// that use them; empty when there is no memory.
TriadArrays allocate(std::int64_t n) {
  TriadArrays arrays;
  try {
    arrays.a.reset(new double[n]);
    arrays.b.reset(new double[n]);
    arrays.c.reset(new double[n]);
  } catch (const std::bad_alloc&) {
    return {};
  }
  double* a = arrays.a.get();
  double* b = arrays.b.get();
  double* c = arrays.c.get();
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    a[i] = 0.0;
    b[i] = 1.0 + static_cast<double>(i % 7);
    c[i] = 2.0 - static_cast<double>(i % 5);
  }
  return arrays;
}

// The triad on the first `n` elements of `arrays`, timed and checked.
BandwidthMeasurement triad_on(const TriadArrays& arrays, std::int64_t n, double budget_s) {
  BandwidthMeasurement result;
  const double s = 3.0;
  double* __restrict pa = arrays.a.get();
  const double* __restrict pb = arrays.b.get();
  const double* __restrict pc = arrays.c.get();
  const auto triad = [&] {
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
  };
  TimingPlan plan;
  plan.budget_s = budget_s;
  plan.max_sample_s = 1.0;  // one pass is one sample; it already lasts milliseconds
  plan.min_sample_s = 1e-3;  // in-cache arrays take microseconds per pass: repeat them
  const std::vector<double> seconds = time_per_call(triad, plan);

  for (std::int64_t i = 0; i < n; i += std::max<std::int64_t>(1, n / 1000)) {
    if (pa[i] != pb[i] + s * pc[i]) {
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

BandwidthMeasurement out_of_memory() {
  BandwidthMeasurement result;
  result.status = ProbeStatus::failed;
  result.reason = "out of memory for the bandwidth probe's arrays";
  return result;
}

}  // namespace

BandwidthMeasurement probe_triad(std::int64_t elements_per_array, double budget_s) {
  const TriadArrays arrays = allocate(elements_per_array);
  if (!arrays.a) return out_of_memory();
  return triad_on(arrays, elements_per_array, budget_s);
}

// One set of arrays for every point: first-touching memory is slow on some virtual machines
// (4 KiB page faults), and the points would otherwise touch twice the largest one's memory.
std::vector<BandwidthMeasurement> probe_bandwidth_curve(double budget_s) {
  constexpr std::int64_t kSmallestArrayBytes = 256 << 10;
  constexpr std::int64_t kLargestArrayBytes = 32 << 20;
  int points = 0;
  for (std::int64_t bytes = kSmallestArrayBytes; bytes <= kLargestArrayBytes; bytes *= 2) ++points;
  std::vector<BandwidthMeasurement> curve;
  const TriadArrays arrays = allocate(kLargestArrayBytes / 8);
  for (std::int64_t bytes = kSmallestArrayBytes; bytes <= kLargestArrayBytes; bytes *= 2) {
    curve.push_back(arrays.a ? triad_on(arrays, bytes / 8, budget_s / points) : out_of_memory());
  }
  return curve;
}

}  // namespace advise
