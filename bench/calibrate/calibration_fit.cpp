#include "bench/calibrate/calibration_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <set>

#include "advisor/predict/gpu_roofline.hpp"
#include "advisor/predict/gpu_step.hpp"

namespace advise::calibration {
namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n == 0) return 0;
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// One constant the fit may move, within its range.
struct Knob {
  double* value;
  double low, high;
};

// `tf32_architectures`: those whose rows run TF32 on tensor cores; elsewhere tf32_efficiency stays
// 0 (the tensor share), since no row could tell it. `fp32_core_architectures`: those whose rows run
// fp32 on CUDA cores; elsewhere no row shows fp32_efficiency (fit_constants sets it after).
std::vector<Knob> knobs_of(PredictionConstants& c, const std::set<std::string>& architectures,
                           const std::set<std::string>& tf32_architectures,
                           const std::set<std::string>& fp32_core_architectures) {
  // seconds_per_kernel stays as documented: these batches are too large to show it.
  std::vector<Knob> knobs = {{&c.allreduce_efficiency, 0.2, 1.0},
                             {&c.allreduce_overlap, 0.0, 1.0},
                             {&c.gemm_k_half, 0.0, 512.0},
                             {&c.gemm_k_half_ridge_exponent, 0.0, 2.0},
                             {&c.peak_exponent, 0.0, 1.0},
                             {&c.power_reference_watts_per_sm, 1.0, 6.0},
                             {&c.power_exponent, 0.0, 1.5}};
  for (const std::string& name : architectures) {
    ArchitectureConstants& a = c.architectures[name];
    knobs.push_back({&a.tensor_efficiency, 0.1, 1.0});
    if (fp32_core_architectures.count(name)) knobs.push_back({&a.fp32_efficiency, 0.1, 1.0});
    if (tf32_architectures.count(name)) knobs.push_back({&a.tf32_efficiency, 0.1, 1.0});
    knobs.push_back({&a.bandwidth_efficiency, 0.2, 1.0});
  }
  return knobs;
}

// The fit's objective: the mean absolute log error, which weighs over- and under-prediction alike.
double loss(const std::vector<const Row*>& rows, const Catalogs& catalogs, const PredictionConstants& constants) {
  double sum = 0;
  for (const Row* row : rows) sum += std::abs(std::log1p(relative_error(*row, catalogs, constants)));
  return sum / static_cast<double>(std::max<std::size_t>(rows.size(), 1));
}

// Coordinate descent: each constant in turn over a shrinking grid around its value.
void descend(PredictionConstants& c, const std::vector<Knob>& knobs, const std::vector<const Row*>& rows,
             const Catalogs& catalogs) {
  double best = loss(rows, catalogs, c);
  for (double span = 0.5; span > 0.01; span /= 2) {
    for (const Knob& knob : knobs) {
      const double start = *knob.value;
      double best_value = start;
      for (int step = -4; step <= 4; ++step) {
        const double candidate =
            std::clamp(start + step * span / 4 * (knob.high - knob.low), knob.low, knob.high);
        *knob.value = candidate;
        const double l = loss(rows, catalogs, c);
        if (l < best - 1e-12) { best = l; best_value = candidate; }
      }
      *knob.value = best_value;
    }
  }
}

// The row's step as the benchmark ran it, `predict` giving a step on a GPU and placement.
StepEstimate as_the_benchmark_ran_it(const Row& row, const Catalogs& catalogs,
                                     const std::function<StepEstimate(const GpuSpec&, const GpuPlacement&)>& predict) {
  GpuSpec gpu = *catalogs.find_gpu(row.gpu);
  // The benchmark's link, not the GPU's best: its all-reduces pass through host memory over PCIe.
  gpu.interconnect = "PCIe, through host memory";
  gpu.interconnect_bytes_per_s = row.allreduce_link_bytes_per_s;
  if (row.all_reduces_gradients) return predict(gpu, {row.gpus, false});
  // Independent replicas: each GPU runs one replica's step, and they scale perfectly.
  StepEstimate step = predict(gpu, {1, false});
  if (row.gpus > 1) step.scaling_efficiency = 1;
  return step;
}

}  // namespace

StepEstimate predict_row(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants) {
  return as_the_benchmark_ran_it(row, catalogs, [&](const GpuSpec& gpu, const GpuPlacement& placement) {
    return predict_gpu_from_specs(row.workload, gpu, constants, placement);
  });
}

StepEstimate predict_row_transferred(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants,
                                     const MachineProfile& profile, const GpuSpec& local) {
  return as_the_benchmark_ran_it(row, catalogs, [&](const GpuSpec& gpu, const GpuPlacement& placement) {
    return predict_gpu_transferred(row.workload, gpu, profile, local, constants, placement);
  });
}

double throughput(const Row& row, const StepEstimate& step) {
  return items_per_step(row) * row.counted_per_trained / step.seconds;
}

