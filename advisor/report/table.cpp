// The terminal report: the recommendation first, then the evidence.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include "advisor/report/report.hpp"
#include "probes/system_blas.hpp"

namespace advise {
namespace {

std::string printf_string(const char* format, auto... values) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string bytes_text(double bytes) { return format_bytes(bytes); }

std::string with_commas(std::int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > (value < 0 ? 1 : 0); i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
  return digits;
}

std::string shape_text(const GemmShape& shape) {
  return printf_string("%lldx%lldx%lld", static_cast<long long>(shape.m), static_cast<long long>(shape.n),
                       static_cast<long long>(shape.k));
}

std::string layout_text(const GemmShape& shape) {
  return std::string(shape.a_transposed ? "T" : "N") + (shape.b_transposed ? "T" : "N");
}

void write_model(std::ostream& out, const Workload& workload) {
  out << "Model: " << workload.model_name << ", " << with_commas(workload.parameters) << " parameters, "
      << printf_string("%.3g", workload.flops_per_step() / 1e9) << " GFLOP per step (batch " << workload.batch_size
      << ", " << workload.precision << "), " << with_commas(workload.steps_per_epoch) << " steps/epoch x "
      << workload.epochs << " epochs\n";
  const MemoryFootprint& memory = workload.memory;
  out << "Memory: weights " << bytes_text(static_cast<double>(memory.weights)) << ", gradients "
      << bytes_text(static_cast<double>(memory.gradients)) << ", optimizer "
      << bytes_text(static_cast<double>(memory.optimizer)) << ", activations "
      << bytes_text(static_cast<double>(memory.activations)) << ", total "
      << bytes_text(static_cast<double>(memory.total())) << "\n\n";
}

std::string gemm_list(const std::vector<WorkloadGemm>& gemms) {
  std::string text;
  for (const auto& gemm : gemms) {
    if (!text.empty()) text += ", ";
    text += shape_text(gemm.shape);
    if (gemm.count > 1) text += " x" + std::to_string(gemm.count);
  }
  return text;
}

void write_machine(std::ostream& out, const Advice& advice) {
  const CpuFacts& cpu = advice.profile.cpu;
  const double peak = cpu.peak_flops.at("fp32");
  out << (advice.profile.source == "this machine" ? std::string("This machine: ")
                                                  : "Probed machine (from " + advice.profile.source + "): ")
      << cpu.name << ", " << cpu.cores << " cores / " << cpu.threads << " threads ("
      << cpu.threads_used << " used), oneDNN ISA " << cpu.isa << "\n";
  out << printf_string("  clock %.2f GHz (measured), %.0f fp32 FLOP/cycle/core, peak %.0f GFLOP/s fp32, %.0f bf16 (measured)\n",
                       cpu.clock_hz / 1e9, cpu.fp32_flops_per_cycle_per_core, peak / 1e9, cpu.peak_for("bf16") / 1e9);
  const BandwidthMeasurement& bandwidth = advice.profile.bandwidth;
  out << printf_string("  memory bandwidth %.1f GB/s (triad median, best %.1f, %s)\n", bandwidth.bytes_per_s_median / 1e9,
                       bandwidth.bytes_per_s_best / 1e9, bandwidth.verified ? "verified" : "NOT verified");
  if (!advice.profile.bandwidth_curve.empty()) {
    // Passes over data that fits the caches run faster: the CPU step uses this curve.
    out << "  bandwidth by working set (triad, GB/s):";
    const char* separator = " ";
    for (const auto& point : advice.profile.bandwidth_curve) {
      out << separator << format_bytes(static_cast<double>(point.working_set_bytes())) << ": "
          << (point.verified ? printf_string("%.0f", point.bytes_per_s_median / 1e9) : std::string("failed"));
      separator = ", ";
    }
    out << "\n";
  }
  const Measurement& reference = advice.profile.reference_gemm;
  if (reference.status == ProbeStatus::ok) {
    out << printf_string("  GEMM %s fp32: %.0f GFLOP/s median (%.0f%% of peak), result verified\n",
                         shape_text(reference.shape).c_str(), reference.flops_per_s() / 1e9,
                         100 * reference.flops_per_s() / peak);
  } else {
    out << "  GEMM " << shape_text(reference.shape) << " fp32: " << to_string(reference.status) << ": " << reference.reason << "\n";
  }
  if (!advice.profile.cache_path.empty()) {
    out << "  probe cache: " << advice.profile.cache_path << " (" << advice.profile.gemms_from_cache << " of "
        << advice.profile.gemms.size() << " GEMM shapes"
        << (advice.profile.convolutions.empty()
                ? std::string()
                : printf_string(" and %d of %zu convolution passes", advice.profile.convolutions_from_cache,
                                advice.profile.convolutions.size()))
        << " reused"
        << (advice.profile.facts_from_cache ? ", CPU facts reused; --reprobe measures again" : "") << ")\n";
  }
  if (advice.profile.gpu.available) {
    const GpuFacts& gpu = advice.profile.gpu_facts;
    out << printf_string("  GPU: %s, %d SMs, %s memory, bandwidth %.0f GB/s (triad); GEMMs timed with cuBLASLt\n\n",
                         gpu.name.c_str(), gpu.sm_count, bytes_text(static_cast<double>(gpu.memory_bytes)).c_str(),
                         gpu.bandwidth_bytes_per_s / 1e9);
  } else {
    out << "  GPU: none: " << advice.gpu_unavailable_reason << "\n\n";
  }
}

void write_probes(std::ostream& out, const Advice& advice) {
  const CpuFacts& cpu = advice.profile.cpu;
  bool system_blas = false;
  for (const Measurement& m : advice.profile.gemms) system_blas = system_blas || is_system_blas_library(m.library);
  out << "Probed GEMMs on this CPU (" << (system_blas ? "oneDNN and the system BLAS" : "oneDNN")
      << ", each result verified; %peak of the measured peak for the dtype run):\n";
  out << printf_string("  %-22s %-6s %-5s %8s %10s %8s %9s %6s %s\n", "M x N x K", "layout", "dtype", "count", "median",
                       "spread", "GFLOP/s", "%peak", "note");
  for (const Measurement& m : advice.profile.gemms) {
    std::string note = m.scale > 1 ? printf_string("probed %s, scaled x%.3g", shape_text(m.probed).c_str(), m.scale) : "";
    if (!m.reason.empty()) note += (note.empty() ? "" : "; ") + m.reason;
    note = m.library + (m.cached ? " (cached)" : "") + (note.empty() ? "" : "; " + note);
    const double spread = m.seconds_median > 0 ? (m.seconds_max - m.seconds_min) / m.seconds_median : 0;
    out << printf_string("  %-22s %-6s %-5s %8lld %10s %7.0f%% %9.1f %5.0f%% %s\n", shape_text(m.shape).c_str(),
                         layout_text(m.shape).c_str(), m.probed.dtype.c_str(), static_cast<long long>(count_of(advice.shapes, m.shape)),
                         format_duration(m.seconds_median).c_str(), 100 * spread, m.flops_per_s() / 1e9,
                         100 * m.flops_per_s() / cpu.peak_for(m.probed.dtype), note.c_str());
  }
  out << "\n";
  if (advice.profile.convolutions.empty()) return;
  out << "Probed convolutions on this CPU (oneDNN convolution primitives with the reorders from and to plain layouts,\n"
         "each result verified; they stand in for their implicit GEMMs above):\n";
  out << printf_string("  %-16s %-40s %-5s %6s %10s %8s %9s %6s %s\n", "pass", "N x C x H x W -> K kernel stride pad groups",
                       "dtype", "count", "median", "spread", "GFLOP/s", "%peak", "note");
  for (const ConvMeasurement& m : advice.profile.convolutions) {
    std::ostringstream shape;
    shape << m.shape;
    std::string text = shape.str();
    text = text.substr(0, text.rfind(' '));  // the dtype has its own column
    std::ostringstream probed;
    probed << m.probed;
    std::string note = m.scale > 1 ? printf_string("probed %s, scaled x%.3g", probed.str().c_str(), m.scale) : "";
    if (!m.reason.empty()) note += (note.empty() ? "" : "; ") + m.reason;
    if (m.cached) note = note.empty() ? std::string("cached") : "cached; " + note;
    const std::string dtype = m.probed_dtype.empty() ? m.shape.dtype : m.probed_dtype;
    const double spread = m.seconds_median > 0 ? (m.seconds_max - m.seconds_min) / m.seconds_median : 0;
    const long long count = count_of(advice.convolutions, m.shape, m.pass);
    if (m.status != ProbeStatus::ok) {  // not measured: its implicit GEMMs count, and the note says why
      out << printf_string("  %-16s %-40s %-5s %6lld %10s %8s %9s %6s %s\n", to_string(m.pass).c_str(), text.c_str(),
                           dtype.c_str(), count, "-", "-", "-", "-", note.c_str());
      continue;
    }
    out << printf_string("  %-16s %-40s %-5s %6lld %10s %7.0f%% %9.1f %5.0f%% %s\n", to_string(m.pass).c_str(),
                         text.c_str(), dtype.c_str(), count, format_duration(m.seconds_median).c_str(), 100 * spread,
                         m.flops_per_s() / 1e9, 100 * m.flops_per_s() / cpu.peak_for(dtype), note.c_str());
  }
  out << "\n";
}

std::string option_label(const Option& option) {
  if (option.kind == OptionKind::this_cpu) return "this CPU";
  if (option.kind == OptionKind::buy) return "buy " + option.device;
  std::string label = option.provider + " " + option.instance;
  if (option.pricing == PricingMode::spot) label += " (spot)";
  return label;
}

// The options nothing could be predicted for, counted by reason, each reason once.
void write_left_out(std::ostream& out, const Decision& decision) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
  for (const Option& option : decision.ranked) {
    if (option.left_out_reason.empty()) continue;
    auto group = std::find_if(by_reason.begin(), by_reason.end(),
                              [&](const auto& entry) { return entry.first == option.left_out_reason; });
    if (group == by_reason.end()) group = by_reason.insert(by_reason.end(), {option.left_out_reason, {}});
    group->second.push_back(option_label(option));
  }
  for (const auto& [reason, labels] : by_reason) {
    std::string names = labels.front();
    for (std::size_t i = 1; i < labels.size() && i < 3; ++i) names += ", " + labels[i];
    if (labels.size() > 3) names += " and " + std::to_string(labels.size() - 3) + " more";
    out << "  " << labels.size() << (labels.size() == 1 ? " option" : " options") << " left out (" << names
        << "): " << reason << "\n";
  }
}

// One feasible option's row; with several runs, their total time and cost too.
std::string option_row(const Option& option, bool chosen, const std::string& excluded, const std::string& device) {
  const std::string band = format_usd(option.run_usd_low) + "-" + format_usd(option.run_usd_high);
  std::string notes;
  if (!excluded.empty()) notes += "  (" + excluded + ")";
  if (option.step.allreduce_seconds > 0) {
    notes += printf_string("  all-reduce %.0f%% of step", 100 * option.step.allreduce_seconds / option.step.seconds);
  }
  if (option.step.sharded) notes += "  sharded (ZeRO-3)";
  const std::string runs =
      option.runs > 1 ? printf_string(" %21s", (format_duration(option.total_seconds) + ", " + format_usd(option.total_usd)).c_str())
                      : "";
  return printf_string("  %-2s %-34s %-18s %-11s %10s %10s %9s %9s %-19s %8s %10s%s%s\n", chosen ? ">>" : "",
                       option_label(option).c_str(), device.c_str(), to_string(option.step.source).c_str(),
                       format_duration(option.step.seconds).c_str(), format_duration(option.run_seconds).c_str(),
                       format_usd(option.usd_per_hour).c_str(), format_usd(option.run_usd).c_str(), band.c_str(),
                       format_ratio(option.speedup_vs_cpu).c_str(), format_ratio(option.breakeven_speedup).c_str(),
                       runs.c_str(), notes.c_str());
}

void write_options(std::ostream& out, const Advice& advice, const TableStyle& style) {
  const Decision& decision = advice.decision;
  const Workload& workload = advice.workload;
  const std::int64_t runs = decision.ranked.empty() ? 1 : decision.ranked.front().runs;
  out << "Options, ranked by " << to_string(decision.recommendation.objective) << " (one run = " << workload.epochs
      << " epochs; band = plausible range):\n";
  out << printf_string("  %-2s %-34s %-18s %-11s %10s %10s %9s %9s %-19s %8s %10s%s\n", "", "option", "device", "source",
                       "step", "run", "$/hour", "run $", "run $ band", "speedup", "break-even",
                       runs > 1 ? printf_string(" %21s", (std::to_string(runs) + " runs").c_str()).c_str() : "");
  std::size_t shown = 0;
  std::size_t left_out = 0;  // counted in a footnote instead
  for (std::size_t i = 0; i < decision.ranked.size(); ++i) {
    const Option& option = decision.ranked[i];
    const std::string& excluded = decision.excluded[i];
    if (!option.left_out_reason.empty()) {
      ++left_out;
      continue;
    }
    if (style.max_options > 0 && shown >= style.max_options && option.feasible) continue;
    ++shown;
    const bool chosen = decision.recommendation.option && *decision.recommendation.option == i;
    std::string device = option.device;
    if (option.device_count > 1) device = std::to_string(option.device_count) + "x " + device;
    if (device.size() > 18) device = device.substr(0, 17) + "~";
    if (!option.feasible) {
      out << printf_string("  %-2s %-34s %-18s %s\n", "x", option_label(option).c_str(), device.c_str(), excluded.c_str());
      continue;
    }
    out << option_row(option, chosen, excluded, device);
  }
  if (shown + left_out < decision.ranked.size()) {
    out << "  ... " << decision.ranked.size() - shown - left_out << " more options (--all lists every one)\n";
  }
  write_left_out(out, decision);
  out << "  source: measured = timed on this machine; transferred = from probe results; scaled = this CPU's\n"
         "  measurements scaled by cores and peak; specs = predicted from the GPU datasheet (several GPUs: data\n"
         "  parallel). this CPU's $/hour = power + its purchase spread over its life; buy = a GPU's purchase\n"
         "  spread the same way, plus power. break-even = the speedup over this CPU at which a run costs what\n"
         "  it costs on this CPU, set-up and billing minimum included (never: they alone cost more).\n\n";
}

void write_buy_vs_rent(std::ostream& out, const Advice& advice) {
  bool header = false;
  for (const Option& option : advice.decision.ranked) {
    if (option.kind != OptionKind::buy || !option.feasible || option.breakeven_against.empty()) continue;
    if (!header) {
      out << "Buy vs rent (against the cheapest cloud option for the same training, run for run):\n";
      header = true;
    }
    if (std::isinf(option.breakeven_runs)) {
      out << "  " << option.device << " (" << format_usd(option.purchase_usd)
          << "): never pays off: its power alone costs more per run than renting\n";
      continue;
    }
    out << printf_string("  %-10s (%s): pays off after %.0f runs = %s of training (%.1f months at the given hours/week)\n",
                         option.device.c_str(), format_usd(option.purchase_usd).c_str(), std::ceil(option.breakeven_runs),
                         format_duration(option.breakeven_hours * 3600).c_str(), option.breakeven_months);
  }
  if (header) out << "\n";
}

void write_catalogs(std::ostream& out, const Advice& advice) {
  out << "Prices from:\n";
  for (const auto& catalog : advice.catalogs) {
    out << "  " << catalog.file << " (" << catalog.provider << ", as of " << catalog.as_of
        << (catalog.stale ? ", STALE: check current prices" : "") << ")\n";
  }
}

}  // namespace

