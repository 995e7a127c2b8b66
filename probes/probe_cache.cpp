#include "probe_cache.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>
#include <unistd.h>

#include "arithmetic_json.hpp"
#include "cpu_info.hpp"
#include "probe_json.hpp"

namespace advise {
namespace {

using nlohmann::json;

// Bump when the way the probe measures changes, so old results are not reused.
constexpr int kProbeVersion = 7;  // 7: the bf16 peak covers AMX tiles
constexpr const char* kFormat = "advise-probe-cache";

json fingerprint_json(const MachineFingerprint& f) {
  return {{"cpu_model", f.cpu_model}, {"cores", f.cores},   {"threads", f.threads},
          {"threads_used", f.threads_used}, {"isa", f.isa}, {"onednn_version", f.onednn_version},
          {"probe_version", f.probe_version}};
}

MachineFingerprint fingerprint_from_json(const json& j) {
  MachineFingerprint f;
  f.cpu_model = j.at("cpu_model").get<std::string>();
  f.cores = j.at("cores").get<int>();
  f.threads = j.at("threads").get<int>();
  f.threads_used = j.at("threads_used").get<int>();
  f.isa = j.at("isa").get<std::string>();
  f.onednn_version = j.at("onednn_version").get<std::string>();
  f.probe_version = j.at("probe_version").get<int>();
  return f;
}

}  // namespace

std::string MachineFingerprint::text() const {
  std::ostringstream out;
  out << cpu_model << ", " << cores << " cores, " << threads << " threads (" << threads_used << " used), " << isa
      << ", oneDNN " << onednn_version << ", probe v" << probe_version;
  return out.str();
}

MachineFingerprint current_fingerprint(int threads_used) {
  MachineFingerprint f;
  f.cpu_model = cpu_model_name();
  f.cores = available_cores();
  f.threads = available_threads();
  f.threads_used = threads_used;
  f.isa = onednn_isa();
  const dnnl_version_t* version = dnnl_version();
  f.onednn_version = std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
                     std::to_string(version->patch);
  f.probe_version = kProbeVersion;
  return f;
}

std::string default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/advise";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/advise";
  return "";
}

std::string cache_file(const std::string& directory, const MachineFingerprint& fingerprint) {
  std::ostringstream name;
  name << directory << "/probe-" << std::hex << std::hash<std::string>{}(fingerprint_json(fingerprint).dump())
       << ".json";
  return name.str();
}

CachedProfile load_cache(const std::string& path, const MachineFingerprint& fingerprint,
                         std::vector<std::string>& warnings) {
  CachedProfile profile;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return profile;  // nothing cached yet
  std::ifstream in(path);
  if (!in || std::filesystem::is_directory(path, error)) {
    profile.file = CacheFile::unreadable;
    warnings.push_back("cannot read probe cache " + path + ": measuring everything again; the file is left as it is");
    return profile;
  }
  try {
    const json j = json::parse(in);
    if (j.at("format").get<std::string>() != kFormat) throw std::runtime_error("not an advise probe cache");
    const MachineFingerprint cached = fingerprint_from_json(j.at("fingerprint"));
    if (!(cached == fingerprint)) {
      profile.file = CacheFile::foreign;
      warnings.push_back("ignoring probe cache " + path + ": it was measured on " + cached.text() +
                         ", not on this machine (" + fingerprint.text() + ")");
      return profile;
    }
    CachedProfile loaded;
    loaded.file = CacheFile::loaded;
    const JsonFields cache(j, "");
    loaded.cpu = cpu_facts_from_json(cache.object("cpu"));
    loaded.bandwidth = bandwidth_from_json(cache.object("bandwidth"));
    loaded.bandwidth_curve = bandwidth_curve_from_json(cache.objects("bandwidth_curve"));
    loaded.reference_gemm = measurement_from_json(cache.object("reference_gemm"));
    for (const JsonFields& gemm : cache.objects("gemms")) {
      Measurement m = measurement_from_json(gemm);
      // Only checked results are ever reused.
      if (m.status == ProbeStatus::ok && m.verified) loaded.gemms.push_back(std::move(m));
    }
    for (const JsonFields& convolution : cache.has("convolutions") ? cache.objects("convolutions") : std::vector<JsonFields>{}) {
      ConvMeasurement m = conv_measurement_from_json(convolution);
      if (m.status == ProbeStatus::ok && m.verified) loaded.convolutions.push_back(std::move(m));
    }
    if (cache.has("arithmetic")) {
      for (ArithmeticMeasurement& m : arithmetic_from_json(cache.objects("arithmetic"))) {
        if (m.status == ProbeStatus::ok && m.verified) loaded.arithmetic.push_back(std::move(m));
      }
    }
    if (cache.has("calibration") && !j.at("calibration").is_null()) loaded.calibration = calibration_from_json(cache.object("calibration"));
    return loaded;
  } catch (const std::exception& e) {
    profile.file = CacheFile::corrupt;
    warnings.push_back("ignoring corrupt probe cache " + path + ": " + e.what());
    return profile;
  }
}

