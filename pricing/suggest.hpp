#pragma once
// "Did you mean …?" for unknown names: the closest candidate by edit distance,
// offered only when it is close enough to be a plausible typo.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace advise {

std::size_t edit_distance(std::string_view a, std::string_view b);

std::optional<std::string> closest_name(std::string_view given,
                                        const std::vector<std::string>& candidates);

// " (did you mean \"x\"?)" or "" when nothing is close.
std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates);

}  // namespace advise
