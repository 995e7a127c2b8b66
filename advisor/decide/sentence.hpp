#pragma once
// The sentences of a decision: "Train on this CPU: ...", "Use aws g5.xlarge: ...
// 20x faster than this CPU at 8x its hourly cost, which it needs to beat to pay off".

#include <string>
#include <vector>

#include "advisor/decide/decide.hpp"

namespace advise {

// "aws g4dn.xlarge (T4, on-demand)" or "this CPU (AMD EPYC)".
std::string describe_option(const Option& option);

// Why nothing in `ranked` qualifies, in one sentence with the nearest miss.
std::string nothing_qualifies(const std::vector<Option>& ranked, const DecisionSettings& settings);

// The recommendation of `chosen` with its reasons in numbers: speedup over this CPU, hourly
// price ratio and the break-even speedup it implies, the run's time and cost.
std::string sentence_for(const std::vector<Option>& ranked, const Option& chosen, const DecisionSettings& settings);

// "Idle, it still costs $32.77 an hour: left running over a weekend (64 h), $2097. Stop the
// instance when the run ends."
std::string idle_reminder(double idle_usd_per_hour, double forgotten_weekend_usd);

}  // namespace advise
