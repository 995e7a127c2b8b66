// Prediction from specs against published training throughput.
//
// Reads the published rows (../shared/data/calibration-gpu-lambda.csv: ResNet-50, GNMT, NCF,
// Transformer-XL base and large; fp32/TF32 and fp16 AMP; 1 to 8 GPUs from Volta to Hopper), fits
// the prediction constants (bench/calibrate/calibration_fit.hpp) and prints:
// - the rows left out, each with its reason;
// - the share of the link at which the slowest tenth of the multi-GPU rows all-reduced (the slow
//   end of a multi-GPU band over PCIe), and how many of those rows the band holds;
// - the in-sample error, the leave-one-GPU-out error (fit without that GPU, predict it) and the
//   leave-one-model-out error, each per GPU and per model;
// - predicted against published scaling efficiency at 8 GPUs;
// - the uncertainty band the leave-one-GPU-out errors imply, and the fitted constants as TOML
//   for pricing/data/prediction.toml.
//
//   calibrate_gpu CALIBRATION.csv MODELS_DIR CATALOG_DIR [--rows | --fit-only]
//   calibrate_gpu CALIBRATION.csv MODELS_DIR CATALOG_DIR --transfer GPU_BACKEND_MODULE [SECONDS]
//
// --rows: also every row with the in-sample fit, its leave-one-out errors and the step's parts.
// --fit-only: the fit on all rows alone (seconds, not minutes): the rows left out, the slowest
//   hosts' share, the scaling at 8 GPUs and the fitted constants, without the leave-one-out errors
//   and the band they give.
// --transfer: on a machine with an NVIDIA GPU, instead of the leave-one-out runs: every GEMM shape
//   of the rows timed on it (for at most SECONDS, default 180), and each row predicted from those
//   measurements against from specs (calibration_transfer.hpp). Exits 77 without a usable GPU.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "advisor/predict/gpu_roofline.hpp"
#include "bench/calibrate/calibration_fit.hpp"
#include "bench/calibrate/calibration_report.hpp"
#include "bench/calibrate/calibration_transfer.hpp"
#include "pricing/loader.hpp"

using namespace advise;
using namespace advise::calibration;

