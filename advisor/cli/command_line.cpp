#include "advisor/cli/command_line.hpp"

namespace advise {
namespace {

// A whole number within [min, max]: "expected a whole number from 1 to 65536, got "abc"".
CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  CLI::Validator check(
      [min, max](std::string& text) {
        std::size_t used = 0;
        long long value = 0;
        try {
          value = std::stoll(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != text.size() || used == 0 || value < min || value > max) {
          return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got \"" +
                 text + "\"";
        }
        return std::string();
      },
      "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
  return check;
}

// Options every command that reads catalogs shares.
void add_catalog_options(CLI::App& app, CatalogSelection& selection) {
  app.add_option("-p,--pricing", selection.command_line_paths,
                 "Extra price/spec catalog file or directory; repeatable; later ones override earlier and bundled ones");
  app.add_flag("--no-bundled-prices", [&selection](std::int64_t) { selection.use_bundled = false; },
               "Use only the catalogs given with --pricing, $ADVISE_PRICING or the config directory");
  app.add_option("--max-catalog-age-days", selection.max_age_days, "Flag price catalogs older than this as stale")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--today", selection.today, "Date used for staleness checks (YYYY-MM-DD; default: today)")
      ->group("");
}

// "12h", "3d", "90m", "45s" or plain seconds; anything else is a usage error.
double parse_duration(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw CLI::ValidationError("--deadline", "expected a duration such as 12h, 3d or 90m, got \"" + text + "\"");
  }
  const std::string unit = text.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (scale == 0 || !(value > 0)) {
    throw CLI::ValidationError("--deadline", "expected a positive duration such as 12h, 3d or 90m, got \"" + text + "\"");
  }
  return value * scale;
}

// Where the advice goes: stdout's format, and the HTML report besides.
void add_output_options(CLI::App& app, AdviseRequest& request) {
  app.add_option("--format", request.format,
                 "Output format on stdout: table (fits the terminal; NO_COLOR turns colour off), json, markdown, "
                 "or csv (one row per option, the JSON's option fields as columns)")
      ->check(CLI::IsMember({"table", "json", "markdown", "csv"}))
      ->capture_default_str();
  app.add_option("--html", request.html_file,
                 "Also write a self-contained HTML report (charts, no scripts, no network) to this file");
}

}  // namespace

void setup_advise(CLI::App& app, AdviseRequest& request, std::string& objective) {
  app.add_option("-m,--model", request.model_file, "Model description (TOML), e.g. examples/mlp-mnist.toml");
  add_catalog_options(app, request.catalogs);
  app.add_option("--objective", objective, "What to minimise: cost (per run) or time (per run)")
      ->check(CLI::IsMember({"cost", "time"}))
      ->capture_default_str();
  app.add_flag("--spot", request.options.include_spot, "Also consider spot (interruptible) prices");
  app.add_flag("--buy", request.decision.consider_buying,
               "Consider buying a GPU (its price spread over amortisation_years x hours_per_year of use, plus power); "
               "buy-vs-rent break-evens are shown either way");
  app.add_option("--deadline", [&request](const CLI::results_t& values) {
        request.decision.deadline_seconds = parse_duration(values.at(0));
        return true;
      }, "The cheapest option that finishes a run within this time, e.g. 12h, 3d, 90m")
      ->type_name("DURATION");
  app.add_option("--budget", request.decision.budget_usd, "The fastest option whose run costs at most this (USD)")
      ->check(CLI::Range(0.0, 1e12));
  app.add_option("--runs", request.options.runs, "Runs of this training (times and costs multiply; set-up is per run)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--hours-per-week", request.options.hours_per_week,
                 "How many hours a week a bought GPU would train, for buy-vs-rent in months")
      ->check(CLI::Range(1.0, 168.0))
      ->capture_default_str();
  app.add_option("--region", request.options.region, "Only consider cloud instances in this region");
  app.add_option("--setup-minutes", [&request](const CLI::results_t& values) {
        request.options.setup_seconds = std::stod(values.at(0)) * 60;
        return true;
      }, "Billed start-up time of a cloud run (default 5)")
      ->type_name("MINUTES")
      ->check(CLI::Range(0.0, 1440.0));
  app.add_option("--usd-per-kwh", request.usd_per_kwh, "Electricity price for this machine (default from catalogs: 0.16)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--machine-watts", request.machine_watts, "This machine's power draw while training (default 120)")
      ->check(CLI::Range(1.0, 100000.0));
  app.add_option("--cpu-gemm", request.cpu_gemm,
                 "Library the dense layers' fp32 GEMMs are timed with on this CPU: onednn, or system-blas for "
                 "a framework built on the system BLAS (libblas.so.3, e.g. Debian's PyTorch; ADVISE_SYSTEM_BLAS "
                 "names another file). Default: system-blas when `advise calibrate pytorch` found PyTorch "
                 "calling it here, else onednn")
      ->check(CLI::IsMember({"onednn", "system-blas"}));
  app.add_option("--threads", request.probe.threads, "CPU threads for the probe (default: all)")
      ->check(whole_number(1, 65536));
  app.add_option("--probe-seconds", request.probe.probe_seconds, "Time budget of the whole probe")
      ->check(CLI::Range(0.5, 3600.0))
      ->capture_default_str();
  app.add_option("--probe-results", request.probe_results,
                 "Use these probe results (advise probe --format json, maybe from another machine) instead of probing");
  app.add_flag("--reprobe", request.probe.reprobe, "Measure again instead of reusing this machine's cached results");
  app.add_flag("--no-cache", request.no_cache, "Neither read nor write the probe cache ($XDG_CACHE_HOME/advise)");
  app.add_flag("--no-gpu", [&request](std::int64_t) { request.probe.probe_gpu = false; },
               "Do not look for a local GPU");
  add_output_options(app, request);
  app.add_flag("--all", request.all_options, "List every option in the table (default: the best 20)");
  app.add_flag("--explain", request.explain,
               "Also print a per-layer table: parameters, forward and training FLOPs, activations, GEMM shapes");
}

CLI::App* setup_prices(CLI::App& app, PricesRequest& request) {
  CLI::App* prices = app.add_subcommand("prices", "Browse the price catalogs (like sky show-gpus)");
  add_catalog_options(*prices, request.catalogs);
  PriceQuery& query = request.query;
  prices->add_option("--gpu", query.gpu, "Only instances with this GPU (part of its name, e.g. H100)");
  prices->add_option("--provider", query.provider, "Only this provider (aws, gcp, azure, lambda, runpod, ...)");
  prices->add_option("--region", query.region, "Only this region");
  prices->add_flag("--spot", query.spot_only, "Only instances sold as spot, ranked by spot price");
  prices->add_flag("--gpus-only", query.gpu_only, "Only GPU instances");
  prices->add_flag("--cpus-only", query.cpu_only, "Only CPU instances");
  prices->add_option("--min-gpu-memory-gib", query.min_gpu_memory_gib, "Only GPUs with at least this much memory")
      ->check(CLI::Range(0.0, 1e6));
  prices->add_option("--sort", query.sort, "Sort by hourly price, price per dense TFLOP/s-hour, or GPU memory")
      ->check(CLI::IsMember({"price", "usd-per-tflop", "memory"}))
      ->capture_default_str();
  prices->add_option("--precision", query.precision, "Precision of the peak used for usd-per-tflop")
      ->check(CLI::IsMember({"fp32", "tf32", "bf16", "fp16"}))
      ->capture_default_str();
  prices->add_option("--format", request.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}))
      ->capture_default_str();
  return prices;
}

