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

struct Recommendation {
  std::optional<std::size_t> option;     // index into Decision::ranked; empty: nothing fits
  std::optional<std::size_t> runner_up;  // the next feasible option
  Objective objective = Objective::cost;
  std::string sentence;
  // True when the runner-up could beat the choice within their uncertainty bands.
  bool flips_within_uncertainty = false;
};

struct Decision {
  std::vector<Option> ranked;  // feasible options best first, then infeasible ones
  Recommendation recommendation;
};

Decision decide(std::vector<Option> options, Objective objective);

// Human-friendly durations and money for sentences and tables: "3.2 min", "$0.0041".
std::string format_duration(double seconds);
std::string format_usd(double usd);
std::string format_ratio(double ratio);
std::string format_bytes(double bytes);  // "11.6 MiB", "3.0 TiB"

// "aws g4dn.xlarge (T4, on-demand)" or "this CPU (AMD EPYC)".
std::string describe_option(const Option& option);

}  // namespace advise
