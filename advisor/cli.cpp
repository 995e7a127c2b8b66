#include "cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "advisor/advise_command.hpp"
#include "advisor/errors.hpp"

#ifndef ADVISE_BUNDLED_CATALOG_DIR
#define ADVISE_BUNDLED_CATALOG_DIR "pricing/data"
#endif

namespace advise {
namespace {

std::string today_iso() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{today};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

// The bundled catalogs: next to an installed binary, else in the source tree it was built from.
std::string bundled_catalog_dir(const char* argv0) {
  std::error_code error;
  const auto exe = std::filesystem::canonical("/proc/self/exe", error);
  if (!error) {
    const auto installed = exe.parent_path().parent_path() / "share" / "advise" / "catalogs";
    if (std::filesystem::is_directory(installed, error)) return installed.string();
  }
  (void)argv0;
  return ADVISE_BUNDLED_CATALOG_DIR;
}

void setup_advise(CLI::App& app, AdviseRequest& request, std::string& objective) {
  app.add_option("-m,--model", request.model_file, "Model description (TOML), e.g. examples/mlp-mnist.toml")
      ->required();
  app.add_option("-p,--pricing", request.pricing_paths,
                 "Extra price/spec catalog file or directory; repeatable; later ones override earlier and bundled ones");
  app.add_flag("--no-bundled-prices", [&request](std::int64_t) { request.use_bundled_prices = false; },
               "Use only the catalogs given with --pricing");
  app.add_option("--objective", objective, "What to minimise: cost (per run) or time (per run)")
      ->check(CLI::IsMember({"cost", "time"}))
      ->capture_default_str();
  app.add_flag("--spot", request.options.include_spot, "Also consider spot (interruptible) prices");
  app.add_option("--region", request.options.region, "Only consider cloud instances in this region");
  app.add_option("--setup-minutes", [&request](const CLI::results_t& values) {
        request.options.setup_seconds = std::stod(values.at(0)) * 60;
        return true;
      }, "Billed start-up time of a cloud run (default 5)")
      ->check(CLI::Range(0.0, 1440.0));
  app.add_option("--usd-per-kwh", request.usd_per_kwh, "Electricity price for this machine (default from catalogs: 0.16)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--machine-watts", request.machine_watts, "This machine's power draw while training (default 120)")
      ->check(CLI::Range(1.0, 100000.0));
  app.add_option("--threads", request.probe.threads, "CPU threads for the probe (default: all)")
      ->check(CLI::Range(1, 65536));
  app.add_option("--probe-seconds", request.probe.probe_seconds, "Time budget of the whole probe")
      ->check(CLI::Range(0.5, 3600.0))
      ->capture_default_str();
  app.add_flag("--no-gpu", [&request](std::int64_t) { request.probe.probe_gpu = false; },
               "Do not look for a local GPU");
  app.add_option("--format", request.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  app.add_flag("--all", request.all_options, "List every option in the table (default: the best 20)");
  app.add_option("--max-catalog-age-days", request.max_catalog_age_days,
                 "Flag catalogs older than this as stale")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--today", request.today, "Date used for staleness checks (YYYY-MM-DD; default: today)")
      ->group("");
}

// Progress lines on stderr, overwriting each other, only when stderr is a terminal.
ProbeProgress terminal_progress() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](const std::string& line) { std::cerr << "\r\033[K[probe] " << line << std::flush; };
}

void clear_progress() {
  if (isatty(STDERR_FILENO)) std::cerr << "\r\033[K" << std::flush;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "advise: measures this machine on your model's own matrix multiplications, predicts the\n"
      "training time on cloud and purchasable hardware, and recommends the cheapest (or fastest)\n"
      "way to train it, with the reasons in numbers."};
  app.set_version_flag("--version", "advise 0.1.0");
  AdviseRequest request;
  request.bundled_catalog_dir = bundled_catalog_dir(argv[0]);
  std::string objective = "cost";
  setup_advise(app, request, objective);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("advise: error: ") + e.what() + "\nRun with --help for more information.\n";
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;  // CLI11's own codes start at 100
  }
  request.objective = objective == "time" ? Objective::time : Objective::cost;
  if (request.today.empty()) request.today = today_iso();

  const Advice advice = make_advice(request, terminal_progress());
  clear_progress();
  write_advice(std::cout, advice, request);
  return kExitOk;
}

}  // namespace advise
