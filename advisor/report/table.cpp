// The terminal report: the recommendation first, then the evidence.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <utility>

#include "advisor/report/options_table.hpp"
#include "advisor/report/report.hpp"
#include "advisor/report/table_sections.hpp"
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

}  // namespace

void write_model(std::ostream& out, const Workload& workload) {
  out << "Model: " << workload.model_name << ", " << with_commas(workload.parameters) << " parameters, "
      << printf_string("%.3g", workload.flops_per_step() / 1e9) << " GFLOP per step (batch " << workload.batch_size
      << ", " << workload.precision << "), " << with_commas(workload.steps_per_epoch) << " steps/epoch x "
      << format_count(workload.epochs, "epoch") << "\n";
  const MemoryFootprint& memory = workload.memory;
  out << "Memory: weights " << bytes_text(static_cast<double>(memory.weights));
  if (memory.master_weights > 0) out << ", fp32 master weights " << bytes_text(static_cast<double>(memory.master_weights));
  out << ", gradients " << bytes_text(static_cast<double>(memory.gradients)) << ", optimizer "
      << bytes_text(static_cast<double>(memory.optimizer)) << ", activations "
      << bytes_text(static_cast<double>(memory.activations)) << ", total "
      << bytes_text(static_cast<double>(memory.total())) << "\n\n";
}

namespace {

std::string gemm_list(const std::vector<WorkloadGemm>& gemms) {
  std::string text;
  for (const auto& gemm : gemms) {
    if (!text.empty()) text += ", ";
    text += shape_text(gemm.shape);
    if (gemm.count > 1) text += " x" + std::to_string(gemm.count);
  }
  return text;
}

}  // namespace

