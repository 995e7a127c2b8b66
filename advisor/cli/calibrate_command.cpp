#include "advisor/cli/calibrate_command.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "advisor/cli/errors.hpp"
#include "probes/arithmetic_probe.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/probe_cache.hpp"

namespace advise {
namespace {

// Exit status of the script when PyTorch cannot be imported (pytorch_calibration.py).
constexpr int kNoFramework = 3;
// Each arithmetic reference's timing: steadier than a session's share, once per calibration.
constexpr double kCalibrationArithmeticSeconds = 0.2;

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct ScriptRun {
  int status = -1;
  std::string output;
};

ScriptRun run_script(const std::string& command) {
  ScriptRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), read);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The interpreters to try, in order.
std::vector<std::string> interpreters(const CalibrateRequest& request) {
  if (!request.python.empty()) return {request.python};
  std::vector<std::string> found;
  if (const char* chosen = std::getenv("ADVISE_PYTHON"); chosen && *chosen) found.push_back(chosen);
  found.push_back("python3");
  found.push_back("/usr/bin/python3");
  return found;
}

FrameworkCalibration measure(const CalibrateRequest& request, int threads) {
  const std::string script = request.script.empty() ? calibration_script_path() : request.script;
  std::string tried;
  for (const std::string& python : interpreters(request)) {
    const ScriptRun run = run_script(quoted(python) + " " + quoted(script) + " " + std::to_string(request.seconds) +
                                     " " + std::to_string(threads) + " 2>/dev/null");
    if (run.status == 0) {
      try {
        const nlohmann::json document = nlohmann::json::parse(run.output);
        return calibration_from_script_json(JsonFields(document, ""));
      } catch (const std::exception& e) {
        throw ProbeError(script + " under " + python + " gave output advise cannot read: " + e.what());
      }
    }
    if (run.status != kNoFramework && run.status != 127) {
      throw ProbeError(script + " failed under " + python + " (exit " + std::to_string(run.status) + ")");
    }
    tried += (tried.empty() ? "" : ", ") + python;
  }
  throw UsageError("calibrate pytorch: no Python here imports PyTorch (tried " + tried +
                   "); install it (Debian: apt install python3-torch) or name the interpreter with --python");
}

// The arithmetic probe's rates at the sizes the script measures the framework's rates at, on
// the same threads: what carries those rates to a model's sizes and to other thread counts.
void add_arithmetic_references(FrameworkCalibration& calibration, std::int64_t memory_cap,
                               const ProbeProgress& progress) {
  ArithmeticProbeOptions options;
  options.max_bytes = memory_cap;
  if (progress) progress("measuring the arithmetic rates at the calibration's sizes");
  for (const std::string& kind : arithmetic_kinds()) {
    const ArithmeticMeasurement measured =
        probe_arithmetic({kind, framework_reference_elements(kind)}, kCalibrationArithmeticSeconds, options);
    if (measured.status == ProbeStatus::ok && measured.verified) {
      calibration.costs["reference_" + kind + "_elements_per_second"] = measured.elements_per_second;
    }
  }
}

}  // namespace

std::string calibration_script_path() {
  std::error_code error;
  const auto exe = std::filesystem::canonical("/proc/self/exe", error);
  if (!error) {
    const auto installed = exe.parent_path().parent_path() / "share" / "advise" / "framework" / "pytorch_calibration.py";
    if (std::filesystem::exists(installed, error)) return installed.string();
  }
  return ADVISE_FRAMEWORK_SCRIPT_DIR "/pytorch_calibration.py";
}

std::vector<std::string> run_calibrate(const CalibrateRequest& request, std::ostream& out,
                                       const ProbeProgress& progress) {
  if (request.cache_dir.empty()) throw UsageError("calibrate: there is no cache directory to keep the calibration in "
                                                  "(set XDG_CACHE_HOME or HOME)");
  // This machine's facts first (from the cache, or measured): a calibration belongs to them.
  MachineProbeSettings settings;
  settings.threads = request.threads;
  settings.cache_dir = request.cache_dir;
  settings.probe_gpu = false;
  MachineProfile profile = probe_machine({}, {}, settings, progress);
  if (progress) progress("timing PyTorch's own costs (about a minute)");
  FrameworkCalibration calibration = measure(request, profile.cpu.threads_used);
  add_arithmetic_references(calibration, profile.probe_memory_cap, progress);

  const MachineFingerprint fingerprint = current_fingerprint(profile.cpu.threads_used);
  std::vector<std::string> warnings = profile.warnings;
  CachedProfile stored = load_cache(profile.cache_path, fingerprint, warnings);
  CachedProfile fresh;
  fresh.calibration = calibration;
  update_cache(profile.cache_path, fingerprint, fresh, stored, warnings);
  const CachedProfile check = load_cache(profile.cache_path, fingerprint, warnings);
  if (!check.calibration) throw ProbeError("the calibration could not be kept in " + profile.cache_path);

  out << "calibrated " << calibration.description() << " on " << profile.cpu.name << " (" << profile.cpu.isa
      << ", " << profile.cpu.threads_used << " threads)\n"
      << "  dense layer " << calibration.costs.at("dense") * 1e6 << " us, step " << calibration.costs.at("step") * 1e6
      << " us, Adam per tensor " << calibration.costs.at("optimizer_adam") * 1e6 << " us\n"
      << "  kept in " << profile.cache_path << "; `advise` uses it on this machine at "
      << profile.cpu.threads_used << " threads\n";
  if (const std::string warning = blas_warning(calibration.blas); !warning.empty()) warnings.push_back(warning);
  return warnings;
}

}  // namespace advise
