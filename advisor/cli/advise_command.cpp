#include "advisor/cli/advise_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "advisor/cli/errors.hpp"
#include "advisor/predict/arithmetic_rates.hpp"
#include "advisor/predict/framework_costs.hpp"
#include "advisor/predict/local_gpu.hpp"
#include "advisor/model/model.hpp"
#include "advisor/report/html/html_report.hpp"
#include "advisor/workload/workload.hpp"
#include "pricing/suggest.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/probe_cache.hpp"
#include "probes/probe_results.hpp"

namespace advise {
namespace {

Catalogs load_requested_catalogs(const AdviseRequest& request) {
  Catalogs catalogs = load_selected_catalogs(request.catalogs);
  if (catalogs.local && request.usd_per_kwh) catalogs.local->usd_per_kwh = *request.usd_per_kwh;
  if (catalogs.local && request.machine_watts) catalogs.local->machine_watts = *request.machine_watts;
  return catalogs;
}

std::string gemm_text(const GemmShape& shape) {
  return std::to_string(shape.m) + "x" + std::to_string(shape.n) + "x" + std::to_string(shape.k);
}

// An unknown --region would remove every cloud option without a word: refuse it, naming the nearest.
void check_region(const std::string& region, const Catalogs& catalogs) {
  if (region.empty()) return;
  std::vector<std::string> regions;
  for (const Instance& instance : catalogs.instances) {
    if (instance.region == region) return;
    if (std::find(regions.begin(), regions.end(), instance.region) == regions.end()) regions.push_back(instance.region);
  }
  std::stable_sort(regions.begin(), regions.end(), [&](const std::string& a, const std::string& b) {
    return edit_distance(region, a) < edit_distance(region, b);
  });
  std::string nearest;
  for (std::size_t i = 0; i < regions.size() && i < 3; ++i) nearest += (i ? ", " : "") + regions[i];
  throw UsageError("--region: no instance in the catalogs is in \"" + region + "\"" +
                   (nearest.empty() ? std::string() : "; the nearest regions: " + nearest));
}

// Every shape of the step measured and checked on the CPU; a failed convolution probe stops the
// advice too (a skipped convolution falls back to its implicit GEMMs). A GPU shape that failed
// leaves the local GPU's option out, with its reason, and the advice goes on.
void require_verified(const MachineProfile& profile, const std::vector<ShapeCount>& shapes) {
  if (profile.bandwidth.status != ProbeStatus::ok) {
    throw ProbeError("memory bandwidth probe failed: " + profile.bandwidth.reason);
  }
  for (const ShapeCount& entry : shapes) {
    const Measurement* measurement = profile.find_gemm(entry.shape);
    if (!measurement || measurement->status != ProbeStatus::ok || !measurement->verified) {
      throw ProbeError("CPU probe of GEMM " + gemm_text(entry.shape) +
                       " failed: " + (measurement ? measurement->reason : "not measured"));
    }
  }
  for (const ConvMeasurement& measurement : profile.convolutions) {
    if (measurement.status == ProbeStatus::failed) {
      std::ostringstream shape;
      shape << measurement.shape;
      throw ProbeError("CPU probe of convolution " + to_string(measurement.pass) + " " + shape.str() +
                       " failed: " + measurement.reason);
    }
  }
}

// The shapes of the step's GEMMs that are not a convolution's implicit GEMM, once each.
std::vector<GemmShape> dense_layer_shapes(const Workload& workload) {
  std::vector<GemmShape> dense;
  for (const WorkloadGemm& gemm : workload.gemms) {
    if (!gemm.convolution && std::find(dense.begin(), dense.end(), gemm.shape) == dense.end()) {
      dense.push_back(gemm.shape);
    }
  }
  return dense;
}

// The library the dense layers' fp32 GEMMs are timed with: as asked, or (--cpu-gemm not given)
// the system BLAS when this machine's framework calibration says the framework calls it.
std::string gemm_library(const AdviseRequest& request) {
  if (!request.cpu_gemm.empty()) return request.cpu_gemm;
  if (request.probe_results.empty() && !request.probe.cache_dir.empty()) {
    std::vector<std::string> ignored;
    const MachineFingerprint fingerprint = current_fingerprint(set_cpu_threads(request.probe.threads));
    const CachedProfile cached = load_cache(cache_file(request.probe.cache_dir, fingerprint), fingerprint, ignored);
    if (cached.calibration && cached.calibration->calls_system_blas()) return "system-blas";
  }
  return "onednn";
}

// A report that cannot be written is refused before any probe time is spent on it.
void check_html_destination(const std::string& path) {
  if (path.empty()) return;
  const std::filesystem::path file(path);
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    throw InputError({path}, "--html", "no folder " + folder.string() + " to write the report in");
  }
  if (std::filesystem::is_directory(file, error)) throw InputError({path}, "--html", "is a directory, not a file");
  if (access(folder.c_str(), W_OK) != 0) throw InputError({path}, "--html", "the folder is not writable");
}

// The report is written whole or not at all: a half-written file would look like a finished one.
void write_html_file(const std::string& path, const Advice& advice) {
  std::ostringstream page;
  write_html(page, advice);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file || !(file << page.str()) || !file.flush()) {
    throw InputError({path}, "--html", "cannot write the report here (check that the folder exists and is writable)");
  }
}

}  // namespace

