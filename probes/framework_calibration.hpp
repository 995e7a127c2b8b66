#pragma once
// A framework's own costs measured on this machine by `advise calibrate pytorch`
// (probes/framework/pytorch_calibration.py): per layer copy, optimizer tensor and call,
// per step, and the rates of the work it runs far below memory bandwidth, with what the
// framework was (version, BLAS, threads). Kept in the machine's probe cache.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json_fields.hpp"

namespace advise {

struct FrameworkCalibration {
  std::string framework;  // "pytorch"
  std::string version;
  std::string blas;       // classify_blas: "openblas", "mkl", "blis", "reference" or "unknown"
  int threads = 0;
  double seconds = 0;     // per measurement
  std::vector<std::string> blas_libraries;
  std::map<std::string, double> costs;  // the [cpu_framework] keys (pricing/data/prediction.toml)

  // "PyTorch 1.13.1 (OpenBLAS, 2 threads)"
  std::string description() const;
  // Whether the framework's GEMMs run on the system BLAS (Debian's PyTorch), not on MKL.
  bool calls_system_blas() const;
};

// Which BLAS a framework calls, from its build configuration (torch.__config__.show()) and
// the libraries its process loaded for a matrix product.
std::string classify_blas(const std::string& config, const std::vector<std::string>& libraries);

// What to tell the user about that BLAS, or "": the reference BLAS runs GEMMs an order of
// magnitude slower than an optimised one, and says how to switch.
std::string blas_warning(const std::string& blas);

// The calibration script's output, checked field by field (JsonFieldError with the path).
FrameworkCalibration calibration_from_script_json(const JsonFields& output);

// As the probe cache stores it, and back.
nlohmann::json to_json(const FrameworkCalibration& calibration);
FrameworkCalibration calibration_from_json(const JsonFields& stored);

}  // namespace advise