void write_layers(std::ostream& out, const Workload& workload) {
  out << "Layers (one training step, all copies; FLOPs count 2 per multiply-add; training = forward + backward):\n";
  out << printf_string("  %-30s %-11s %6s %-12s %13s %11s %11s %11s  %s\n", "layer", "kind", "repeat", "output",
                       "parameters", "fwd GFLOP", "train GFLOP", "activations", "forward GEMMs (M x N x K, x count)");
  for (const LayerSummary& layer : workload.layers) {
    const std::string name = std::string(2 * static_cast<std::size_t>(layer.depth), ' ') + layer.name;
    out << printf_string("  %-30s %-11s %6lld %-12s %13s %11.3f %11.3f %11s  %s\n", name.c_str(), layer.kind.c_str(),
                         static_cast<long long>(layer.repeat), layer.output_shape.c_str(),
                         with_commas(layer.parameters).c_str(), layer.forward_flops / 1e9, layer.training_flops / 1e9,
                         bytes_text(static_cast<double>(layer.activation_bytes)).c_str(),
                         gemm_list(layer.forward_gemms).c_str());
  }
  out << printf_string("  %-30s %-11s %6s %-12s %13s %11.3f %11.3f %11s\n\n", "total", "", "", "",
                       with_commas(workload.parameters).c_str(), workload.forward_flops / 1e9,
                       workload.flops_per_step() / 1e9, bytes_text(static_cast<double>(workload.memory.activations)).c_str());
}

void write_table(std::ostream& out, const Advice& advice, const TableStyle& style) {
  const Recommendation& recommendation = advice.decision.recommendation;
  out << recommendation.sentence << "\n";
  if (!recommendation.idle_reminder.empty()) out << recommendation.idle_reminder << "\n";
  out << "\n";
  write_model(out, advice.workload);
  if (style.explain) write_layers(out, advice.workload);
  write_machine(out, advice);
  write_probes(out, advice);
  write_options(out, advice, style);
  write_buy_vs_rent(out, advice);
  write_catalogs(out, advice);
}

}  // namespace advise
