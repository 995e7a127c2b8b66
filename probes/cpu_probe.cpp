#include "cpu_probe.hpp"

#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <vector>

#include "cpu_gemm_runner.hpp"
#include "plausibility.hpp"
#include "statistics.hpp"
#include "verify.hpp"

namespace advise {
namespace {

Measurement failed(Measurement measurement, std::string reason) {
  measurement.status = ProbeStatus::failed;
  measurement.reason = std::move(reason);
  measurement.seconds_median = measurement.seconds_min = measurement.seconds_max = 0;
  return measurement;
}

// Where oneDNN has two paths for a shape, a short pilot picks the faster: each
// wins on some shapes (sgemm on large ones, matmul on small and transposed ones).
// The paths take turns, and each keeps its best sample, so a slow moment of the
// machine (or a cold thread pool) does not decide for one path. The pilot takes about
// a third of the shape's budget; the timing gets what is left.
std::unique_ptr<CpuGemmRun> fastest_path(const GemmShape& shape, double budget_s, bool system_blas) {
  const std::vector<CpuGemmPath> paths = candidate_paths(shape, system_blas);
  if (paths.size() == 1) return prepare_cpu_gemm(shape, paths.front());
  std::vector<std::unique_ptr<CpuGemmRun>> runs;
  std::vector<double> best_s;
  for (const CpuGemmPath path : paths) {
    runs.push_back(prepare_cpu_gemm(shape, path));
    runs.back()->execute();  // warm-up: JIT, first touch
    best_s.push_back(std::numeric_limits<double>::infinity());
  }
  const double sample_s = std::clamp(budget_s / 20, 0.001, 0.02);
  constexpr int kRounds = 3;
  for (int round = 0; round < kRounds; ++round) {
    for (std::size_t p = 0; p < runs.size(); ++p) {
      best_s[p] = std::min(best_s[p], time_for_at_least([&] { runs[p]->execute(); }, sample_s));
    }
  }
  const std::size_t fastest = static_cast<std::size_t>(std::min_element(best_s.begin(), best_s.end()) - best_s.begin());
  return std::move(runs[fastest]);
}

}  // namespace

int set_cpu_threads(int threads) {
  if (threads > 0) omp_set_num_threads(threads);
  return omp_get_max_threads();
}

Measurement probe_cpu_gemm(const GemmShape& shape, double budget_s, const CpuProbeOptions& options) {
  Measurement measurement;
  measurement.device = "cpu";
  measurement.shape = shape;
  if (shape.dtype != "fp32" && shape.dtype != "tf32" && shape.dtype != "bf16" && shape.dtype != "fp16") {
    measurement.reason = "the CPU probe measures fp32, tf32 (as fp32), bf16 and fp16, not " + shape.dtype;
    return measurement;
  }
  const ProbeShape plan = plan_probe_shape(shape, options.limits);
  measurement.scale = plan.scale;
  measurement.probed = plan.probed;

  try {
    const auto pilot_started = std::chrono::steady_clock::now();
    std::unique_ptr<CpuGemmRun> run = fastest_path(plan.probed, budget_s, options.system_blas);
    const double pilot_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - pilot_started).count();
    measurement.probed.dtype = run->dtype_run();
    measurement.library = run->library();
    measurement.reason = run->note();

    TimingPlan timing_plan;
    timing_plan.budget_s = std::max(budget_s - pilot_s, budget_s / 4);
    const SteadyTiming timing = time_with(options.timer, [&] { run->execute(); }, timing_plan);
    measurement.noisy = timing.noisy;
    if (std::string problem = implausible_times(timing.samples, plan.probed.flops(), options.peak_flops, "the timer");
        !problem.empty()) {
      return failed(measurement, problem);
    }

    if (options.tamper) options.tamper(run->result(), plan.probed.m * plan.probed.n);
    const VerifyResult check = verify_gemm_sampled(measurement.probed, run->a().data(), run->b().data(),
                                                   run->result(), options.verify_samples, 7);
    measurement.max_relative_error = check.max_relative_error;
    if (!check.ok) return failed(measurement, check.reason);

    measurement.verified = true;
    measurement.status = ProbeStatus::ok;
    measurement.samples = static_cast<int>(timing.samples.size());
    measurement.seconds_median = timing.summary.median * plan.scale;
    measurement.seconds_min = timing.summary.min * plan.scale;
    measurement.seconds_max = timing.summary.max * plan.scale;
    if (timing.noisy) measurement.reason += (measurement.reason.empty() ? "" : "; ") + timing.note();
  } catch (const dnnl::error& e) {
    return failed(measurement, std::string("oneDNN error: ") + e.what());
  } catch (const std::bad_alloc&) {
    return failed(measurement, "out of memory for the probe's buffers");
  } catch (const std::runtime_error& e) {
    return failed(measurement, e.what());
  }
  return measurement;
}

}  // namespace advise