Advice make_advice(const AdviseRequest& request, const ProbeProgress& progress) {
  // Read every input before measuring, so a typo costs no probe time.
  const ModelDescription model = load_model(request.model_file);
  const Catalogs catalogs = load_requested_catalogs(request);
  Advice advice;
  advice.framework = read_framework_costs(catalogs.cpu_framework);
  catalogs.prediction_constants();  // present, or an error before any probe time is spent
  catalogs.local_costs();
  check_region(request.options.region, catalogs);
  check_html_destination(request.html_file);

  advice.workload = build_workload(model);
  advice.shapes = distinct_shapes(advice.workload);
  std::vector<GemmShape> shapes;
  std::vector<double> weights;
  for (const auto& entry : advice.shapes) {
    shapes.push_back(entry.shape);
    weights.push_back(entry.shape.flops() * static_cast<double>(entry.count));
  }
  MachineProbeSettings probe = request.probe;
  if (gemm_library(request) == "system-blas") probe.system_blas_shapes = dense_layer_shapes(advice.workload);
  advice.convolutions = distinct_convolutions(advice.workload);
  for (const ConvCount& entry : advice.convolutions) {
    probe.convolutions.push_back({entry.shape, entry.pass, entry.shape.flops() * static_cast<double>(entry.count)});
  }
  probe.arithmetic = arithmetic_requests(advice.workload);
  const Workload& workload = advice.workload;
  probe.gpu_plan = [&workload](const GpuFacts& gpu) { return gpu_probe_plan(workload, gpu); };
  advice.profile = request.probe_results.empty()
                       ? probe_machine(shapes, weights, probe, progress)
                       : profile_from_probe_results(request.probe_results, shapes, probe.convolutions,
                                                    probe.arithmetic);
  require_verified(advice.profile, advice.shapes);
  if (advice.profile.calibration) {
    advice.framework =
        calibrated_framework_costs(*advice.profile.calibration, catalogs.cpu_framework, advice.profile.cache_path);
  }
  advice.gpu_unavailable_reason = advice.profile.gpu.available ? "" : advice.profile.gpu.reason;
  // A GPU the catalog knows gets its datasheet peaks rather than the architecture's estimate.
  if (advice.profile.gpu.available) {
    if (const GpuSpec* spec = catalogs.find_gpu(advice.profile.gpu_facts.name)) {
      advice.profile.gpu_facts.peak_flops = spec->peak_flops;
    }
  }

  advice.decision =
      decide(build_options(advice.workload, advice.profile, catalogs, advice.framework, request.options), request.decision);
  advice.catalogs = catalogs.catalogs;
  advice.hours_per_week = request.options.hours_per_week;
  return advice;
}

void write_advice(std::ostream& out, const Advice& advice, const AdviseRequest& request,
                  const TerminalStyle& terminal) {
  TableStyle style;
  if (request.all_options) style.max_options = 0;
  style.explain = request.explain;
  style.terminal = terminal;
  if (!request.html_file.empty()) write_html_file(request.html_file, advice);
  if (request.format == "json") {
    write_json(out, advice);
  } else if (request.format == "csv") {
    write_csv(out, advice);
  } else if (request.format == "markdown") {
    write_markdown(out, advice, style);
  } else {
    write_table(out, advice, style);
  }
}

}  // namespace advise
