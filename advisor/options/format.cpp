#include "advisor/options/format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace advise {

std::string format_duration(double seconds) {
  char text[64];
  if (!std::isfinite(seconds)) return "forever";
  if (seconds < 1e-3) std::snprintf(text, sizeof text, "%.1f \u00b5s", seconds * 1e6);
  else if (seconds < 1) std::snprintf(text, sizeof text, "%.1f ms", seconds * 1e3);
  else if (seconds < 120) std::snprintf(text, sizeof text, "%.1f s", seconds);
  else if (seconds < 7200) std::snprintf(text, sizeof text, "%.1f min", seconds / 60);
  else if (seconds < 3 * 86400) std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
  else if (seconds < 730 * 86400) std::snprintf(text, sizeof text, "%.1f d", seconds / 86400);
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
  if (std::isinf(ratio)) return "never";
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

std::string format_flop_rate(double flops_per_second) {
  char text[64];
  if (flops_per_second < 1e12) std::snprintf(text, sizeof text, "%.0f GFLOP/s", flops_per_second / 1e9);
  else if (flops_per_second < 1e14) std::snprintf(text, sizeof text, "%.3g TFLOP/s", flops_per_second / 1e12);
  else std::snprintf(text, sizeof text, "%.0f TFLOP/s", flops_per_second / 1e12);
  return text;
}

std::string format_count(long long count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// A name's first word is read letter by letter when it is all capitals and digits (RTX, A100,
// MI300X: "an RTX", "an H100", "a T4"), else as a word ("a Quadro", "an Instinct").
std::string with_article(const std::string& name) {
  if (name.empty()) return name;
  const std::size_t word_end = name.find_first_of(" -_");
  const std::string word = name.substr(0, word_end);
  bool initialism = true;
  for (const char c : word) {
    if (std::islower(static_cast<unsigned char>(c))) initialism = false;
  }
  const char first = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  // Letters whose spoken name starts with a vowel sound: ay, ee, ef, aitch, eye, el, em, en, oh, ar, es, ex.
  const char* vowel_sound = initialism ? "AEFHILMNORSX8" : "AEIOU8";
  const bool an = std::strchr(vowel_sound, first) != nullptr && first != '\0';
  return (an ? "an " : "a ") + name;
}

}  // namespace advise
