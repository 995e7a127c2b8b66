#include "advisor/report/machine_json.hpp"

#include "probes/arithmetic_json.hpp"
#include "probes/probe_json.hpp"

namespace advise {

using nlohmann::json;

json probe_entry_json(const Measurement& measurement, std::int64_t count, const CpuFacts& cpu) {
  json entry = to_json(measurement);
  const double peak = cpu.peak_for(measurement.probed.dtype);
  entry["count"] = count;
  entry["efficiency"] = peak > 0 ? json(measurement.flops_per_s() / peak) : json(nullptr);
  entry["cached"] = measurement.cached;
  entry["estimated"] = measurement.estimated;
  return entry;
}

json machine_json(const MachineProfile& profile) {
  json cpu = to_json(profile.cpu);
  cpu["bandwidth_bytes_per_s"] = profile.bandwidth.bytes_per_s_median;
  cpu["bandwidth"] = to_json(profile.bandwidth);
  cpu["bandwidth_curve"] = to_json(profile.bandwidth_curve);
  cpu["reference_gemm"] = probe_entry_json(profile.reference_gemm, 1, profile.cpu);
  cpu["arithmetic"] = to_json(profile.arithmetic);
  // The framework calibration the CPU figures use (design.md), or null.
  cpu["calibration"] = nullptr;
  if (profile.calibration) {
    const FrameworkCalibration& calibration = *profile.calibration;
    cpu["calibration"] = {{"framework", calibration.framework},
                          {"version", calibration.version},
                          {"blas", calibration.blas},
                          {"threads", calibration.threads}};
  }
  const json gpu = profile.gpu.available ? to_json(profile.gpu_facts) : json(nullptr);
  return {{"cpu", cpu},
          {"gpu", gpu},
          {"gpu_unavailable_reason", profile.gpu.available ? json(nullptr) : json(profile.gpu.reason)},
          {"source", profile.source}};
}

json convolution_probes_json(const MachineProfile& profile, const ConvolutionCount& count_of) {
  json probes = json::array();
  for (const ConvMeasurement& m : profile.convolutions) {
    json entry = to_json(m);
    const double peak = profile.cpu.peak_for(m.probed_dtype.empty() ? m.shape.dtype : m.probed_dtype);
    entry["count"] = count_of(m.shape, m.pass);
    entry["efficiency"] = peak > 0 && m.seconds_median > 0 ? json(m.flops_per_s() / peak) : json(nullptr);
    entry["cached"] = m.cached;
    probes.push_back(entry);
  }
  return probes;
}

json probes_json(const MachineProfile& profile, const GemmCount& count_of) {
  json probes = json::array();
  for (const Measurement& m : profile.gemms) probes.push_back(probe_entry_json(m, count_of(m.shape), profile.cpu));
  for (const Measurement& m : profile.gpu_gemms) {
    json entry = to_json(m);
    const auto peak = profile.gpu_facts.peak_flops.find(m.shape.dtype);
    entry["count"] = count_of(m.shape);
    entry["efficiency"] = peak != profile.gpu_facts.peak_flops.end() ? json(m.flops_per_s() / peak->second) : json(nullptr);
    probes.push_back(entry);
  }
  return probes;
}

}  // namespace advise
