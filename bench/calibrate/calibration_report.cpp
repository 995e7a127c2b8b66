#include "bench/calibrate/calibration_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "bench/calibrate/calibration_fit.hpp"

namespace advise::calibration {
namespace {

std::string percent(const Summary& s) {
  char text[64];
  std::snprintf(text, sizeof text, "%5.1f %% / %5.1f %%", 100 * s.median_abs, 100 * s.max_abs);
  return text;
}

// Errors of the used rows, grouped by `key` ("" groups all).
std::map<std::string, std::vector<double>> grouped(const std::vector<Row>& rows, const std::vector<double>& errors,
                                                   std::string Row::*key) {
  std::map<std::string, std::vector<double>> groups;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].excluded.empty()) groups[key ? rows[i].*key : ""].push_back(errors[i]);
  }
  return groups;
}

void print_grouped(const char* title, const std::vector<Row>& rows, const std::vector<double>& in_sample,
                   const std::vector<double>& without_gpu, const std::vector<double>& without_model,
                   std::string Row::*key) {
  const auto a = grouped(rows, in_sample, key);
  const auto b = grouped(rows, without_gpu, key);
  const auto c = grouped(rows, without_model, key);
  std::printf("| %-20s | rows | in sample (median / max) | leave one GPU out | leave one model out |\n", title);
  std::printf("|----------------------|------|--------------------------|-------------------|---------------------|\n");
  for (const auto& [name, errors] : a) {
    std::printf("| %-20s | %4zu | %24s | %17s | %19s |\n", name.empty() ? "**all**" : name.c_str(), errors.size(),
                percent(summarize(errors)).c_str(), percent(summarize(b.at(name))).c_str(),
                percent(summarize(c.at(name))).c_str());
  }
  std::printf("\n");
}

}  // namespace

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double at = p * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(at);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (at - static_cast<double>(below)) * (values[above] - values[below]);
}

void print_excluded(const std::vector<Row>& rows) {
  std::size_t count = 0;
  for (const Row& row : rows) count += row.excluded.empty() ? 0 : 1;
  std::printf("%zu rows, %zu left out:\n\n", rows.size(), count);
  for (const Row& row : rows) {
    if (row.excluded.empty()) continue;
    std::printf("- %s, %lld GPU(s), %s, %s: %s\n", row.hardware.c_str(), static_cast<long long>(row.gpus),
                row.model.c_str(), row.precision.c_str(), row.excluded.c_str());
  }
  std::printf("\n");
}

void print_as_run(const std::vector<Row>& rows) {
  std::size_t counting = 0, retyped = 0;
  double lowest = 0, highest = 0;
  for (const Row& row : rows) {
    if (row.trained_precision != row.precision) ++retyped;
    if (row.counted_per_trained == 1) continue;
    lowest = counting == 0 ? row.counted_per_trained : std::min(lowest, row.counted_per_trained);
    highest = std::max(highest, row.counted_per_trained);
    ++counting;
  }
  if (counting == 0 && retyped == 0) return;
  std::printf("Predicted as the benchmark ran them:\n\n");
  if (counting > 0) {
    std::printf("- %zu NCF rows count the whole epoch over the batches trained (each GPU drops its last): "
                "%.3f to %.3f samples counted per sample trained\n",
                counting, lowest, highest);
  }
  if (retyped > 0) {
    std::printf("- %zu NCF amp-fp16 rows on 80 GB boards trained in fp32 (no --amp in the benchmark's 80 GB "
                "configuration)\n",
                retyped);
  }
  std::printf("\n");
}

void print_error_tables(const std::vector<Row>& rows, const std::vector<double>& in_sample,
                        const std::vector<double>& without_gpu, const std::vector<double>& without_model) {
  print_grouped("GPU", rows, in_sample, without_gpu, without_model, &Row::gpu);
  print_grouped("model", rows, in_sample, without_gpu, without_model, &Row::model);
  print_grouped("precision", rows, in_sample, without_gpu, without_model, &Row::precision);
  print_grouped("", rows, in_sample, without_gpu, without_model, nullptr);
}

