#pragma once
// Summaries of timing samples.

#include <vector>

namespace advise {

struct SampleSummary {
  double median = 0;
  double min = 0;
  double max = 0;
  // (max - min) / median: the relative spread a report shows next to a median.
  double relative_spread() const { return median > 0 ? (max - min) / median : 0; }
};

// Summary of `samples` (must not be empty).
SampleSummary summarize(std::vector<double> samples);

}  // namespace advise
