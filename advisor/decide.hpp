#pragma once
// The decision: ranks options by an objective and explains the choice in one
// sentence with its reasons in numbers. Pure: its inputs are all it reads.

#include <optional>
#include <string>
#include <vector>

#include "advisor/option.hpp"

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
  // True when the runner-up could beat the choice within their uncertainty bands.
  bool flips_within_uncertainty = false;
};

struct Decision {
  std::vector<Option> ranked;  // eligible options best first, then the rest
  std::vector<std::string> excluded;  // per ranked option: why it is not eligible ("" if it is)
  Recommendation recommendation;
};

// Ranks eligible options (feasible, within the constraints, buying only when
// considered) by the objective, then the others; recommends the first eligible one.
Decision decide(std::vector<Option> options, const DecisionSettings& settings);

// Human-friendly durations and money for sentences and tables: "3.2 min", "$0.0041".
std::string format_duration(double seconds);
std::string format_usd(double usd);
std::string format_ratio(double ratio);
std::string format_bytes(double bytes);  // "11.6 MiB", "3.0 TiB"

// "aws g4dn.xlarge (T4, on-demand)" or "this CPU (AMD EPYC)".
std::string describe_option(const Option& option);

}  // namespace advise