void write_machine(std::ostream& out, const Advice& advice) {
  const CpuFacts& cpu = advice.profile.cpu;
  const double peak = cpu.peak_flops.at("fp32");
  out << (advice.profile.source == "this machine" ? std::string("This machine: ")
                                                  : "Probed machine (from " + advice.profile.source + "): ")
      << cpu.name << ", " << cpu.cores << " cores / " << cpu.threads << " threads ("
      << cpu.threads_used << " used), oneDNN ISA " << cpu.isa << "\n";
  out << printf_string("  clock %.2f GHz (measured), %.0f fp32 FLOP/cycle/core, peak %s fp32, %s bf16 (measured)\n",
                       cpu.clock_hz / 1e9, cpu.fp32_flops_per_cycle_per_core, format_flop_rate(peak).c_str(),
                       format_flop_rate(cpu.peak_for("bf16")).c_str());
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

namespace {

// The probed GEMMs, one row each: what the step's figures on this CPU rest on.
TextTable gemm_probe_table(const Advice& advice) {
  const CpuFacts& cpu = advice.profile.cpu;
  TextTable table;
  table.columns = {{"M x N x K", false, 9}, {"layout", false, 3}, {"dtype", false, 7}, {"count", true, 6},
                   {"median", true, 8},     {"spread", true, 2},  {"GFLOP/s", true, 9}, {"%peak", true, 5}};
  for (const Measurement& m : advice.profile.gemms) {
    std::string note =
        m.scale > 1 ? printf_string("probed %s, scaled x%.3g", shape_text(m.probed).c_str(), m.scale) : "";
    if (!m.reason.empty()) note += (note.empty() ? "" : "; ") + m.reason;
    note = m.library + (m.cached ? " (cached)" : "") + (note.empty() ? "" : "; " + note);
    const double spread = m.seconds_median > 0 ? (m.seconds_max - m.seconds_min) / m.seconds_median : 0;
    table.rows.push_back({{shape_text(m.shape), layout_text(m.shape), m.probed.dtype,
                           std::to_string(count_of(advice.shapes, m.shape)), format_duration(m.seconds_median),
                           printf_string("%.0f%%", 100 * spread), printf_string("%.1f", m.flops_per_s() / 1e9),
                           printf_string("%.0f%%", 100 * m.flops_per_s() / cpu.peak_for(m.probed.dtype))},
                          note});
  }
  return table;
}

// The probed convolution passes; one the budget left unmeasured shows "-" and why.
TextTable convolution_probe_table(const Advice& advice) {
  const CpuFacts& cpu = advice.profile.cpu;
  TextTable table;
  table.columns = {{"pass", false, 9}, {"N x C x H x W -> K kernel stride pad groups", false, 8}, {"dtype", false, 6},
                   {"count", true, 5}, {"median", true, 8}, {"spread", true, 2}, {"GFLOP/s", true, 9},
                   {"%peak", true, 4}};
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
    const std::string count = std::to_string(count_of(advice.convolutions, m.shape, m.pass));
    const bool ran = m.status == ProbeStatus::ok;  // not measured: its implicit GEMMs count instead
    const double spread = m.seconds_median > 0 ? (m.seconds_max - m.seconds_min) / m.seconds_median : 0;
    table.rows.push_back({{to_string(m.pass), text, dtype, count, ran ? format_duration(m.seconds_median) : "-",
                           ran ? printf_string("%.0f%%", 100 * spread) : "-",
                           ran ? printf_string("%.1f", m.flops_per_s() / 1e9) : "-",
                           ran ? printf_string("%.0f%%", 100 * m.flops_per_s() / cpu.peak_for(dtype)) : "-"},
                          note});
  }
  return table;
}

void write_probes(std::ostream& out, const Advice& advice, const TerminalStyle& style) {
  bool system_blas = false;
  for (const Measurement& m : advice.profile.gemms) system_blas = system_blas || is_system_blas_library(m.library);
  out << "Probed GEMMs on this CPU (" << (system_blas ? "oneDNN and the system BLAS" : "oneDNN")
      << ", each result verified; %peak of the measured peak for the dtype run):\n";
  write_terminal_table(out, gemm_probe_table(advice), style);
  out << "\n";
  if (advice.profile.convolutions.empty()) return;
  out << "Probed convolutions on this CPU (oneDNN convolution primitives with the reorders from and to plain layouts,\n"
         "each result verified; they stand in for their implicit GEMMs above):\n";
  write_terminal_table(out, convolution_probe_table(advice), style);
  out << "\n";
}

void write_options(std::ostream& out, const Advice& advice, const TableStyle& style) {
  const Decision& decision = advice.decision;
  out << "Options, ranked by " << to_string(decision.recommendation.objective) << " (one run = "
      << format_count(advice.workload.epochs, "epoch") << "; band = plausible range):\n";
  const OptionsTableStyle options_style{style.max_options, false, 18};
  write_terminal_table(out, options_table(advice, options_style), style.terminal);
  if (const std::size_t hidden = options_not_shown(advice, options_style); hidden > 0) {
    out << "  ... " << hidden << " more options (--all lists every one)\n";
  }
  write_left_out(out, decision);
  out << "  source: measured = timed on this machine; transferred = from probe results;\n"
         "    scaled = this CPU's measurements scaled by cores and peak;\n"
         "    specs = predicted from the GPU datasheet (several GPUs: data parallel).\n"
         "  this CPU's $/hour = power + its purchase spread over its life;\n"
         "    buy = a GPU's purchase spread the same way, plus power.\n"
         "  break-even = the speedup over this CPU at which a run costs what it costs on\n"
         "    this CPU, set-up and billing minimum included (never: they alone cost more).\n\n";
}

}  // namespace

void write_buy_vs_rent(std::ostream& out, const Advice& advice, const TerminalStyle& style) {
  // The GPUs that pay off soonest first: the order a buyer reads for ("never" last).
  std::vector<const Option*> bought;
  for (const Option& option : advice.decision.ranked) {
    if (option.kind == OptionKind::buy && option.feasible && !option.breakeven_against.empty()) {
      bought.push_back(&option);
    }
  }
  if (bought.empty()) return;
  std::stable_sort(bought.begin(), bought.end(),
                   [](const Option* a, const Option* b) { return a->breakeven_hours < b->breakeven_hours; });
  TextTable table;
  table.columns = {{"GPU", false, 9},           {"price", true, 8},   {"pays off after", true, 7},
                   {"training time", true, 5}, {"months", true, 6}};
  for (const Option* option : bought) {
    if (std::isinf(option->breakeven_runs)) {
      table.rows.push_back({{option->device, format_usd(option->purchase_usd), "never"},
                            "its power alone costs more per run than renting"});
      continue;
    }
    table.rows.push_back({{option->device, format_usd(option->purchase_usd),
                           printf_string("%.0f runs", std::ceil(option->breakeven_runs)),
                           format_duration(option->breakeven_hours * 3600),
                           printf_string("%.1f", option->breakeven_months)},
                          ""});
  }
  const auto cloud = std::find_if(advice.decision.ranked.begin(), advice.decision.ranked.end(),
                                  [&](const Option& option) { return option.id == bought.front()->breakeven_against; });
  out << "Buy vs rent: each GPU bought, against renting the cheapest cloud option";
  if (cloud != advice.decision.ranked.end()) {
    out << "\n  (" << cloud->provider << " " << cloud->instance << ", " << format_usd(cloud->run_usd) << " a run)";
  }
  out << "; it pays off once the rent it saves, run for run,\n  covers its price (its power counted); months at "
      << printf_string("%g", advice.hours_per_week) << " h of training a week (--hours-per-week):\n";
  write_terminal_table(out, table, style);
  out << "\n";
}

