#pragma once
// The command line's options, one setup function per command: each fills its
// command's request as CLI11 parses (CLI11 examples/subcom_in_files).

#include <CLI/CLI.hpp>
#include <string>

#include "advisor/cli/advise_command.hpp"
#include "advisor/cli/import_command.hpp"
#include "advisor/cli/prices_command.hpp"
#include "advisor/cli/calibrate_command.hpp"
#include "advisor/cli/probe_command.hpp"

namespace advise {

// `advise --model M.toml ...`; `objective` receives "cost" or "time".
void setup_advise(CLI::App& app, AdviseRequest& request, std::string& objective);
// `advise prices ...`, `advise prices import ...`, `advise probe ...`: the subcommands they add.
CLI::App* setup_prices(CLI::App& app, PricesRequest& request);
CLI::App* setup_import(CLI::App& prices, ImportRequest& request);
CLI::App* setup_probe(CLI::App& app, ProbeRequest& request);
CLI::App* setup_calibrate(CLI::App& app, CalibrateRequest& request);

}  // namespace advise
