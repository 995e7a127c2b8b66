#include "statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>


namespace advise {

SampleSummary summarize(std::vector<double> samples) {
  if (samples.empty()) throw std::logic_error("summarize: no samples");
  std::sort(samples.begin(), samples.end());
  const std::size_t middle = samples.size() / 2;
  SampleSummary summary;
  summary.median = samples.size() % 2 == 1 ? samples[middle] : 0.5 * (samples[middle - 1] + samples[middle]);
  summary.min = samples.front();
  summary.max = samples.back();
  // Nearest-rank quartiles: enough for a noise flag.
  const double last = static_cast<double>(samples.size() - 1);
  summary.first_quartile = samples[static_cast<std::size_t>(std::lround(0.25 * last))];
  summary.third_quartile = samples[static_cast<std::size_t>(std::lround(0.75 * last))];
  return summary;
}

}  // namespace advise
