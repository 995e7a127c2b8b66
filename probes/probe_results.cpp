#include "probe_results.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "arithmetic_json.hpp"
#include "probe_json.hpp"

namespace advise {
namespace {

std::string shape_text(const GemmShape& shape) {
  std::ostringstream out;
  out << shape;
  return out.str();
}

}  // namespace

Measurement estimate_from_nearest(const GemmShape& shape, const std::vector<Measurement>& measured, const CpuFacts& cpu) {
  const Measurement* nearest = nearest_measured(shape, measured);
  if (!nearest) {
    throw ProbeResultsError("the probe results hold no verified " + shape.dtype + " GEMM to estimate " +
                            shape_text(shape) + " from (run `advise probe` there)");
  }
  return estimate_from(shape, *nearest, cpu);
}

namespace {

// Each wanted kind from its measurement at the nearest size; a kind not measured there is left out.
void add_arithmetic(MachineProfile& profile, const std::vector<ArithmeticMeasurement>& measured,
                    const std::vector<ArithmeticRequest>& wanted) {
  for (const ArithmeticRequest& request : wanted) {
    if (const ArithmeticMeasurement* found = find_arithmetic(measured, request)) profile.arithmetic.push_back(*found);
  }
}

// What a results file holds: the machine (CPU and GPU facts, the GPU's GEMMs) in `profile`, and
// the CPU's measurements of every kind, before they answer the shapes asked for.
struct ResultsFile {
  MachineProfile profile;
  std::vector<Measurement> cpu_gemms;
  std::vector<ConvMeasurement> convolutions;
  std::vector<ArithmeticMeasurement> arithmetic;
};

nlohmann::json parse_results(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw ProbeResultsError(path + ": is a directory, not probe results");
  std::ifstream in(path);
  if (!in) throw ProbeResultsError(path + ": cannot read file: no such file");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw ProbeResultsError(path + ": not probe results: not JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception&) {  // a number beyond a double's range
    throw ProbeResultsError(path + ": not probe results: a number too large to read");
  }
}

ResultsFile read_results(const nlohmann::json& document) {
  ResultsFile file;
  MachineProfile& profile = file.profile;
  const JsonFields results(document, "");
  if (const auto schema = results.optional_number("schema", 1, 1e9); schema && *schema != kProbeResultsSchema) {
    results.fail("schema", "expected " + std::to_string(kProbeResultsSchema) + " (from this version of advise), got " +
                               std::to_string(static_cast<long long>(*schema)));
  }
  const JsonFields cpu = results.object("machine").object("cpu");
  profile.cpu = cpu_facts_from_json(cpu);
  profile.bandwidth = bandwidth_from_json(cpu.object("bandwidth"));
  // Results written before the cache bandwidth was measured: memory bandwidth for every pass.
  if (cpu.has("bandwidth_curve")) profile.bandwidth_curve = bandwidth_curve_from_json(cpu.objects("bandwidth_curve"));
  profile.reference_gemm = measurement_from_json(cpu.object("reference_gemm"));
  if (cpu.has("arithmetic")) file.arithmetic = arithmetic_from_json(cpu.objects("arithmetic"));
  // The GPU's GEMMs are the GPU's: never a CPU shape's measurement or the nearest to estimate one from.
  for (const JsonFields& probe : results.objects("probes")) {
    Measurement measurement = measurement_from_json(probe);
    (measurement.device == "gpu" ? profile.gpu_gemms : file.cpu_gemms).push_back(std::move(measurement));
  }
  if (results.object("machine").has_value("gpu")) {
    profile.gpu_facts = gpu_facts_from_json(results.object("machine").object("gpu"));
    profile.gpu = {true, ""};
  }
  if (results.has("convolution_probes")) {
    for (const JsonFields& probe : results.objects("convolution_probes")) {
      file.convolutions.push_back(conv_measurement_from_json(probe));
    }
  }
  return file;
}

}  // namespace

MachineProfile profile_from_probe_results(const std::string& path, const std::vector<GemmShape>& shapes,
                                          const std::vector<ConvolutionRequest>& convolutions,
                                          const std::vector<ArithmeticRequest>& arithmetic) {
  const nlohmann::json document = parse_results(path);
  ResultsFile file;
  try {
    file = read_results(document);
  } catch (const JsonFieldError& e) {
    throw ProbeResultsError(path + ": not probe results as `advise probe --format json` writes them: " + e.what());
  }
  MachineProfile& profile = file.profile;
  profile.source = path;
  if (!profile.gpu.available) {
    profile.gpu = {false, "probe results from " + path + " (no GPU measured there)"};
    profile.gpu_gemms.clear();
  }
  const std::vector<Measurement>& measured = file.cpu_gemms;
  for (const GemmShape& shape : shapes) {
    const auto exact = std::find_if(measured.begin(), measured.end(), [&](const Measurement& m) {
      return m.shape == shape && m.status == ProbeStatus::ok && m.verified;
    });
    profile.gemms.push_back(exact != measured.end() ? *exact : estimate_from_nearest(shape, measured, profile.cpu));
  }
  for (const ConvolutionRequest& wanted : convolutions) {
    const auto exact = std::find_if(file.convolutions.begin(), file.convolutions.end(), [&](const ConvMeasurement& m) {
      return m.shape == wanted.shape && m.pass == wanted.pass && m.status == ProbeStatus::ok && m.verified;
    });
    ConvMeasurement missing;
    missing.shape = wanted.shape;
    missing.pass = wanted.pass;
    missing.reason = "not in the probe results: its implicit GEMMs stand in";
    profile.convolutions.push_back(exact != file.convolutions.end() ? *exact : missing);
  }
  add_arithmetic(profile, file.arithmetic, arithmetic);
  return profile;
}

}  // namespace advise