CLI::App* setup_probe(CLI::App& app, ProbeRequest& request) {
  CLI::App* probe = app.add_subcommand("probe", "Measure this machine without a model and print its roofline");
  probe->add_option("-m,--model", request.model_file, "Also measure this model's GEMM shapes");
  probe->add_option("--threads", request.probe.threads, "CPU threads for the probe (default: all)")
      ->check(whole_number(1, 65536));
  probe->add_option("--probe-seconds", request.probe.probe_seconds, "Time budget of the whole probe")
      ->check(CLI::Range(0.5, 3600.0))
      ->capture_default_str();
  probe->add_flag("--reprobe", request.probe.reprobe, "Measure again instead of reusing cached results");
  probe->add_option("--probe-results", request.probe_results,
                    "Print these probe results (advise probe --format json) in the chosen format instead of measuring");
  probe->add_flag("--no-cache", request.no_cache, "Neither read nor write the probe cache");
  probe->add_flag("--no-gpu", [&request](std::int64_t) { request.probe.probe_gpu = false; },
                  "Do not look for a local GPU");
  probe->add_option("--format", request.format,
                    "Output format: table, json (can be passed back with --probe-results), markdown, or csv "
                    "(one row per measured GEMM, the JSON's probe fields as columns)")
      ->check(CLI::IsMember({"table", "json", "markdown", "csv"}))
      ->capture_default_str();
  return probe;
}

CLI::App* setup_calibrate(CLI::App& app, CalibrateRequest& request) {
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Measure your framework's own costs on this machine (about a minute) for `advise` to use");
  calibrate->add_option("framework", request.framework, "The framework")->required()->check(CLI::IsMember({"pytorch"}));
  calibrate->add_option("--seconds", request.seconds, "Time per measurement of the micro-benchmark")
      ->check(CLI::Range(0.01, 60.0))
      ->capture_default_str();
  calibrate->add_option("--threads", request.threads, "CPU threads, as you will pass to advise (default: all)")
      ->check(whole_number(1, 65536));
  calibrate->add_option("--python", request.python,
                        "The Python that imports your framework (default: $ADVISE_PYTHON, python3, /usr/bin/python3)");
  return calibrate;
}

CLI::App* setup_import(CLI::App& prices, ImportRequest& request) {
  CLI::App* import = prices.add_subcommand(
      "import", "Convert another tool's catalog to an advise catalog (TOML on stdout), e.g.\n"
                "advise prices import skypilot aws/vms.csv > ~/.config/advise/pricing/aws.toml");
  import->add_option("kind", request.kind, "Catalog kind")->required()->check(CLI::IsMember({"skypilot"}));
  import->add_option("file", request.file, "The catalog file (SkyPilot vms.csv)")->required();
  import->add_option("--provider", request.provider, "Provider name (default: the CSV's directory name)");
  import->add_option("--as-of", request.as_of,
                     "Date of the prices (YYYY-MM-DD; default: unknown, and the catalog is always flagged stale)");
  add_catalog_options(*import, request.catalogs);
  return import;
}

}  // namespace advise
