#include "gpu_probe.hpp"

#include "plausibility.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace advise {
namespace {

int dtype_code(const std::string& dtype) {
  if (dtype == "tf32") return ADVISE_GPU_TF32;
  if (dtype == "bf16") return ADVISE_GPU_BF16;
  if (dtype == "fp16") return ADVISE_GPU_FP16;
  return ADVISE_GPU_FP32;
}

double peak_of(const GpuFacts& facts, const std::string& dtype) {
  const auto found = facts.peak_flops.find(dtype);
  return found != facts.peak_flops.end() ? found->second : 0;
}

// Why a time the backend reported cannot be trusted, or "": it must come from a checked result.
std::string implausible(const advise_gpu_gemm_result& result, double flops, double peak_flops) {
  if (!result.verified) return "the GPU backend reported a time for a result it did not check";
  return implausible_times({result.seconds_min, result.seconds_median, result.seconds_max}, flops, peak_flops,
                           "the GPU backend");
}

}  // namespace

std::map<std::string, double> gpu_peak_from_architecture(int major, int minor, int sm_count, double clock_hz) {
  // FLOP per cycle per SM (2 per multiply-add), dense.
  double fp32 = 128, tensor16 = 0;
  const int cc = major * 10 + minor;
  if (cc >= 70 && cc < 80) tensor16 = 1024;                       // Volta, Turing (fp16 only)
  else if (cc == 80) tensor16 = 2048;                             // A100
  else if (cc == 86 || cc == 87 || cc == 89) fp32 = 256, tensor16 = 1024;  // GA10x, AD10x
  else if (cc == 90) fp32 = 256, tensor16 = 4096;                 // H100, H200
  else if (cc >= 100) fp32 = 256, tensor16 = cc < 110 ? 8192 : 1024;  // B200; consumer Blackwell
  const double rate = static_cast<double>(sm_count) * clock_hz;
  std::map<std::string, double> peak = {{"fp32", fp32 * rate}};
  if (tensor16 > 0) {
    peak["fp16"] = tensor16 * rate;
    if (cc >= 80) {
      peak["bf16"] = tensor16 * rate;
      peak["tf32"] = tensor16 / 2 * rate;
    }
  }
  return peak;
}

std::unique_ptr<GpuProbe> GpuProbe::open(const std::string& backend_path, std::string& reason) {
#ifndef ADVISE_HAVE_GPU_BACKEND
  std::error_code missing;
  if (!std::filesystem::exists(backend_path, missing)) {
    reason = "this build has no GPU support (it was built without nvcc)";
    return nullptr;
  }
#endif
  std::unique_ptr<GpuBackend> backend = GpuBackend::load(backend_path, reason);
  if (!backend) return nullptr;
  advise_gpu_device device{};
  const int status = backend->discover(device);
  if (status != 0) {
    reason = describe_discovery_error(status);
    return nullptr;
  }
  std::unique_ptr<GpuProbe> probe(new GpuProbe());
  probe->backend_ = std::move(backend);
  GpuFacts& facts = probe->facts_;
  facts.name = device.name;
  facts.compute_major = device.compute_major;
  facts.compute_minor = device.compute_minor;
  facts.sm_count = device.sm_count;
  facts.clock_hz = device.sm_clock_khz * 1e3;
  facts.memory_bytes = device.memory_bytes;
  probe->free_memory_bytes_ = device.free_memory_bytes > 0 ? device.free_memory_bytes : device.memory_bytes;
  facts.driver_version = device.driver_version;
  facts.runtime_version = device.runtime_version;
  facts.peak_flops = gpu_peak_from_architecture(device.compute_major, device.compute_minor, device.sm_count, facts.clock_hz);
  return probe;
}

// The measurement from one backend answer for `plan` (not out of memory).
Measurement GpuProbe::from_result(Measurement measurement, const advise_gpu_gemm_result& result,
                                  const ProbeShape& plan) const {
  measurement.probed = plan.probed;
  measurement.scale = plan.scale;
  measurement.reason = result.reason;
  measurement.verified = result.verified != 0;
  measurement.max_relative_error = result.max_relative_error;
  measurement.status = result.status == ADVISE_GPU_OK            ? ProbeStatus::ok
                       : result.status == ADVISE_GPU_UNSUPPORTED ? ProbeStatus::skipped
                                                                 : ProbeStatus::failed;
  if (measurement.status != ProbeStatus::ok) return measurement;
  if (const std::string problem = implausible(result, plan.probed.flops(), peak_of(facts_, measurement.shape.dtype));
      !problem.empty()) {
    measurement.status = ProbeStatus::failed;
    measurement.verified = false;
    measurement.reason = problem;
    return measurement;
  }
  measurement.samples = result.samples;
  measurement.seconds_median = result.seconds_median * plan.scale;
  measurement.seconds_min = result.seconds_min * plan.scale;
  measurement.seconds_max = result.seconds_max * plan.scale;
  return measurement;
}

Measurement GpuProbe::time_gemm(const GemmShape& shape, double budget_s, bool own_kernel) {
  Measurement measurement;
  measurement.device = "gpu";
  measurement.shape = shape;
  measurement.library = own_kernel ? "advise kernel" : "cuBLASLt";
  // A shape is cut to a quarter of the GPU's memory (half of what was free when it was found)
  // and 2 TFLOP a call; out of memory (other processes share the GPU), by half again, to 64 MiB.
  constexpr std::int64_t kSmallestTry = 64LL << 20;
  ProbeLimits limits;
  limits.max_bytes = std::max(kSmallestTry, std::min(facts_.memory_bytes / 4, free_memory_bytes_ / 2));
  limits.max_flops = 2e12;
  GemmShape tried;
  for (; limits.max_bytes >= kSmallestTry; limits.max_bytes /= 2) {
    const ProbeShape plan = plan_probe_shape(shape, limits);
    if (plan.probed == tried) continue;  // cut no further by this limit: it ran out of memory already
    tried = plan.probed;
    advise_gpu_gemm_request request{plan.probed.m, plan.probed.n, plan.probed.k, plan.probed.a_transposed,
                                    plan.probed.b_transposed, dtype_code(shape.dtype),
                                    own_kernel ? ADVISE_GPU_OWN_KERNEL : ADVISE_GPU_CUBLASLT, budget_s, 64};
    advise_gpu_gemm_result result{};
    backend_->time_gemm(request, result);
    if (result.status != ADVISE_GPU_OUT_OF_MEMORY) return from_result(measurement, result, plan);
  }
  measurement.probed = tried;
  measurement.status = ProbeStatus::failed;
  measurement.reason = "out of GPU memory even for a shape cut to " +
                       std::to_string(gemm_bytes(tried, shape.dtype == "fp32" || shape.dtype == "tf32" ? 4 : 2) >> 20) +
                       " MiB";
  return measurement;
}

BandwidthMeasurement GpuProbe::triad(double budget_s) {
  BandwidthMeasurement bandwidth;
  std::string reason;
  const double rate = backend_->triad(budget_s, reason);
  const bool plausible = std::isfinite(rate) && rate > 0;
  if (!plausible && reason.empty()) reason = "the GPU backend reported an absurd bandwidth";
  bandwidth.reason = reason;
  bandwidth.status = plausible ? ProbeStatus::ok : ProbeStatus::failed;
  bandwidth.verified = plausible;
  bandwidth.bytes_per_s_median = bandwidth.bytes_per_s_best = rate;
  facts_.bandwidth_bytes_per_s = rate;
  return bandwidth;
}

}  // namespace advise
