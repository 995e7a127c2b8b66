#pragma once
// Renders a finished advice. Printers format; they never compute a figure
// that is not already in the Advice.

#include <ostream>
#include <string>
#include <vector>

#include "advisor/decide/decide.hpp"
#include "advisor/predict/framework_costs.hpp"
#include "advisor/report/text_table.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"
#include "probes/machine_probe.hpp"

namespace advise {

struct Advice {
  Workload workload;
  std::vector<ShapeCount> shapes;        // the step's distinct GEMMs, with how often a step runs each
  std::vector<ConvCount> convolutions;  // the step's distinct convolution passes, likewise
  MachineProfile profile;
  Decision decision;
  std::vector<CatalogInfo> catalogs;
  std::string gpu_unavailable_reason;  // empty when a GPU was measured
  CpuFrameworkCosts framework;         // the framework's own costs the CPU figures use
  double hours_per_week = 40;           // a bought GPU's use, behind buy-vs-rent in months
};

struct TableStyle {
  std::size_t max_options = 20;  // rows of the options table; 0: all
  bool explain = false;          // per-layer table of parameters, FLOPs, activations and GEMMs
  TerminalStyle terminal;        // width to fit and whether colour is allowed
};

// The per-layer table of --explain.
void write_layers(std::ostream& out, const Workload& workload);

void write_table(std::ostream& out, const Advice& advice, const TableStyle& style = {});
void write_json(std::ostream& out, const Advice& advice);
// One row per option, every JSON option field a column named as in the JSON.
void write_csv(std::ostream& out, const Advice& advice);
// The table's content as a markdown document, for an issue, a wiki or a pull request.
void write_markdown(std::ostream& out, const Advice& advice, const TableStyle& style = {});

}  // namespace advise
