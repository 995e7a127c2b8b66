#include "advisor/cli/cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "advisor/cli/command_line.hpp"
#include "advisor/cli/errors.hpp"
#include "advisor/cli/prices_command.hpp"
#include "advisor/cli/probe_command.hpp"
#include "advisor/cli/terminal.hpp"
#include "probes/probe_cache.hpp"

namespace advise {
namespace {

// Progress lines on stderr, overwriting each other, only when stderr is a terminal.
ProbeProgress terminal_progress() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](const std::string& line) { std::cerr << "\r\033[K[probe] " << line << std::flush; };
}

void clear_progress() {
  if (isatty(STDERR_FILENO)) std::cerr << "\r\033[K" << std::flush;
}

// A flag's date must be a real YYYY-MM-DD: a typo would otherwise turn staleness off.
void require_date(const std::string& flag, const std::string& text) {
  if (!is_iso_date(text)) throw UsageError(flag + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
}

void fill_defaults(CatalogSelection& selection) {
  selection.bundled_dir = bundled_catalog_dir();
  if (selection.today.empty()) selection.today = today_iso();
  require_date("--today", selection.today);
}

int run_advise(AdviseRequest& request, const std::string& objective) {
  request.decision.objective = objective == "time" ? Objective::time : Objective::cost;
  // A deadline asks for the cheapest run in time; a budget for the fastest run it pays for.
  if (request.decision.deadline_seconds) request.decision.objective = Objective::cost;
  else if (request.decision.budget_usd) request.decision.objective = Objective::time;
  fill_defaults(request.catalogs);
  if (!request.no_cache) request.probe.cache_dir = default_cache_dir();
  const Advice advice = make_advice(request, terminal_progress());
  clear_progress();
  for (const auto& warning : advice.profile.warnings) std::cerr << "advise: warning: " << warning << "\n";
  write_advice(std::cout, advice, request, stdout_terminal_style());
  if (!request.html_file.empty()) std::cerr << "advise: wrote the HTML report to " << request.html_file << "\n";
  return kExitOk;
}

// After a measuring command: the progress line cleared, then its warnings.
int report_warnings(const std::vector<std::string>& warnings) {
  clear_progress();
  for (const auto& warning : warnings) std::cerr << "advise: warning: " << warning << "\n";
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "advise: measures this machine on your model's own matrix multiplications, predicts the\n"
      "training time on cloud and purchasable hardware, and recommends the cheapest (or fastest)\n"
      "way to train it, with the reasons in numbers.\n\n"
      "  advise --model M.toml            advise on a model\n"
      "  advise probe                     measure this machine's roofline\n"
      "  advise calibrate pytorch         measure your PyTorch's own costs here\n"
      "  advise prices [--gpu H100]       browse the price catalogs\n"
      "  advise prices import skypilot F  convert a SkyPilot catalog CSV"};
  app.set_version_flag("--version", "advise 0.1.0");
  app.require_subcommand(0, 1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("advise: error: ") + e.what() + "\nRun with --help for more information.\n";
  });
  AdviseRequest request;
  std::string objective = "cost";
  setup_advise(app, request, objective);
  PricesRequest prices_request;
  CLI::App* prices = setup_prices(app, prices_request);
  ImportRequest import_request;
  CLI::App* import = setup_import(*prices, import_request);
  ProbeRequest probe_request;
  probe_request.probe.probe_seconds = 4;
  CLI::App* probe = setup_probe(app, probe_request);
  CalibrateRequest calibrate_request;
  CLI::App* calibrate = setup_calibrate(app, calibrate_request);
  try {
    app.parse(argc, argv);
    if (!*prices && !*probe && !*calibrate && request.model_file.empty()) throw CLI::RequiredError("--model");
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;  // CLI11's own codes start at 100
  }

  if (*import) {
    fill_defaults(import_request.catalogs);
    if (!import_request.as_of.empty()) require_date("--as-of", import_request.as_of);
    run_import(import_request, std::cout);
    return kExitOk;
  }
  if (*probe) {
    if (!probe_request.no_cache) probe_request.probe.cache_dir = default_cache_dir();
    probe_request.terminal = stdout_terminal_style();
    return report_warnings(run_probe(probe_request, std::cout, terminal_progress()));
  }
  if (*calibrate) {
    calibrate_request.cache_dir = default_cache_dir();
    return report_warnings(run_calibrate(calibrate_request, std::cout, terminal_progress()));
  }
  if (*prices) {
    fill_defaults(prices_request.catalogs);
    run_prices(prices_request, std::cout, stdout_terminal_style());
    return kExitOk;
  }
  return run_advise(request, objective);
}

}  // namespace advise