double relative_error(const Row& row, const Catalogs& catalogs, const PredictionConstants& constants) {
  return throughput(row, predict_row(row, catalogs, constants)) / row.published - 1;
}

Summary summarize(const std::vector<double>& errors) {
  Summary s;
  s.rows = errors.size();
  std::vector<double> magnitudes;
  for (const double e : errors) magnitudes.push_back(std::abs(e));
  s.median_abs = median(magnitudes);
  s.max_abs = magnitudes.empty() ? 0 : *std::max_element(magnitudes.begin(), magnitudes.end());
  return s;
}

PredictionConstants fit_constants(const std::vector<Row>& rows, const Catalogs& catalogs,
                                  const std::function<bool(const Row&)>& use) {
  PredictionConstants c = catalogs.prediction_constants();
  std::vector<const Row*> used;
  // fp32_cores: architectures whose rows run fp32 GEMMs on CUDA cores, the only rows that show
  // fp32_efficiency (elsewhere fp32 runs in TF32).
  std::set<std::string> seen, tf32, fp32_cores;
  for (const Row& row : rows) {
    if (!row.excluded.empty() || !use(row)) continue;
    used.push_back(&row);
    seen.insert(row.architecture);
    const bool runs_tf32 = row.trained_precision == "fp32" && uses_tensor_cores("tf32", *catalogs.find_gpu(row.gpu));
    if (runs_tf32) tf32.insert(row.architecture);
    if (row.trained_precision == "fp32" && !runs_tf32) fp32_cores.insert(row.architecture);
  }
  // The same starts whatever the catalog holds, so that a rerun reproduces the fit; several,
  // because the all-reduce constants trade against the efficiencies (local minima).
  PredictionConstants best = c;
  double best_loss = std::numeric_limits<double>::infinity();
  for (const auto& [link, overlap] : {std::pair{0.7, 0.5}, std::pair{0.9, 0.9}, std::pair{0.4, 0.1}}) {
    PredictionConstants start = c;
    start.architectures.clear();
    for (const std::string& name : seen) {
      start.architectures[name] = {0.5, 0.5, 0.7, "fitted", tf32.count(name) ? 0.5 : 0.0};
    }
    start.allreduce_efficiency = link;
    start.allreduce_overlap = overlap;
    start.gemm_k_half = 64;
    start.gemm_k_half_ridge_exponent = 0.5;
    start.peak_exponent = 0.3;
    start.power_reference_watts_per_sm = 3.0;
    start.power_exponent = 0.5;
    descend(start, knobs_of(start, seen, tf32, fp32_cores), used, catalogs);
    const double l = loss(used, catalogs, start);
    if (l < best_loss) { best_loss = l; best = start; }
  }
  c = best;
  // An architecture the rows did not show: the median of the fitted ones, as for any unknown one;
  // likewise the fp32 efficiency of one whose rows never ran fp32 on CUDA cores, and the TF32 share
  // of one whose rows never ran TF32 on tensor cores (its fp16 share, fitted on AMP rows with their
  // casts, and on a GeForce board against a doubled library peak, says nothing of TF32).
  std::vector<double> tensor, fp32, tf32_shares, bandwidth;
  for (const auto& [name, a] : c.architectures) {
    tensor.push_back(a.tensor_efficiency);
    if (fp32_cores.count(name)) fp32.push_back(a.fp32_efficiency);
    if (tf32.count(name)) tf32_shares.push_back(a.tf32_efficiency);
    bandwidth.push_back(a.bandwidth_efficiency);
  }
  const double fp32_median = fp32.empty() ? median(tensor) : median(fp32);
  const double tf32_median = tf32_shares.empty() ? 0.0 : median(tf32_shares);
  for (auto& [name, a] : c.architectures) {
    if (!fp32_cores.count(name)) a.fp32_efficiency = fp32_median;
    if (!tf32.count(name)) a.tf32_efficiency = tf32_median;
  }
  c.gemm_efficiency = median(tensor);
  c.bandwidth_efficiency = median(bandwidth);
  for (const char* name : {"volta", "turing", "ampere", "ada", "hopper"}) {
    if (!c.architectures.count(name)) {
      c.architectures[name] = {median(tensor), fp32_median, median(bandwidth), "not fitted", tf32_median};
    }
  }
  // The boards the peak and power laws were fitted on: outside them a prediction extrapolates.
  c.calibrated_min_watts_per_sm = 0;
  c.calibrated_max_tensor_flops = 0;
  for (const Row* row : used) {
    const GpuSpec& gpu = *catalogs.find_gpu(row->gpu);
    const double power = watts_per_sm(gpu);
    if (power > 0 && (c.calibrated_min_watts_per_sm == 0 || power < c.calibrated_min_watts_per_sm)) {
      c.calibrated_min_watts_per_sm = power;
    }
    c.calibrated_max_tensor_flops = std::max(c.calibrated_max_tensor_flops, library_peak_flops("fp16", gpu));
  }
  return c;
}

}  // namespace advise::calibration
