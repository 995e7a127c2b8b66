#include "probe_cache.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>
#include <unistd.h>

#include "cpu_info.hpp"
#include "probe_json.hpp"

namespace advise {
namespace {

using nlohmann::json;

// Bump when the way the probe measures changes, so old results are not reused.
constexpr int kProbeVersion = 5;
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
  std::ifstream in(path);
  if (!in) return profile;  // nothing cached yet
  try {
    const json j = json::parse(in);
    if (j.at("format").get<std::string>() != kFormat) throw std::runtime_error("not an advise probe cache");
    const MachineFingerprint cached = fingerprint_from_json(j.at("fingerprint"));
    if (!(cached == fingerprint)) {
      warnings.push_back("ignoring probe cache " + path + ": it was measured on " + cached.text() +
                         ", not on this machine (" + fingerprint.text() + ")");
      return profile;
    }
    CachedProfile loaded;
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
    return loaded;
  } catch (const std::exception& e) {
    warnings.push_back("ignoring corrupt probe cache " + path + ": " + e.what());
    return profile;
  }
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
                  {"convolutions", convolutions}};
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
