#include "decide.hpp"

#include <algorithm>
#include <cmath>
#include <string>
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

// Why `option` may not be recommended under `settings`; "" when it may.
std::string exclusion(const Option& option, const DecisionSettings& settings) {
  if (!option.feasible) return "does not fit: " + option.infeasible_reason;
  if (option.kind == "buy" && !settings.consider_buying) return "a purchase (--buy to consider it)";
  if (settings.deadline_seconds && option.run_seconds > *settings.deadline_seconds) return "misses the deadline";
  if (settings.budget_usd && option.run_usd > *settings.budget_usd) return "over budget";
  return "";
}

// Eligible first, then feasible but excluded, then infeasible; within each, by the objective.
int tier(const Option& option, const DecisionSettings& settings) {
  if (!option.feasible) return 2;
  return exclusion(option, settings).empty() ? 0 : 1;
}

bool better(const Option& a, const Option& b, const DecisionSettings& settings) {
  const Objective objective = settings.objective;
  if (tier(a, settings) != tier(b, settings)) return tier(a, settings) < tier(b, settings);
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
    if (!option.feasible || option.id == chosen.id || option.kind == "buy") continue;
    if (!best || option.run_seconds < best->run_seconds) best = &option;
  }
  return best;
}

std::string reasons_versus_cpu(const Option& option) {
  std::string text = format_ratio(option.speedup_vs_cpu) + " faster than this CPU at " +
                     format_ratio(option.breakeven_speedup) + " its hourly cost, which it needs to beat to pay off";
  if (option.device_count > 1 && option.step.allreduce_seconds > 0) {
    text += "; the gradient all-reduce takes " +
            std::to_string(static_cast<int>(std::lround(100 * option.step.allreduce_seconds / option.step.seconds))) +
            "% of each step's time (overlapped with the backward pass)";
  }
  return text;
}

// Why nothing qualifies, in one sentence with the nearest miss.
std::string nothing_qualifies(const std::vector<Option>& ranked, const DecisionSettings& settings) {
  const Option* fastest = nullptr;
  const Option* cheapest = nullptr;
  const Option* fewest_gpus = nullptr;
  for (const auto& option : ranked) {
    if (option.feasible && (option.kind != "buy" || settings.consider_buying)) {
      if (!fastest || option.run_seconds < fastest->run_seconds) fastest = &option;
      if (!cheapest || option.run_usd < cheapest->run_usd) cheapest = &option;
    }
    if (!option.feasible && option.gpus_needed_sharded > 0 &&
        (!fewest_gpus || option.gpus_needed_sharded < fewest_gpus->gpus_needed_sharded)) {
      fewest_gpus = &option;
    }
  }
  if (!fastest) {
    // Name the option with the most memory: if it does not fit there, it fits nowhere.
    const Option* largest = nullptr;
    for (const auto& option : ranked) {
      const double memory = static_cast<double>(option.memory_available_bytes) * static_cast<double>(option.device_count);
      if (!largest || memory > static_cast<double>(largest->memory_available_bytes) *
                                   static_cast<double>(largest->device_count)) {
        largest = &option;
      }
    }
    std::string text = "No option can train this model";
    if (largest) text += ": even " + describe_option(*largest) + " " + largest->infeasible_reason;
    if (fewest_gpus) {
      text += ". With its states sharded (ZeRO-3 / FSDP) it needs at least " +
              std::to_string(fewest_gpus->gpus_needed_sharded) + " " + fewest_gpus->device +
              " GPUs, more than any single instance in the catalogs offers";
    }
    return text + ".";
  }
  if (settings.deadline_seconds && fastest->run_seconds > *settings.deadline_seconds) {
    return "No option finishes within " + format_duration(*settings.deadline_seconds) + ": the fastest, " +
           describe_option(*fastest) + ", takes " + format_duration(fastest->run_seconds) + " and costs " +
           format_usd(fastest->run_usd) + ".";
  }
  return "No option fits a budget of " + format_usd(settings.budget_usd.value_or(0)) + ": the cheapest, " +
         describe_option(*cheapest) + ", costs " + format_usd(cheapest->run_usd) + " and takes " +
         format_duration(cheapest->run_seconds) + ".";
}

std::string sentence_for(const std::vector<Option>& ranked, const Option& chosen, const DecisionSettings& settings) {
  const Objective objective = settings.objective;
  std::string text;
  const std::string run = "one run takes " + format_duration(chosen.run_seconds) + " and costs " +
                          format_usd(chosen.run_usd) + " (" + chosen.step.source + ")";
  if (chosen.kind == "this-cpu") {
    text = "Train on this CPU: " + run + ".";
    if (const Option* other = fastest_alternative(ranked, chosen)) {
      text += " The fastest alternative, " + describe_option(*other) + ", would be " +
              format_ratio(other->speedup_vs_cpu) + " faster but costs " + format_usd(other->usd_per_hour) +
              "/h, " + format_ratio(other->breakeven_speedup) +
              " this CPU's hourly cost, so it would need a speedup of " + format_ratio(other->breakeven_speedup) +
              " to break even (run cost " + format_usd(other->run_usd) + ").";
    }
  } else {
    text = "Use " + describe_option(chosen) + ": " + run + ", " + reasons_versus_cpu(chosen) + ".";
    if (const Option* cpu = find_kind(ranked, "this-cpu"); cpu && cpu->feasible) {
      text += " This CPU would take " + format_duration(cpu->run_seconds) + " and cost " +
              format_usd(cpu->run_usd) + ".";
    }
  }
  if (settings.deadline_seconds) {
    text = "Cheapest to finish within " + format_duration(*settings.deadline_seconds) + ": " + text;
  } else if (settings.budget_usd) {
    text = "Fastest within " + format_usd(*settings.budget_usd) + ": " + text;
  } else if (objective == Objective::time) {
    text = "Fastest: " + text;
  }
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

Decision decide(std::vector<Option> options, const DecisionSettings& settings) {
  Decision decision;
  std::sort(options.begin(), options.end(),
            [&settings](const Option& a, const Option& b) { return better(a, b, settings); });
  decision.ranked = std::move(options);
  for (const auto& option : decision.ranked) decision.excluded.push_back(exclusion(option, settings));
  Recommendation& recommendation = decision.recommendation;
  recommendation.objective = settings.objective;

  const auto& ranked = decision.ranked;
  if (ranked.empty() || !decision.excluded.front().empty()) {
    recommendation.sentence = nothing_qualifies(ranked, settings);
    return decision;
  }
  recommendation.option = 0;
  if (ranked.size() > 1 && decision.excluded[1].empty()) {
    recommendation.runner_up = 1;
    recommendation.flips_within_uncertainty =
        optimistic(ranked[1], settings.objective) < pessimistic(ranked[0], settings.objective);
  }
  recommendation.sentence = sentence_for(ranked, ranked.front(), settings);
  if (recommendation.flips_within_uncertainty) {
    recommendation.sentence += " Within the uncertainty, " + describe_option(ranked[1]) + " could be " +
                               (settings.objective == Objective::cost ? "cheaper" : "faster") + ".";
  }
  return decision;
}

}  // namespace advise