CachedProfile merge_cache(CachedProfile fresh, const CachedProfile& stored) {
  if (!fresh.calibration) fresh.calibration = stored.calibration;
  if (!fresh.cpu) {
    fresh.cpu = stored.cpu;
    fresh.bandwidth = stored.bandwidth;
    fresh.bandwidth_curve = stored.bandwidth_curve;
    fresh.reference_gemm = stored.reference_gemm;
  }
  for (const Measurement& old : stored.gemms) {
    const bool remeasured = std::any_of(fresh.gemms.begin(), fresh.gemms.end(), [&](const Measurement& m) {
      return m.shape == old.shape && m.library == old.library;
    });
    if (!remeasured) fresh.gemms.push_back(old);
  }
  for (const ConvMeasurement& old : stored.convolutions) {
    const bool remeasured = std::any_of(fresh.convolutions.begin(), fresh.convolutions.end(),
                                        [&](const ConvMeasurement& m) { return m.shape == old.shape && m.pass == old.pass; });
    if (!remeasured) fresh.convolutions.push_back(old);
  }
  for (const ArithmeticMeasurement& old : stored.arithmetic) {
    const bool remeasured = std::any_of(fresh.arithmetic.begin(), fresh.arithmetic.end(),
                                        [&](const ArithmeticMeasurement& m) { return m.request == old.request; });
    if (!remeasured) fresh.arithmetic.push_back(old);
  }
  return fresh;
}

void update_cache(const std::string& path, const MachineFingerprint& fingerprint, const CachedProfile& fresh,
                  const CachedProfile& stored, std::vector<std::string>& warnings) {
  if (stored.file == CacheFile::unreadable) return;  // its warning was given when it was read
  if (stored.file == CacheFile::corrupt || stored.file == CacheFile::foreign) {
    const std::string aside = path + (stored.file == CacheFile::corrupt ? ".corrupt" : ".foreign");
    std::error_code error;
    std::filesystem::rename(path, aside, error);
    if (error) {
      warnings.push_back("could not set probe cache " + path + " aside (" + error.message() +
                         "): it is left as it is and this run's results are not cached");
      return;
    }
    warnings.push_back("the old probe cache was kept as " + aside);
  }
  save_cache(path, fingerprint, merge_cache(fresh, stored), warnings);
}

void save_cache(const std::string& path, const MachineFingerprint& fingerprint, const CachedProfile& profile,
                std::vector<std::string>& warnings) {
  if (!profile.cpu || !profile.bandwidth || !profile.bandwidth_curve || !profile.reference_gemm) return;
  json gemms = json::array();
  for (const auto& m : profile.gemms) {
    if (m.status == ProbeStatus::ok && m.verified) gemms.push_back(to_json(m));
  }
  json convolutions = json::array();
  for (const auto& m : profile.convolutions) {
    if (m.status == ProbeStatus::ok && m.verified) convolutions.push_back(to_json(m));
  }
  const json j = {{"format", kFormat},
                  {"fingerprint", fingerprint_json(fingerprint)},
                  {"cpu", to_json(*profile.cpu)},
                  {"bandwidth", to_json(*profile.bandwidth)},
                  {"bandwidth_curve", to_json(*profile.bandwidth_curve)},
                  {"reference_gemm", to_json(*profile.reference_gemm)},
                  {"gemms", gemms},
                  {"convolutions", convolutions},
                  {"arithmetic", to_json(profile.arithmetic)},
                  {"calibration", profile.calibration ? to_json(*profile.calibration) : nlohmann::json(nullptr)}};
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary);
    out << j.dump(1) << "\n";
    if (!out) {
      warnings.push_back("could not write probe cache " + path);
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  std::filesystem::rename(temporary, path, error);
  if (error) warnings.push_back("could not write probe cache " + path + ": " + error.message());
}

}  // namespace advise
