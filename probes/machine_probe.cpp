#include "machine_probe.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include "arithmetic_pass.hpp"
#include "conv_probe.hpp"
#include "cpu_info.hpp"
#include "fixed_probes.hpp"
#include "cpu_probe.hpp"
#include "gpu_probe.hpp"
#include "gpu_backend_loader.hpp"
#include "memory_budget.hpp"
#include "nearest_shape.hpp"
#include "shape_budget.hpp"
#include "host_load.hpp"
#include "probe_cache.hpp"
#include "system_blas.hpp"
#include "triad_probe.hpp"

namespace advise {
namespace {

std::string describe(const GemmShape& shape) {
  std::ostringstream text;
  text << shape.m << "x" << shape.n << "x" << shape.k;
  return text.str();
}

// The local GPU on the same shapes (cuBLASLt, as frameworks use it), or why there is none.
void probe_gpu(MachineProfile& profile, const std::vector<GemmShape>& shapes, const std::vector<double>& weights,
               const MachineProbeSettings& settings, const std::function<void(const std::string&)>& report) {
  std::string reason;
  const std::string backend = settings.gpu_backend.empty() ? default_gpu_backend_path() : settings.gpu_backend;
  std::unique_ptr<GpuProbe> gpu = GpuProbe::open(backend, reason);
  if (!gpu) {
    profile.gpu = {false, reason};
    return;
  }
  report("measuring GPU " + gpu->facts().name);
  const BandwidthMeasurement bandwidth = gpu->triad(0.1);
  if (bandwidth.status != ProbeStatus::ok) {
    profile.gpu = {false, "the GPU bandwidth probe failed: " + bandwidth.reason};
    return;
  }
  const GpuGemmPlan plan = settings.gpu_plan ? settings.gpu_plan(gpu->facts()) : GpuGemmPlan{shapes, weights};
  const std::vector<double> budgets = split_budget(plan.weights, settings.gpu_probe_seconds, 0.01);
  for (std::size_t i = 0; i < plan.shapes.size(); ++i) {
    report("measuring GPU GEMM " + std::to_string(i + 1) + "/" + std::to_string(plan.shapes.size()));
    profile.gpu_gemms.push_back(gpu->time_gemm(plan.shapes[i], budgets[i]));
  }
  profile.gpu_facts = gpu->facts();
  profile.gpu = {true, ""};
}

}  // namespace

namespace {

template <typename M>
bool checked(const M& measurement) {
  return measurement.status == ProbeStatus::ok && measurement.verified;
}

// What the cache does not answer: the shapes and convolution passes still to measure, by
// index into the request, with their shares of the budget (GEMMs first, then convolutions).
struct PendingWork {
  std::vector<std::size_t> gemms;
  std::vector<std::size_t> convolutions;
  std::vector<double> weights;
};

bool on_system_blas(const MachineProbeSettings& settings, const GemmShape& shape) {
  const auto& listed = settings.system_blas_shapes;
  return std::find(listed.begin(), listed.end(), shape) != listed.end();
}

// Fills `profile` with what the cache has; returns the rest.
PendingWork reuse_cached(MachineProfile& profile, const CachedProfile& cache, const std::vector<GemmShape>& shapes,
                         const std::vector<double>& weights, const MachineProbeSettings& settings) {
  PendingWork pending;
  profile.gemms.resize(shapes.size());
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    // A cached time counts only if it came from the library asked for now.
    const auto cached = std::find_if(cache.gemms.begin(), cache.gemms.end(), [&](const Measurement& m) {
      return m.shape == shapes[i] && is_system_blas_library(m.library) == on_system_blas(settings, shapes[i]);
    });
    if (cached != cache.gemms.end()) {
      profile.gemms[i] = *cached;
      profile.gemms[i].cached = true;
      ++profile.gemms_from_cache;
    } else {
      pending.gemms.push_back(i);
      pending.weights.push_back(weights[i]);
    }
  }
  profile.convolutions.resize(settings.convolutions.size());
  for (std::size_t i = 0; i < settings.convolutions.size(); ++i) {
    const auto& wanted = settings.convolutions[i];
    const auto cached = std::find_if(cache.convolutions.begin(), cache.convolutions.end(), [&](const ConvMeasurement& m) {
      return m.shape == wanted.shape && m.pass == wanted.pass;
    });
    if (cached != cache.convolutions.end()) {
      profile.convolutions[i] = *cached;
      profile.convolutions[i].cached = true;
      ++profile.convolutions_from_cache;
    } else {
      pending.convolutions.push_back(i);
      pending.weights.push_back(wanted.weight);
    }
  }
  return pending;
}

// The highest rate any precision can reach on this CPU: a time beyond it is absurd.
double highest_peak(const CpuFacts& cpu) {
  double peak = 0;
  for (const auto* peaks : {&cpu.peak_flops, &cpu.isa_peak_flops}) {
    for (const auto& [dtype, flops] : *peaks) peak = std::max(peak, flops);
  }
  return peak;
}

// The probes of one session, with their limits, the tests' seams and the budget's account.
struct PendingProbes {
  CpuProbeOptions gemm;
  ConvProbeOptions convolution;
  ShapeBudget budget;
};

void measure_gemm(MachineProfile& profile, CachedProfile& cache, const PendingItem& item, const GemmShape& shape,
                  const MachineProbeSettings& settings, PendingProbes& probes) {
  const Measurement* nearest = probes.budget.exhausted() ? nearest_measured(shape, profile.gemms) : nullptr;
  Measurement& measurement = profile.gemms[item.index];
  if (nearest) {
    measurement = estimate_from(shape, *nearest, profile.cpu);
    measurement.reason = "not timed within the probe's budget: " + measurement.reason;
    return;
  }
  probes.gemm.system_blas = on_system_blas(settings, shape);
  const auto started = std::chrono::steady_clock::now();
  measurement = probe_cpu_gemm(shape, item.budget_s, probes.gemm);
  probes.budget.charge(started, measurement.samples, measurement.seconds_median / measurement.scale);
  if (checked(measurement)) cache.gemms.push_back(measurement);
}

// A convolution pass the budget leaves no time for is skipped: its implicit GEMMs stand in.
void measure_convolution(MachineProfile& profile, CachedProfile& cache, const PendingItem& item,
                         const ConvolutionRequest& wanted, PendingProbes& probes) {
  ConvMeasurement& measurement = profile.convolutions[item.index];
  if (probes.budget.exhausted()) {
    measurement.shape = wanted.shape;
    measurement.pass = wanted.pass;
    measurement.reason = "not timed within the probe's budget: its implicit GEMMs stand in";
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  measurement = probe_cpu_conv(wanted.shape, wanted.pass, item.budget_s, probes.convolution);
  probes.budget.charge(started, measurement.samples, measurement.seconds_median / measurement.scale);
  if (checked(measurement)) cache.convolutions.push_back(measurement);
}

// Measures what is pending, heaviest first, within the budget left after the fixed probes, and
// adds it to the cache. Once the budget is spent (shape_budget.hpp), the rest are estimated
// from their measured neighbours (GEMMs) or left to their implicit GEMMs (convolutions).
void measure_pending(MachineProfile& profile, CachedProfile& cache, const PendingWork& pending,
                     const std::vector<GemmShape>& shapes, const MachineProbeSettings& settings,
                     ShapeBudget::Clock::time_point started, const ProbeProgress& report) {
  const auto seconds = [](double s) {
    return std::chrono::duration_cast<ShapeBudget::Clock::duration>(std::chrono::duration<double>(s));
  };
  const double left_s = std::chrono::duration<double>(started + seconds(settings.probe_seconds) -
                                                      ShapeBudget::Clock::now()).count();
  PendingProbes probes;
  probes.gemm.limits = settings.limits;
  probes.gemm.limits.max_bytes = profile.probe_memory_cap;
  probes.gemm.timer = probes.convolution.timer = settings.timer;
  probes.gemm.tamper = settings.tamper;
  probes.gemm.peak_flops = probes.convolution.peak_flops = highest_peak(profile.cpu);
  probes.convolution.limits.max_bytes = std::min(probes.convolution.limits.max_bytes, profile.probe_memory_cap);
  const std::vector<PendingItem> items =
      heaviest_first(pending.gemms, pending.convolutions, pending.weights, std::max(0.0, left_s));
  probes.budget = ShapeBudget(started + seconds(settings.probe_seconds * kBudgetSlack));
  for (std::size_t n = 0; n < items.size(); ++n) {
    const PendingItem& item = items[n];
    std::ostringstream line;
    line << "measuring " << n + 1 << "/" << items.size() << ": ";
    if (item.convolution) {
      const ConvolutionRequest& wanted = settings.convolutions[item.index];
      line << "convolution " << to_string(wanted.pass) << " " << wanted.shape;
      report(line.str());
      measure_convolution(profile, cache, item, wanted, probes);
    } else {
      line << "GEMM " << describe(shapes[item.index]);
      report(line.str());
      measure_gemm(profile, cache, item, shapes[item.index], settings, probes);
    }
  }
}

}  // namespace

MachineProfile probe_machine(const std::vector<GemmShape>& shapes, const std::vector<double>& weights,
                             const MachineProbeSettings& settings, const ProbeProgress& progress) {
  const ProbeProgress report = [&](const std::string& line) {
    if (progress) progress(line);
  };
  MachineProfile profile;
  const std::int64_t available =
      settings.available_memory_bytes >= 0 ? settings.available_memory_bytes : available_memory_bytes();
  profile.probe_memory_cap = probe_memory_cap(available, settings.limits.max_bytes);
  if (profile.probe_memory_cap < settings.limits.max_bytes) {
    profile.warnings.push_back("this machine has " + std::to_string(available >> 20) +
                               " MiB of memory available: each probe call is held to " +
                               std::to_string(profile.probe_memory_cap >> 20) + " MiB (shapes are cut to fit)");
  }
  const auto started = ShapeBudget::Clock::now();
  const int threads = set_cpu_threads(settings.threads);
  const MachineFingerprint fingerprint = current_fingerprint(threads);
  CachedProfile stored;  // what the cache file holds; with --reprobe, kept but not reused
  if (!settings.cache_dir.empty()) {
    profile.cache_path = cache_file(settings.cache_dir, fingerprint);
    stored = load_cache(profile.cache_path, fingerprint, profile.warnings);
  }
  CachedProfile cache = settings.reprobe ? CachedProfile{} : stored;
  profile.calibration = stored.calibration;  // measured apart (`advise calibrate`): --reprobe keeps it
  const HostLoad others_while_probing;
  measure_cpu_facts(profile, cache, threads, fixed_probe_budgets(settings.probe_seconds), report, others_while_probing);
  ArithmeticProbeOptions arithmetic;
  arithmetic.max_bytes = profile.probe_memory_cap;
  arithmetic.timer = settings.timer;
  measure_arithmetic(profile, cache, settings.arithmetic, settings.probe_seconds, arithmetic, report);
  const PendingWork pending = reuse_cached(profile, cache, shapes, weights, settings);
  measure_pending(profile, cache, pending, shapes, settings, started, report);
  const bool measured_any = !pending.gemms.empty() || !pending.convolutions.empty() ||
                            std::any_of(profile.arithmetic.begin(), profile.arithmetic.end(),
                                        [](const ArithmeticMeasurement& m) { return !m.cached; });
  const bool measured_here = measured_any || !profile.facts_from_cache;
  const double other_cores = measured_here ? others_while_probing.other_cores().value_or(0) : 0;
  if (other_cores > kBusyOtherCores) {
    std::ostringstream warning;
    warning.precision(2);
    warning << "other work held " << other_cores << " of this machine's " << std::thread::hardware_concurrency()
            << " cores on average while probing, so this machine's figures may read slow";
    if (!profile.cache_path.empty()) warning << "; they are not kept, and the next run measures them again";
    profile.warnings.push_back(warning.str());
  } else if (!profile.cache_path.empty() && measured_here) {
    update_cache(profile.cache_path, fingerprint, cache, stored, profile.warnings);
  }
  if (settings.probe_gpu) {
    probe_gpu(profile, shapes, weights, settings, report);
  } else {
    profile.gpu = {false, "GPU probing turned off (--no-gpu)"};
  }
  return profile;
}

namespace {

const Measurement* find_by_shape(const std::vector<Measurement>& measurements, const GemmShape& shape) {
  const auto found = std::find_if(measurements.begin(), measurements.end(),
                                  [&](const Measurement& m) { return m.shape == shape; });
  return found == measurements.end() ? nullptr : &*found;
}

}  // namespace

const Measurement* MachineProfile::find_gemm(const GemmShape& shape) const { return find_by_shape(gemms, shape); }

const Measurement* MachineProfile::find_gpu_gemm(const GemmShape& shape) const {
  return find_by_shape(gpu_gemms, shape);
}

const ConvMeasurement* MachineProfile::find_convolution(const ConvShape& shape, ConvPass pass) const {
  const auto found = std::find_if(convolutions.begin(), convolutions.end(),
                                  [&](const ConvMeasurement& m) { return m.shape == shape && m.pass == pass; });
  return found == convolutions.end() ? nullptr : &*found;
}

}  // namespace advise
