#include "suggest.hpp"

#include <algorithm>
#include <cctype>

namespace advise {

static std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view given,
                                        const std::vector<std::string>& candidates) {
  const std::string needle = lower(given);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(needle, lower(candidate));
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // A typo changes a few characters; beyond a third of the word it is another word.
  const std::size_t tolerance = std::max<std::size_t>(2, given.size() / 3);
  if (best && best_distance <= tolerance) return best;
  return std::nullopt;
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates) {
  const auto best = closest_name(given, candidates);
  return best ? " (did you mean \"" + *best + "\"?)" : "";
}

}  // namespace advise
