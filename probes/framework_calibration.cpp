#include "framework_calibration.hpp"

#include <algorithm>

namespace advise {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string blas_name(const std::string& blas) {
  if (blas == "openblas") return "OpenBLAS";
  if (blas == "mkl") return "MKL";
  if (blas == "blis") return "BLIS";
  if (blas == "reference") return "the reference BLAS";
  return "an unknown BLAS";
}

// Every figure a calibration may hold: seconds (per copy, tensor, call or step) or rates.
bool is_rate(const std::string& key) { return key.size() > 11 && key.rfind("_per_second") == key.size() - 11; }

}  // namespace

std::string FrameworkCalibration::description() const {
  const std::string name = framework == "pytorch" ? "PyTorch" : framework;
  return name + " " + version + " (" + blas_name(blas) + ", " + std::to_string(threads) +
         (threads == 1 ? " thread)" : " threads)");
}

bool FrameworkCalibration::calls_system_blas() const {
  return blas == "openblas" || blas == "reference" || blas == "blis";
}

std::string classify_blas(const std::string& config, const std::vector<std::string>& libraries) {
  if (contains(config, "BLAS_INFO=mkl")) return "mkl";
  for (const std::string& path : libraries) {
    const std::string lower = lowercase(path);
    if (contains(lower, "mkl")) return "mkl";
    if (contains(lower, "openblas")) return "openblas";
    if (contains(lower, "blis")) return "blis";
  }
  for (const std::string& path : libraries) {
    // Debian's reference BLAS: /usr/lib/<triplet>/blas/libblas.so.3 (the libblas3 package).
    if (contains(path, "/blas/libblas")) return "reference";
  }
  return "unknown";
}

std::string blas_warning(const std::string& blas) {
  if (blas != "reference") return "";
  return "PyTorch here calls the reference BLAS (libblas3), which runs matrix products ten to thirty times "
         "slower than OpenBLAS: install OpenBLAS (apt install libopenblas0-pthread) or select it with "
         "update-alternatives --config libblas.so.3-x86_64-linux-gnu, then calibrate again";
}

FrameworkCalibration calibration_from_script_json(const JsonFields& output) {
  FrameworkCalibration calibration;
  calibration.framework = output.text("framework");
  calibration.version = output.text("version");
  calibration.threads = static_cast<int>(output.integer("threads", 1, 1'000'000));
  calibration.seconds = output.number("seconds", 1e-3, 3600);
  calibration.blas_libraries = output.texts("blas_libraries");
  calibration.blas = classify_blas(output.text("config"), calibration.blas_libraries);
  const JsonFields costs = output.object("costs");
  calibration.costs = output.number_map("costs", 0, 1e15);
  for (const auto& [key, value] : calibration.costs) {
    if (!is_rate(key) && value > 1) costs.fail(key.c_str(), "expected seconds from 0 to 1, got " + std::to_string(value));
    if (is_rate(key) && value < 1e3) costs.fail(key.c_str(), "expected a rate from 1e3, got " + std::to_string(value));
  }
  if (calibration.costs.empty()) output.fail("costs", "expected at least one figure");
  return calibration;
}

nlohmann::json to_json(const FrameworkCalibration& calibration) {
  return {{"framework", calibration.framework}, {"version", calibration.version},
          {"blas", calibration.blas},           {"threads", calibration.threads},
          {"seconds", calibration.seconds},     {"blas_libraries", calibration.blas_libraries},
          {"costs", calibration.costs}};
}

FrameworkCalibration calibration_from_json(const JsonFields& stored) {
  FrameworkCalibration calibration;
  calibration.framework = stored.text("framework");
  calibration.version = stored.text("version");
  calibration.blas = stored.text("blas");
  calibration.threads = static_cast<int>(stored.integer("threads", 1, 1'000'000));
  calibration.seconds = stored.number("seconds", 1e-3, 3600);
  calibration.blas_libraries = stored.texts("blas_libraries");
  calibration.costs = stored.number_map("costs", 0, 1e15);
  return calibration;
}

}  // namespace advise