namespace {

constexpr char kStale[] = "STALE: check current prices";

}  // namespace

std::string staleness_text(const CatalogInfo& catalog, const std::string& fresh) {
  if (!catalog.holds_prices) return "no prices";
  return catalog.stale ? kStale : fresh;
}

namespace {

// Prices first, with their staleness; then the files that give only specs, instance families or
// fitted constants, whose dates say where they come from but hold no price to check.
void write_catalogs(std::ostream& out, const Advice& advice, const TerminalStyle& style) {
  for (const bool prices : {true, false}) {
    bool first = true;
    for (const auto& catalog : advice.catalogs) {
      if (catalog.holds_prices != prices) continue;
      if (std::exchange(first, false)) out << (prices ? "Prices from:\n" : "Specs and fitted constants from:\n");
      out << "  " << catalog.file << " (" << catalog.provider << ", as of " << catalog.as_of
          << (!catalog.stale  ? ""
              : style.color ? std::string("\033[33m, ") + kStale + "\033[0m"
                            : std::string(", ") + kStale)
          << ")\n";
    }
  }
}

}  // namespace

void write_layers(std::ostream& out, const Workload& workload) {
  out << "Layers (one training step, all copies; FLOPs count 2 per multiply-add; training = forward + backward):\n";
  out << printf_string("  %-30s %-18s %6s %-12s %13s %11s %11s %11s  %s\n", "layer", "kind", "repeat", "output",
                       "parameters", "fwd GFLOP", "train GFLOP", "activations", "forward GEMMs (M x N x K, x count)");
  for (const LayerSummary& layer : workload.layers) {
    const std::string name = std::string(2 * static_cast<std::size_t>(layer.depth), ' ') + layer.name;
    out << printf_string("  %-30s %-18s %6lld %-12s %13s %11.3f %11.3f %11s  %s\n", name.c_str(), layer.kind.c_str(),
                         static_cast<long long>(layer.repeat), layer.output_shape.c_str(),
                         with_commas(layer.parameters).c_str(), layer.forward_flops / 1e9, layer.training_flops / 1e9,
                         bytes_text(static_cast<double>(layer.activation_bytes)).c_str(),
                         gemm_list(layer.forward_gemms).c_str());
  }
  out << printf_string("  %-30s %-18s %6s %-12s %13s %11.3f %11.3f %11s\n\n", "total", "", "", "",
                       with_commas(workload.parameters).c_str(), workload.forward_flops / 1e9,
                       workload.flops_per_step() / 1e9, bytes_text(static_cast<double>(workload.memory.activations)).c_str());
}

void write_table(std::ostream& out, const Advice& advice, const TableStyle& style) {
  const Recommendation& recommendation = advice.decision.recommendation;
  std::ostringstream text;
  text << (style.terminal.color ? "\033[1m" + recommendation.sentence + "\033[0m" : recommendation.sentence) << "\n";
  if (!recommendation.idle_reminder.empty()) text << recommendation.idle_reminder << "\n";
  text << "\n";
  write_model(text, advice.workload);
  if (style.explain) write_layers(text, advice.workload);
  write_machine(text, advice);
  write_probes(text, advice, style.terminal);
  write_options(text, advice, style);
  write_buy_vs_rent(text, advice, style.terminal);
  write_catalogs(text, advice, style.terminal);
  write_fitted_lines(out, text.str(), style.terminal.width);
}

}  // namespace advise
