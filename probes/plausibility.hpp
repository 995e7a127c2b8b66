#pragma once
// Times a probe cannot have measured: not a number, zero or negative, or a rate
// above the device's peak by more than its boost clock allows. A clock that jumped,
// a timer bug or a broken backend shows up this way; such a time is never a figure.

#include <string>
#include <vector>

namespace advise {

// A measured rate above the peak by more than this is a wrong time, not a fast device
// (boost clocks run a device at most some 20 % above the clock its peak is computed from).
constexpr double kPlausiblePeakFactor = 1.5;

// Why `seconds_per_call` (of a call of `flops`) cannot be trusted, or "" when they can.
// `peak_flops` 0: the rate is not checked. `who` names the timer in the message.
std::string implausible_times(const std::vector<double>& seconds_per_call, double flops, double peak_flops,
                              const std::string& who);

}  // namespace advise
