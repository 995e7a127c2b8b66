// The recommendation's sentence: the choice with its reasons in numbers, or why nothing qualifies.

#include "advisor/decide/sentence.hpp"

#include <cmath>

#include "advisor/options/format.hpp"

namespace advise {
namespace {

// What a bought GPU's cost per run counts.
constexpr const char* kPurchaseCosts = " (purchase amortised + power)";

const Option* find_kind(const std::vector<Option>& options, OptionKind kind) {
  for (const auto& option : options) {
    if (option.kind == kind) return &option;
  }
  return nullptr;
}

// The fastest feasible option that is not `chosen`, preferring another kind of device.
const Option* fastest_alternative(const std::vector<Option>& options, const Option& chosen) {
  const Option* best = nullptr;
  for (const auto& option : options) {
    if (!option.feasible || option.id == chosen.id || option.kind == OptionKind::buy) continue;
    if (!best || option.run_seconds < best->run_seconds) best = &option;
  }
  return best;
}

// "63x this CPU's ($0.12 against $0.0019)": what a run costs against one on this CPU.
std::string cost_multiple(const Option& option, const Option& cpu) {
  const std::string against = " (" + format_usd(option.run_usd) + " against " + format_usd(cpu.run_usd) + ")";
  if (cpu.run_usd <= 0) return "more than this CPU's" + against;
  return format_ratio(option.run_usd / cpu.run_usd) + " this CPU's" + against;
}

// "it pays off from a speedup of 8x", or why it never does.
std::string breakeven_text(const Option& option) {
  if (std::isinf(option.breakeven_speedup)) {
    return "its set-up and billing minimum alone cost more than a run on this CPU";
  }
  return "it costs no more than this CPU from a speedup of " + format_ratio(option.breakeven_speedup) +
         " (set-up and billing minimum included)";
}

std::string reasons_versus_cpu(const Option& option, const Option* cpu) {
  std::string text = format_ratio(option.speedup_vs_cpu) + " faster than this CPU";
  if (cpu && cpu->feasible) text += ", a run costs " + cost_multiple(option, *cpu) + "; " + breakeven_text(option);
  if (option.device_count > 1 && option.step.allreduce_seconds > 0) {
    const auto percent = [](double share) { return std::to_string(static_cast<int>(std::lround(100 * share))); };
    text += "; its " + std::to_string(option.device_count) + " GPUs scale at " +
            percent(option.step.scaling_efficiency) + "% (the gradient all-reduce takes " +
            percent(option.step.allreduce_seconds / option.step.seconds) +
            "% of each step's time, partly hidden behind the backward pass";
    if (percent(option.step.scaling_efficiency_low) != percent(option.step.scaling_efficiency)) {
      text += "; " + percent(option.step.scaling_efficiency_low) +
              "% on a host whose all-reduce is as slow as the slowest tenth the calibration saw";
    }
    text += ")";
  }
  return text;
}

}  // namespace

std::string describe_option(const Option& option) {
  if (option.kind == OptionKind::this_cpu) return "this CPU (" + option.device + ")";
  if (option.kind == OptionKind::this_gpu) return "this machine's GPU (" + option.device + ")";
  if (option.kind == OptionKind::buy) return "buying " + with_article(option.device) + kPurchaseCosts;
  std::string devices = option.device;
  if (option.device_count > 1) devices = std::to_string(option.device_count) + "x " + devices;
  return option.provider + " " + option.instance + " (" + devices + ", " + to_string(option.pricing) + ")";
}

// Why nothing qualifies, in one sentence with the nearest miss.
std::string nothing_qualifies(const std::vector<Option>& ranked, const DecisionSettings& settings) {
  const Option* fastest = nullptr;
  const Option* cheapest = nullptr;
  const Option* fewest_gpus = nullptr;
  for (const auto& option : ranked) {
    if (option.feasible && (option.kind != OptionKind::buy || settings.consider_buying)) {
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
    // The largest option's reason already names how many of its GPUs would hold the model sharded.
    if (fewest_gpus && (!largest || fewest_gpus->device != largest->device)) {
      text += ". Sharded (ZeRO-3 / FSDP), the fewest GPUs that would hold it are " +
              std::to_string(fewest_gpus->gpus_needed_sharded) + " " + fewest_gpus->device;
    }
    if (fewest_gpus) text += ", more than any single instance in the catalogs offers";
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
                          format_usd(chosen.run_usd) + " (" + to_string(chosen.step.source) + ")";
  const Option* cpu = find_kind(ranked, OptionKind::this_cpu);
  if (chosen.kind == OptionKind::this_cpu) {
    text = "Train on this CPU: " + run + ".";
    if (const Option* other = fastest_alternative(ranked, chosen)) {
      text += " The fastest alternative, " + describe_option(*other) + " at " + format_usd(other->usd_per_hour) +
              "/h, would be " + format_ratio(other->speedup_vs_cpu) + " faster, but a run there costs " +
              cost_multiple(*other, chosen) + "; " + breakeven_text(*other) + ".";
    }
  } else {
    const std::string what = chosen.kind == OptionKind::buy ? "Buy " + with_article(chosen.device) + kPurchaseCosts
                                                            : "Use " + describe_option(chosen);
    text = what + ": " + run + ", " + reasons_versus_cpu(chosen, cpu) + ".";
    if (cpu && cpu->feasible) {
      text += " This CPU would take " + format_duration(cpu->run_seconds) + " and cost " +
              format_usd(cpu->run_usd) + ".";
    }
  }
  if (chosen.runs > 1) {
    text += " All " + std::to_string(chosen.runs) + " runs take " + format_duration(chosen.total_seconds) +
            " and cost " + format_usd(chosen.total_usd) + ".";
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

std::string idle_reminder(double idle_usd_per_hour, double forgotten_weekend_usd) {
  return "Idle, it still costs " + format_usd(idle_usd_per_hour) + " an hour: left running over a weekend (" +
         std::to_string(static_cast<int>(kForgottenWeekendHours)) + " h), " + format_usd(forgotten_weekend_usd) +
         ". Stop the instance when the run ends.";
}

}  // namespace advise