void print_scaling(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants) {
  std::printf("Scaling efficiency at 8 GPUs (per-GPU throughput over one GPU's):\n\n");
  std::printf("| %-18s | %-18s | %-9s | published | predicted | points |\n", "model", "GPU", "precision");
  std::printf("|--------------------|--------------------|-----------|-----------|-----------|--------|\n");
  for (const Row& row : rows) {
    if (row.gpus != 8 || (row.model != "resnet50" && row.model != "transformerxlbase")) continue;
    const double published = published_scaling(row, rows);
    const double predicted = predict_row(row, catalogs, constants).scaling_efficiency;
    std::printf("| %-18s | %-18s | %-9s | %9.3f | %9.3f | %+6.1f |\n", row.model.c_str(), row.gpu.c_str(),
                row.precision.c_str(), published, predicted, 100 * (predicted - published));
  }
  std::printf("\n");
}

void print_precision_gains(const std::vector<Row>& rows, const Catalogs& catalogs,
                           const PredictionConstants& constants) {
  // Samples trained per second, published and predicted, of each host's one-GPU rows.
  struct Rates {
    double published = 0, predicted = 0;
  };
  std::vector<std::string> hosts;  // in the table's order
  std::set<std::string> models;
  std::map<std::string, std::map<std::string, std::map<std::string, Rates>>> rates;  // host, model, precision
  for (const Row& row : rows) {
    // A row that trained in another precision than its label (NCF's 80 GB "fp16") gains nothing.
    if (row.gpus != 1 || !row.excluded.empty() || row.trained_precision != row.precision) continue;
    if (std::find(hosts.begin(), hosts.end(), row.hardware) == hosts.end()) hosts.push_back(row.hardware);
    models.insert(row.model);
    Rates& r = rates[row.hardware][row.model][row.precision];
    if (r.published > 0) continue;  // the first row of a kind, as the scaling table takes it
    r.published = trained_throughput(row);
    r.predicted = throughput(row, predict_row(row, catalogs, constants)) / row.counted_per_trained;
  }
  std::printf("fp16 AMP over fp32 on one GPU, samples trained per second (published / predicted, the fit on all "
              "rows):\n\n| %-31s |", "host");
  for (const std::string& model : models) std::printf(" %-18s |", model.c_str());
  std::printf("\n|---------------------------------|");
  for (std::size_t i = 0; i < models.size(); ++i) std::printf("--------------------|");
  std::printf("\n");
  for (const std::string& host : hosts) {
    std::printf("| %-31s |", host.c_str());
    for (const std::string& model : models) {
      const auto& by_precision = rates[host][model];
      const auto fp16 = by_precision.find("amp-fp16"), fp32 = by_precision.find("fp32");
      if (fp16 == by_precision.end() || fp32 == by_precision.end()) {
        std::printf(" %-18s |", "-");
        continue;
      }
      std::printf("     %4.2f / %4.2f    |", fp16->second.published / fp32->second.published,
                  fp16->second.predicted / fp32->second.predicted);
    }
    std::printf("\n");
  }
  std::printf("\n");
}

void print_band(const std::vector<Row>& rows, const std::vector<double>& without_gpu) {
  // throughput predicted / published = time actual / predicted
  std::vector<double> feed_forward, recurrent;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].excluded.empty()) continue;
    (rows[i].workload.has_recurrent_layers() ? recurrent : feed_forward).push_back(1 + without_gpu[i]);
  }
  std::printf("Band of a from-specs step time, from the leave-one-GPU-out errors (10th and 90th percentiles "
              "of actual over predicted time):\n\n");
  if (!feed_forward.empty()) {
    std::printf("- models without recurrent layers (%zu rows): low x%.2f, high x%.2f\n", feed_forward.size(),
                percentile(feed_forward, 0.10), percentile(feed_forward, 0.90));
  }
  if (!recurrent.empty()) {
    std::printf("- models with recurrent layers (%zu rows): low x%.2f, high x%.2f\n", recurrent.size(),
                percentile(recurrent, 0.10), percentile(recurrent, 0.90));
  }
  std::printf("\n");
}

