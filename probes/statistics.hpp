#pragma once
// Summaries of timing samples.

#include <vector>

namespace advise {

struct SampleSummary {
  double median = 0;
  double min = 0;
  double max = 0;
  double first_quartile = 0;
  double third_quartile = 0;
  // (max - min) / median: the relative spread a report shows next to a median.
  double relative_spread() const { return median > 0 ? (max - min) / median : 0; }
  // (third quartile - first quartile) / median: spread that one outlier does not move.
  double interquartile_spread() const { return median > 0 ? (third_quartile - first_quartile) / median : 0; }
};

// Summary of `samples` (must not be empty).
SampleSummary summarize(std::vector<double> samples);

}  // namespace advise
