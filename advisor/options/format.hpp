#pragma once
// Human-friendly durations, money, ratios and sizes for sentences and tables:
// "3.2 min", "$0.0041", "12x", "11.6 MiB".

#include <string>

namespace advise {

std::string format_duration(double seconds);
std::string format_usd(double usd);
std::string format_ratio(double ratio);
std::string format_bytes(double bytes);  // "11.6 MiB", "3.0 TiB"

}  // namespace advise
