#include "decide.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace advise {
namespace {

double primary(const Option& option, Objective objective) {
  return objective == Objective::cost ? option.run_usd : option.run_seconds;
}
double secondary(const Option& option, Objective objective) {
  return objective == Objective::cost ? option.run_seconds : option.run_usd;
}
double optimistic(const Option& option, Objective objective) {
  return objective == Objective::cost ? option.run_usd_low : option.run_seconds * option.step.low / option.step.seconds;
}
double pessimistic(const Option& option, Objective objective) {
  return objective == Objective::cost ? option.run_usd_high : option.run_seconds * option.step.high / option.step.seconds;
}

bool better(const Option& a, const Option& b, Objective objective) {
  if (a.feasible != b.feasible) return a.feasible;
  if (primary(a, objective) != primary(b, objective)) return primary(a, objective) < primary(b, objective);
  if (secondary(a, objective) != secondary(b, objective)) return secondary(a, objective) < secondary(b, objective);
  return a.id < b.id;
}

const Option* find_kind(const std::vector<Option>& options, const std::string& kind) {
  for (const auto& option : options) {
    if (option.kind == kind) return &option;
  }
  return nullptr;
}

// The fastest feasible option that is not `chosen`, preferring another kind of device.
const Option* fastest_alternative(const std::vector<Option>& options, const Option& chosen) {
  const Option* best = nullptr;
  for (const auto& option : options) {
    if (!option.feasible || option.id == chosen.id) continue;
    if (!best || option.run_seconds < best->run_seconds) best = &option;
  }
  return best;
}

std::string reasons_versus_cpu(const Option& option) {
  return format_ratio(option.speedup_vs_cpu) + " faster than this CPU at " +
         format_ratio(option.breakeven_speedup) + " its hourly cost (break-even speedup " +
         format_ratio(option.breakeven_speedup) + ")";
}

std::string sentence_for(const std::vector<Option>& ranked, const Option& chosen, Objective objective) {
  std::string text;
  const std::string run = "one run takes " + format_duration(chosen.run_seconds) + " and costs " +
                          format_usd(chosen.run_usd) + " (" + chosen.step.source + ")";
  if (chosen.kind == "this-cpu") {
    text = "Train on this CPU: " + run + ".";
    if (const Option* other = fastest_alternative(ranked, chosen)) {
      text += " The fastest alternative, " + describe_option(*other) + ", would be " +
              format_ratio(other->speedup_vs_cpu) + " faster but costs " + format_usd(other->usd_per_hour) +
              "/h, " + format_ratio(other->breakeven_speedup) +
              " this CPU's hourly cost, so it would need a " + format_ratio(other->breakeven_speedup) +
              " speedup to break even (run cost " + format_usd(other->run_usd) + ").";
    }
  } else {
    text = "Use " + describe_option(chosen) + ": " + run + ", " + reasons_versus_cpu(chosen) + ".";
    if (const Option* cpu = find_kind(ranked, "this-cpu"); cpu && cpu->feasible) {
      text += " This CPU would take " + format_duration(cpu->run_seconds) + " and cost " +
              format_usd(cpu->run_usd) + ".";
    }
  }
  if (objective == Objective::time) text = "Fastest: " + text;
  return text;
}

}  // namespace

std::string to_string(Objective objective) { return objective == Objective::cost ? "cost" : "time"; }

std::string format_duration(double seconds) {
  char text[64];
  if (!std::isfinite(seconds)) return "forever";
  if (seconds < 1e-3) std::snprintf(text, sizeof text, "%.1f us", seconds * 1e6);
  else if (seconds < 1) std::snprintf(text, sizeof text, "%.1f ms", seconds * 1e3);
  else if (seconds < 120) std::snprintf(text, sizeof text, "%.1f s", seconds);
  else if (seconds < 7200) std::snprintf(text, sizeof text, "%.1f min", seconds / 60);
  else if (seconds < 3 * 86400) std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
  else if (seconds < 730 * 86400) std::snprintf(text, sizeof text, "%.1f days", seconds / 86400);
  else std::snprintf(text, sizeof text, "%.1f years", seconds / (365.25 * 86400));
  return text;
}

std::string format_usd(double usd) {
  char text[64];
  if (usd < 0.01) std::snprintf(text, sizeof text, "$%.4f", usd);
  else if (usd < 100) std::snprintf(text, sizeof text, "$%.2f", usd);
  else std::snprintf(text, sizeof text, "$%.0f", usd);
  return text;
}

std::string format_ratio(double ratio) {
  char text[64];
  if (ratio < 10) std::snprintf(text, sizeof text, "%.2gx", ratio);
  else std::snprintf(text, sizeof text, "%.0fx", ratio);
  return text;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 6) {
    bytes /= 1024;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.1f %s", bytes, units[unit]);
  return text;
}

std::string describe_option(const Option& option) {
  if (option.kind == "this-cpu") return "this CPU (" + option.device + ")";
  if (option.kind == "buy") return "buying a " + option.device + " (purchase amortised + power)";
  std::string devices = option.device;
  if (option.device_count > 1) devices = std::to_string(option.device_count) + "x " + devices;
  return option.provider + " " + option.instance + " (" + devices + ", " + option.pricing + ")";
}

Decision decide(std::vector<Option> options, Objective objective) {
  Decision decision;
  std::sort(options.begin(), options.end(),
            [objective](const Option& a, const Option& b) { return better(a, b, objective); });
  decision.ranked = std::move(options);
  Recommendation& recommendation = decision.recommendation;
  recommendation.objective = objective;

  const auto& ranked = decision.ranked;
  if (ranked.empty() || !ranked.front().feasible) {
    recommendation.sentence = "No option can train this model";
    if (!ranked.empty()) recommendation.sentence += ": even " + describe_option(ranked.front()) + " " + ranked.front().infeasible_reason;
    recommendation.sentence += ".";
    return decision;
  }
  recommendation.option = 0;
  if (ranked.size() > 1 && ranked[1].feasible) {
    recommendation.runner_up = 1;
    recommendation.flips_within_uncertainty = optimistic(ranked[1], objective) < pessimistic(ranked[0], objective);
  }
  recommendation.sentence = sentence_for(ranked, ranked.front(), objective);
  if (recommendation.flips_within_uncertainty) {
    recommendation.sentence += " Within the uncertainty, " + describe_option(ranked[1]) + " could be " +
                               (objective == Objective::cost ? "cheaper" : "faster") + ".";
  }
  return decision;
}

}  // namespace advise
