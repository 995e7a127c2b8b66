#pragma once
// The decision: ranks options by an objective and explains the choice in one
// sentence with its reasons in numbers. Pure: its inputs are all it reads.

#include <optional>
#include <string>
#include <vector>

#include "advisor/options/format.hpp"
#include "advisor/options/option.hpp"

namespace advise {

enum class Objective { cost, time };

std::string to_string(Objective objective);

// What the decision optimises, under which constraints.
struct DecisionSettings {
  Objective objective = Objective::cost;
  std::optional<double> deadline_seconds;  // only options whose run finishes in time
  std::optional<double> budget_usd;        // only options whose run costs no more
  bool consider_buying = false;            // buying a GPU may be recommended
};

struct Recommendation {
  std::optional<std::size_t> option;     // index into Decision::ranked; empty: nothing qualifies
  std::optional<std::size_t> runner_up;  // the next feasible option
  Objective objective = Objective::cost;
  std::string sentence;
  // True when the runner-up could beat the choice within their uncertainty bands (at the same
  // point of the band where both come from one prediction: one GPU at two clouds' prices).
  bool flips_within_uncertainty = false;
  // A cloud choice bills by the hour whether it trains or not: what it costs left running idle,
  // per hour and over a forgotten weekend (kForgottenWeekendHours). Empty for any other choice.
  std::optional<double> idle_usd_per_hour;
  std::optional<double> forgotten_weekend_usd;
  std::string idle_reminder;  // one line for the table and the HTML, or empty
};

// Friday evening to Monday morning: the instance nobody stopped.
inline constexpr double kForgottenWeekendHours = 64;

struct Decision {
  std::vector<Option> ranked;  // eligible options best first, then the rest
  std::vector<std::string> excluded;  // per ranked option: why it is not eligible ("" if it is)
  Recommendation recommendation;
};

// Ranks eligible options (feasible, within the constraints, buying only when
// considered) by the objective, then the others; recommends the first eligible one.
Decision decide(std::vector<Option> options, const DecisionSettings& settings);

}  // namespace advise