namespace {

// What a multi-GPU row lost against one GPU of its host at the same per-GPU batch.
struct ScalingLoss {
  double scaling = 0;             // published per-GPU throughput over one GPU's
  double one_gpu_step_s = 0;
  double lost_s = 0;              // per step, against one GPU
  double implied_rate = 0;        // bytes/s at which the ring all-reduce's bytes take all of lost_s
  double worst_allreduce_s = 0;   // the ring all-reduce at the link's full rate, nothing hidden
  double link_one_way = 0;        // bytes/s
};

ScalingLoss scaling_loss(const Row& row, const std::vector<Row>& rows) {
  ScalingLoss loss;
  loss.scaling = published_scaling(row, rows);
  const double g = static_cast<double>(row.gpus);
  const double items_per_gpu = items_per_step(row) / g;
  loss.one_gpu_step_s = items_per_gpu / (trained_throughput(row) / g / std::max(loss.scaling, 1e-9));
  const double gradients = static_cast<double>(row.workload.memory.gradients);
  loss.link_one_way = row.allreduce_link_bytes_per_s / 2;
  if (row.all_reduces_gradients) loss.worst_allreduce_s = ring_allreduce_seconds(gradients, row.gpus, loss.link_one_way);
  loss.lost_s = loss.one_gpu_step_s * (1 / std::max(loss.scaling, 1e-9) - 1);
  loss.implied_rate = ring_allreduce_seconds(gradients, row.gpus, 1.0) / std::max(loss.lost_s, 1e-9);
  return loss;
}

// Rows a data-parallel model cannot explain by construction:
// - per-GPU throughput above 1.10x one GPU's: data parallelism does not speed a GPU up (the
//   benchmark's runs differ in something else);
// - scaling below what the gradient all-reduce could cost at the full rate of the link the
//   benchmark uses, with no overlap with the backward pass, by more than 0.15: the run's host
//   all-reduced far below its link, as no figure of the specs says (the reason gives the rate
//   the published time lost implies: GNMT's fp32 rows lose about twice what its fp16 rows lose,
//   as their gradient bytes, so that time is the all-reduce's).
void exclude_unexplained_scaling(std::vector<Row>& rows) {
  for (Row& row : rows) {
    if (row.gpus <= 1) continue;
    const ScalingLoss loss = scaling_loss(row, rows);
    const double floor = loss.one_gpu_step_s / (loss.one_gpu_step_s + loss.worst_allreduce_s);
    char reason[200] = "";
    if (loss.scaling > 1.10) {
      std::snprintf(reason, sizeof reason, "published per-GPU throughput %.2fx one GPU's: above linear scaling",
                    loss.scaling);
    } else if (loss.scaling > 0 && loss.scaling < floor - 0.15) {
      std::snprintf(reason, sizeof reason,
                    "published scaling %.2f, below the %.2f its all-reduce allows at the link's full rate: "
                    "it lost an all-reduce's time at %.1f GB/s, against a %.0f GB/s link",
                    loss.scaling, floor, loss.implied_rate / 1e9, loss.link_one_way / 1e9);
    }
    row.excluded = reason;
  }
}

// The slow end of a multi-GPU option's band: over every multi-GPU row whose model all-reduces its
// gradients (the rows left out too: their hosts are hosts a user may get), the 10th percentile of
// the share of the link's one-way rate at which the all-reduce would take all the time the row
// lost. One fitted share cannot follow these hosts (1 to 50 GB/s over the same PCIe 4.0 links); the band
// says how slow the slowest tenth of them were.
double slow_allreduce_share(const std::vector<Row>& rows) {
  std::vector<double> shares;
  for (const Row& row : rows) {
    if (row.gpus <= 1 || !row.all_reduces_gradients) continue;
    const ScalingLoss loss = scaling_loss(row, rows);
    if (loss.scaling <= 0 || loss.link_one_way <= 0) continue;
    shares.push_back(loss.lost_s > 0 ? std::min(1.0, loss.implied_rate / loss.link_one_way) : 1.0);
  }
  if (shares.empty()) return 0;
  const double share = percentile(shares, 0.10);
  std::printf("All-reduce of the slowest hosts: over the %zu multi-GPU rows that all-reduce gradients (those left "
              "out included), the 10th percentile of the share of the link at which the all-reduce would take all "
              "the time a row lost is %.3f (%.1f GB/s over PCIe 4.0): a multi-GPU option's band reaches the step "
              "with its all-reduce at that share, nothing hidden.\n\n",
              shares.size(), share, 32 * share);
  return share;
}

// Each used row's error when the constants are fitted without the rows sharing its `key`.
std::vector<double> left_out_errors(const std::vector<Row>& rows, const Catalogs& catalogs,
                                    std::string Row::*key) {
  std::map<std::string, PredictionConstants> fits;
  std::vector<double> errors(rows.size(), 0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    if (!row.excluded.empty()) continue;
    auto fit = fits.find(row.*key);
    if (fit == fits.end()) {
      std::fprintf(stderr, "fitting without %s ...\n", (row.*key).c_str());
      const auto without = [&](const Row& r) { return r.*key != row.*key; };
      fit = fits.emplace(row.*key, fit_constants(rows, catalogs, without)).first;
    }
    errors[i] = relative_error(row, catalogs, fit->second);
  }
  return errors;
}

// --transfer: the rows from this machine's GPU against from specs; 77 without a usable GPU.
int run_transfer(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& fitted,
                 const std::string& backend, double seconds) {
  const std::vector<GemmShape> shapes = gpu_shapes_of(rows);
  const MachineProfile profile = measure_on_this_gpu(shapes, backend, seconds);
  if (!profile.gpu.available) {
    std::fprintf(stderr, "calibrate_gpu: no usable GPU: %s\n", profile.gpu.reason.c_str());
    return 77;
  }
  print_transfer(rows, catalogs, fitted, profile);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool show_rows = argc == 5 && std::string(argv[4]) == "--rows";
  const bool fit_only = argc == 5 && std::string(argv[4]) == "--fit-only";
  const bool transfer = (argc == 6 || argc == 7) && std::string(argv[4]) == "--transfer";
  if (argc != 4 && !show_rows && !fit_only && !transfer) {
    std::fprintf(stderr,
                 "usage: calibrate_gpu CALIBRATION.csv MODELS_DIR CATALOG_DIR [--rows | --fit-only | --transfer "
                 "GPU_BACKEND_MODULE [SECONDS]]\n");
    return 2;
  }
  const double transfer_seconds = argc == 7 ? std::atof(argv[6]) : 180.0;
  if (transfer && !(transfer_seconds > 0)) {
    std::fprintf(stderr, "calibrate_gpu: --transfer: SECONDS must be a positive number, got %s\n", argv[6]);
    return 2;
  }
  try {
    const Catalogs catalogs = load_catalogs({argv[3]});
    std::vector<Row> rows = load_rows(argv[1], argv[2], catalogs);
    exclude_unexplained_scaling(rows);
    print_excluded(rows);
    print_as_run(rows);

    std::fprintf(stderr, "fitting on all rows ...\n");
    PredictionConstants fitted = fit_constants(rows, catalogs, [](const Row&) { return true; });
    fitted.allreduce_slow_share = slow_allreduce_share(rows);
    if (transfer) return run_transfer(rows, catalogs, fitted, argv[5], transfer_seconds);
    print_multi_gpu_band(rows, catalogs, fitted);
    if (fit_only) {
      print_scaling(rows, catalogs, fitted);
      print_precision_gains(rows, catalogs, fitted);
      print_constants(fitted);
      return 0;
    }
    std::vector<double> in_sample(rows.size(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].excluded.empty()) in_sample[i] = relative_error(rows[i], catalogs, fitted);
    }
    const std::vector<double> without_gpu = left_out_errors(rows, catalogs, &Row::gpu);
    const std::vector<double> without_model = left_out_errors(rows, catalogs, &Row::model);
    if (show_rows) print_rows(rows, catalogs, fitted, without_gpu, without_model);
    print_error_tables(rows, in_sample, without_gpu, without_model);
    print_scaling(rows, catalogs, fitted);
    print_precision_gains(rows, catalogs, fitted);
    print_band(rows, without_gpu);
    print_constants(fitted);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "calibrate_gpu: %s\n", e.what());
    return 1;
  }
  return 0;
}