void print_multi_gpu_band(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants) {
  PredictionConstants without_slow_end = constants;
  without_slow_end.allreduce_slow_share = 0;
  std::size_t count = 0, within = 0, within_before = 0;
  for (const Row& row : rows) {
    if (row.gpus <= 1 || !row.all_reduces_gradients) continue;
    // throughput predicted / published = actual step time / predicted step time
    const auto inside = [&](const PredictionConstants& c) {
      const StepEstimate step = predict_row(row, catalogs, c);
      const double actual_s = step.seconds * throughput(row, step) / row.published;
      return actual_s >= step.low && actual_s <= step.high;
    };
    ++count;
    within += inside(constants) ? 1 : 0;
    within_before += inside(without_slow_end) ? 1 : 0;
  }
  std::printf("Multi-GPU rows that all-reduce (those left out included) whose published step lies within the band "
              "of the constants fitted on all rows: %zu of %zu with the slow end, %zu of %zu without it.\n\n",
              within, count, within_before, count);
}

void print_rows(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants,
                const std::vector<double>& without_gpu, const std::vector<double>& without_model) {
  std::printf("| model | GPU | GPUs | precision | per-GPU batch | published | predicted | error | without GPU | "
              "without model | GEMM ms | memory ms | launch ms | all-reduce ms |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const StepEstimate step = predict_row(row, catalogs, constants);
    const double predicted = throughput(row, step);
    const double gpus = static_cast<double>(row.gpus);
    char left_out[2][16] = {"-", "-"};
    if (row.excluded.empty()) {
      std::snprintf(left_out[0], sizeof left_out[0], "%+.1f %%", 100 * without_gpu[i]);
      std::snprintf(left_out[1], sizeof left_out[1], "%+.1f %%", 100 * without_model[i]);
    }
    const std::string precision =
        row.trained_precision == row.precision ? row.precision : row.precision + " (ran " + row.trained_precision + ")";
    std::printf("| %s | %s | %lld | %s | %lld | %.4g | %.4g | %+.1f %%%s | %s | %s | %.2f | %.2f | %.2f | %.2f |\n",
                row.model.c_str(), row.gpu.c_str(), static_cast<long long>(row.gpus), precision.c_str(),
                static_cast<long long>(row.per_gpu_batch), row.published, predicted,
                100 * (predicted / row.published - 1), row.excluded.empty() ? "" : " (left out)",
                left_out[0], left_out[1],
                1e3 * step.gemm_seconds / gpus, 1e3 * step.memory_seconds / gpus, 1e3 * step.overhead_seconds,
                1e3 * step.allreduce_seconds);
  }
  std::printf("\n");
}

void print_constants(const PredictionConstants& c) {
  std::printf("Fitted on all used rows:\n\n```toml\n[prediction]\n");
  std::printf("gemm_efficiency = %.3f\nbandwidth_efficiency = %.3f\nseconds_per_kernel = %.2e\n", c.gemm_efficiency,
              c.bandwidth_efficiency, c.seconds_per_kernel);
  std::printf("allreduce_efficiency = %.3f\nallreduce_overlap = %.3f\ngemm_k_half = %.0f\n", c.allreduce_efficiency,
              c.allreduce_overlap, c.gemm_k_half);
  std::printf("gemm_k_half_ridge_exponent = %.3f\ngemm_k_half_reference_ridge = %.0f\n", c.gemm_k_half_ridge_exponent,
              c.gemm_k_half_reference_ridge);
  std::printf("peak_exponent = %.3f\npeak_reference_tflops = %.0f\npower_reference_watts_per_sm = %.2f\n"
              "power_exponent = %.3f\n", c.peak_exponent, c.peak_reference_flops / 1e12,
              c.power_reference_watts_per_sm, c.power_exponent);
  std::printf("calibrated_min_watts_per_sm = %.2f\ncalibrated_max_tensor_tflops = %.0f\n", c.calibrated_min_watts_per_sm,
              c.calibrated_max_tensor_flops / 1e12);
  std::printf("allreduce_slow_share = %.3f\n", c.allreduce_slow_share);
  for (const auto& [name, a] : c.architectures) {
    std::printf("\n[[gpu_architecture]]\nname = \"%s\"\ntensor_efficiency = %.3f\nfp32_efficiency = %.3f\n"
                "bandwidth_efficiency = %.3f\n",
                name.c_str(), a.tensor_efficiency, a.fp32_efficiency, a.bandwidth_efficiency);
    if (a.tf32_efficiency > 0) std::printf("tf32_efficiency = %.3f\n", a.tf32_efficiency);
  }
  std::printf("```\n");
}

}  // namespace advise::calibration
