#pragma once
// A predicted step time: where its figures come from and how uncertain they are.

#include <iosfwd>
#include <string>

namespace advise {

// Best first: measured on this machine; transferred (a local GPU's efficiency moved to
// another GPU, or another machine's probe results); scaled (this CPU's measurements to
// a cloud CPU); predicted from a datasheet. The band widens down the list (uncertainty.hpp).
enum class FigureSource { measured, transferred, scaled, specs };

// The JSON and table names: "measured", "transferred", "scaled", "specs".
std::string to_string(FigureSource source);
std::ostream& operator<<(std::ostream& out, FigureSource source);

struct StepEstimate {
  double seconds = 0;
  double low = 0;   // plausible fastest
  double high = 0;  // plausible slowest
  FigureSource source = FigureSource::measured;
  double gemm_seconds = 0;
  double memory_seconds = 0;
  double overhead_seconds = 0;
  double allreduce_seconds = 0;  // gradient all-reduce per step (several GPUs), before overlap
  bool sharded = false;          // states sharded over the GPUs (ZeRO-3)
  double scaling_efficiency = 0;  // several GPUs: one GPU's share of the step alone over the whole step; else 0
  double scaling_efficiency_low = 0;  // several GPUs: the same at the band's slow end (a slow host); else 0
  std::string note;
};

}  // namespace advise
