#pragma once
// Human-friendly durations, money, ratios, sizes and rates for sentences and tables:
// "3.2 min", "$0.0041", "12x", "11.6 MiB", "1.35 TFLOP/s".

#include <string>

namespace advise {

std::string format_duration(double seconds);
std::string format_usd(double usd);
std::string format_ratio(double ratio);
std::string format_bytes(double bytes);  // "11.6 MiB", "3.0 TiB"
std::string format_flop_rate(double flops_per_second);  // "850 GFLOP/s", "1.35 TFLOP/s", "989 TFLOP/s"
std::string format_count(long long count, const std::string& noun);  // "1 epoch", "90 epochs"
std::string with_article(const std::string& name);  // "an RTX-4090", "a T4", "a Quadro-RTX-8000"

}  // namespace advise
