#include "advisor/decide/decide.hpp"

#include "advisor/decide/sentence.hpp"

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

// Two options whose steps come from one prediction (the same devices, the same source and the
// same step, as two clouds' instances of one GPU) share its error: where the truth falls in the
// band, it falls there for both.
bool same_prediction(const Option& a, const Option& b) {
  return a.device == b.device && a.device_count == b.device_count && a.step.source == b.step.source &&
         std::abs(a.step.seconds - b.step.seconds) <= 1e-12 * std::max(a.step.seconds, b.step.seconds);
}

// Whether `challenger` could beat `chosen` within the uncertainty: anywhere in their bands when
// the two predictions are independent; at the same point of the band when they are one prediction.
bool could_beat(const Option& challenger, const Option& chosen, Objective objective) {
  if (same_prediction(challenger, chosen)) {
    return optimistic(challenger, objective) < optimistic(chosen, objective) ||
           pessimistic(challenger, objective) < pessimistic(chosen, objective);
  }
  return optimistic(challenger, objective) < pessimistic(chosen, objective);
}

// Why `option` may not be recommended under `settings`; "" when it may.
std::string exclusion(const Option& option, const DecisionSettings& settings) {
  if (!option.left_out_reason.empty()) return "left out: " + option.left_out_reason;
  if (!option.feasible) return "does not fit: " + option.infeasible_reason;
  if (option.kind == OptionKind::buy && !settings.consider_buying) return "a purchase (--buy to consider it)";
  if (settings.deadline_seconds && option.run_seconds > *settings.deadline_seconds) return "misses the deadline";
  if (settings.budget_usd && option.run_usd > *settings.budget_usd) return "over budget";
  return "";
}

// Eligible first, then feasible but excluded, then infeasible, then left out; within each, by the objective.
int tier(const Option& option, const DecisionSettings& settings) {
  if (!option.left_out_reason.empty()) return 3;
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

}  // namespace

std::string to_string(Objective objective) { return objective == Objective::cost ? "cost" : "time"; }

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
  if (ranked.size() > 1 && decision.excluded[1].empty()) recommendation.runner_up = 1;
  // The sentence names the best-ranked option that could beat the choice: not always the
  // runner-up, which may be the same GPU at another cloud's price.
  const Option* challenger = nullptr;
  for (std::size_t i = 1; i < ranked.size() && decision.excluded[i].empty() && !challenger; ++i) {
    if (could_beat(ranked[i], ranked[0], settings.objective)) challenger = &ranked[i];
  }
  recommendation.flips_within_uncertainty = recommendation.runner_up && challenger == &ranked[1];
  recommendation.sentence = sentence_for(ranked, ranked.front(), settings);
  if (ranked.front().kind == OptionKind::cloud) {
    recommendation.idle_usd_per_hour = ranked.front().usd_per_hour;
    recommendation.forgotten_weekend_usd = ranked.front().usd_per_hour * kForgottenWeekendHours;
    recommendation.idle_reminder =
        idle_reminder(*recommendation.idle_usd_per_hour, *recommendation.forgotten_weekend_usd);
  }
  if (challenger) {
    recommendation.sentence += " Within the uncertainty, " + describe_option(*challenger) + " could be " +
                               (settings.objective == Objective::cost ? "cheaper" : "faster") + ".";
  }
  return decision;
}

}  // namespace advise
