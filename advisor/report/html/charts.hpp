#pragma once
// The report's charts, each one self-contained inline SVG (no script; <title> names each mark).

#include <string>

#include "advisor/report/report.hpp"

namespace advise {

// Time per run against cost per run (log axes) for every feasible option: the cheap-and-fast
// (Pareto) front drawn, the choice highlighted, bands as error bars, this CPU and a local GPU marked.
std::string cost_time_scatter(const Advice& advice);

// The step's time by kind of work (GEMMs and convolutions, memory-bound passes, framework and
// launch time, exposed all-reduce) on this CPU and on the chosen device.
std::string step_breakdown_bars(const Advice& advice);

// This machine's measured roofline (peak and triad bandwidth) with the model's GEMMs placed on it.
std::string roofline_chart(const Advice& advice);
// The same for this machine's GPU (its peaks, measured bandwidth, the GEMMs timed on it); "" without one.
std::string gpu_roofline_chart(const Advice& advice);

// The model's memory (weights, gradients, optimizer, activations) against each device's memory.
std::string memory_chart(const Advice& advice);

}  // namespace advise
