#include "bench/calibrate/calibration_transfer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <tuple>

#include "advisor/predict/local_gpu.hpp"
#include "bench/calibrate/calibration_fit.hpp"
#include "probes/gpu_probe.hpp"

namespace advise::calibration {
namespace {

auto key_of(const GemmShape& s) { return std::make_tuple(s.m, s.n, s.k, s.a_transposed, s.b_transposed, s.dtype); }

// Of the row's GEMM FLOPs, the share whose shape was measured and checked here.
double measured_share(const Row& row, const MachineProfile& profile) {
  double all = 0, measured = 0;
  for (const WorkloadGemm& gemm : row.workload.gemms) {
    const double flops = gemm.shape.flops() * static_cast<double>(gemm.count);
    all += flops;
    const Measurement* m = profile.find_gpu_gemm(gemm.shape);
    if (m && m->status == ProbeStatus::ok && m->verified) measured += flops;
  }
  return all > 0 ? measured / all : 0;
}

// A row counts as transferred when this share of its GEMM FLOPs was measured here (the rest,
// as in advise, from specs).
constexpr double kMostlyMeasured = 0.9;

std::string percent(double error) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.1f %%", 100 * error);
  return text;
}

}  // namespace

std::vector<GemmShape> gpu_shapes_of(const std::vector<Row>& rows) {
  std::map<decltype(key_of(GemmShape{})), std::pair<GemmShape, double>> flops_by_shape;
  for (const Row& row : rows) {
    if (!row.excluded.empty() || row.gpus != 1) continue;
    for (const WorkloadGemm& gemm : row.workload.gemms) {
      auto& entry = flops_by_shape[key_of(gemm.shape)];
      entry.first = gemm.shape;
      entry.second += gemm.shape.flops() * static_cast<double>(gemm.count);
    }
  }
  std::vector<std::pair<GemmShape, double>> ordered;
  for (const auto& [key, entry] : flops_by_shape) ordered.push_back(entry);
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<GemmShape> shapes;
  for (const auto& [shape, flops] : ordered) shapes.push_back(shape);
  return shapes;
}

MachineProfile measure_on_this_gpu(const std::vector<GemmShape>& shapes, const std::string& backend_path,
                                   double seconds) {
  MachineProfile profile;
  std::unique_ptr<GpuProbe> gpu = GpuProbe::open(backend_path, profile.gpu.reason);
  if (!gpu) return profile;
  profile.gpu.available = true;
  profile.gpu_facts = gpu->facts();
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  for (std::size_t i = 0; i < shapes.size() && elapsed() < seconds; ++i) {
    if (i % 50 == 0) std::fprintf(stderr, "timing GEMM shapes on %s: %zu of %zu ...\n", profile.gpu_facts.name.c_str(), i, shapes.size());
    profile.gpu_gemms.push_back(gpu->time_gemm(shapes[i], 0.02));
  }
  return profile;
}

void print_transfer(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants,
                    const MachineProfile& profile) {
  const GpuSpec local = local_gpu_spec(profile, catalogs);
  std::printf("One GPU's rows transferred from this machine's %s (%zu GEMM shapes timed) against from specs, "
              "constants fitted on all rows (several GPUs add the same all-reduce to both):\n\n",
              profile.gpu_facts.name.c_str(), profile.gpu_gemms.size());
  std::printf("| model | GPU | GPUs | precision | published | from specs | transferred | GEMM FLOPs measured |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_gpu;  // specs, transferred
  std::size_t partly_measured = 0;
  for (const Row& row : rows) {
    if (!row.excluded.empty() || row.gpus != 1) continue;
    const double specs = throughput(row, predict_row(row, catalogs, constants)) / row.published - 1;
    const double moved =
        throughput(row, predict_row_transferred(row, catalogs, constants, profile, local)) / row.published - 1;
    const double share = measured_share(row, profile);
    std::printf("| %s | %s | %lld | %s | %.4g | %s | %s | %.0f %% |\n", row.model.c_str(), row.gpu.c_str(),
                static_cast<long long>(row.gpus), row.precision.c_str(), row.published, percent(specs).c_str(),
                percent(moved).c_str(), 100 * share);
    if (row.gpu == local.name) continue;  // this GPU's own rows are measured, not predicted
    if (share < kMostlyMeasured) {
      ++partly_measured;
      continue;
    }
    by_gpu[row.gpu].first.push_back(specs);
    by_gpu[row.gpu].second.push_back(moved);
    by_gpu["all other GPUs"].first.push_back(specs);
    by_gpu["all other GPUs"].second.push_back(moved);
  }
  std::printf("\nRows of other GPUs with at least %.0f %% of their GEMM FLOPs measured here, median / max of the"
              " absolute error (%zu rows left out: less measured):\n\n", 100 * kMostlyMeasured, partly_measured);
  std::printf("| GPU | rows | from specs | transferred |\n|---|---|---|---|\n");
  for (const auto& [gpu, errors] : by_gpu) {
    const Summary specs = summarize(errors.first), moved = summarize(errors.second);
    std::printf("| %s | %zu | %.1f %% / %.1f %% | %.1f %% / %.1f %% |\n", gpu.c_str(), specs.rows,
                100 * specs.median_abs, 100 * specs.max_abs, 100 * moved.median_abs, 100 * moved.max_abs);
  }
  std::printf("\n");
}

}  // namespace advise::calibration
