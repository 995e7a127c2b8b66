#include "advisor/predict/gpu_roofline.hpp"

#include <algorithm>
#include <cmath>

namespace advise {

std::int64_t gemm_tiles(const GemmShape& shape, const PredictionConstants& constants) {
  const double rows = std::ceil(static_cast<double>(shape.m) / constants.tile_rows);
  const double cols = std::ceil(static_cast<double>(shape.n) / constants.tile_cols);
  return static_cast<std::int64_t>(rows * cols);
}

double wave_efficiency(std::int64_t tiles, std::int64_t sms) {
  if (tiles <= 0 || sms <= 0) return 1;
  const std::int64_t waves = (tiles + sms - 1) / sms;
  return static_cast<double>(tiles) / static_cast<double>(waves * sms);
}

std::int64_t split_k(std::int64_t tiles, std::int64_t k, std::int64_t sms) {
  if (tiles <= 0 || tiles >= sms) return 1;
  return std::max<std::int64_t>(1, std::min(sms / tiles, k / 512));
}

double tile_fill(const GemmShape& shape, const PredictionConstants& constants) {
  const double rows = std::ceil(static_cast<double>(shape.m) / constants.tile_rows) * constants.tile_rows;
  const double cols = std::ceil(static_cast<double>(shape.n) / constants.tile_cols) * constants.tile_cols;
  return static_cast<double>(shape.m) * static_cast<double>(shape.n) / (rows * cols);
}

double depth_efficiency(std::int64_t k, double k_half) {
  if (k_half <= 0) return 1;
  return static_cast<double>(k) / (static_cast<double>(k) + k_half);
}

bool uses_tensor_cores(const std::string& precision, const GpuSpec& gpu) {
  return precision != "fp32" && gpu.peak_flops_for(precision) > gpu.peak_flops_for("fp32") * 1.01;
}

double library_peak_flops(const std::string& precision, const GpuSpec& gpu) {
  const double listed = gpu.peak_flops_for(precision);
  return gpu.tensor_rate_halved && uses_tensor_cores(precision, gpu) ? 2 * listed : listed;
}

double achievable_flops(const std::string& precision, const GpuSpec& gpu, double library_efficiency) {
  return std::min(library_peak_flops(precision, gpu) * library_efficiency, gpu.peak_flops_for(precision));
}

double watts_per_sm(const GpuSpec& gpu) {
  return gpu.tdp_watts > 0 && gpu.sm_count > 0 ? gpu.tdp_watts / static_cast<double>(gpu.sm_count) : 0;
}

double tensor_peak_scale(const std::string& precision, const GpuSpec& gpu, const PredictionConstants& constants) {
  double scale = 1;
  const double peak = library_peak_flops(precision, gpu);
  if (constants.peak_exponent > 0 && peak > 0) {
    scale *= std::pow(constants.peak_reference_flops / peak, constants.peak_exponent);
  }
  const double power = watts_per_sm(gpu);
  if (constants.power_reference_watts_per_sm > 0 && constants.power_exponent > 0 && power > 0) {
    scale *= std::min(1.0, std::pow(power / constants.power_reference_watts_per_sm, constants.power_exponent));
  }
  return scale;
}

double architecture_gemm_efficiency(const std::string& precision, const GpuSpec& gpu,
                                    const PredictionConstants& constants) {
  const ArchitectureConstants architecture = constants.for_architecture(gpu.architecture);
  if (!uses_tensor_cores(precision, gpu)) return architecture.fp32_efficiency;
  const double share = precision == "tf32" && architecture.tf32_efficiency > 0 ? architecture.tf32_efficiency
                                                                              : architecture.tensor_efficiency;
  return share * tensor_peak_scale(precision, gpu, constants);
}

double gemm_k_half(const std::string& precision, const GpuSpec& gpu, const PredictionConstants& constants) {
  if (constants.gemm_k_half <= 0 || constants.gemm_k_half_ridge_exponent <= 0 || gpu.bandwidth_bytes_per_s <= 0) {
    return constants.gemm_k_half;
  }
  const double ridge = library_peak_flops(precision, gpu) / gpu.bandwidth_bytes_per_s;
  return constants.gemm_k_half *
         std::pow(ridge / constants.gemm_k_half_reference_ridge, constants.gemm_k_half_ridge_exponent);
}

namespace {

bool has_tf32(const GpuSpec& gpu) { return gpu.peak_flops.count("tf32") > 0; }

}  // namespace

std::string gpu_precision(const WorkloadGemm& gemm, bool gpu_has_tf32) {
  if (gemm.shape.dtype == "fp32" && run_by_cudnn(gemm) && gpu_has_tf32) return "tf32";
  return gemm.shape.dtype;
}

std::string gpu_precision(const WorkloadGemm& gemm, const GpuSpec& gpu) {
  return gpu_precision(gemm, has_tf32(gpu));
}

GemmShape gpu_run_shape(const WorkloadGemm& gemm, bool gpu_has_tf32) {
  GemmShape shape = as_gpu_library_runs_it(gemm).shape;
  shape.dtype = gpu_precision(gemm, gpu_has_tf32);
  return shape;
}

GemmShape gpu_run_shape(const WorkloadGemm& gemm, const GpuSpec& gpu) {
  return gpu_run_shape(gemm, has_tf32(gpu));
}

WorkloadGemm as_gpu_library_runs_it(WorkloadGemm gemm) {
  if (gemm.role != GemmRole::dW || gemm.summed_calls <= 1 || gemm.count % gemm.summed_calls != 0) return gemm;
  gemm.shape.k *= gemm.summed_calls;
  gemm.count /= gemm.summed_calls;
  return gemm;
}

namespace {

// What the shape lets a library reach on `gpu`, apart from the library's own efficiency: the
// busy share of the SMs over the waves (with split-K), the filled share of the tiles, the K depth.
double shape_efficiency(const GemmShape& shape, const std::string& precision, std::int64_t instances,
                        const GpuSpec& gpu, const PredictionConstants& constants) {
  std::int64_t tiles = gemm_tiles(shape, constants) * instances;
  tiles *= split_k(tiles, shape.k, gpu.sm_count);
  const double waves = gpu.sm_count > 0 ? wave_efficiency(tiles, gpu.sm_count) : 1.0;
  return waves * tile_fill(shape, constants) * depth_efficiency(shape.k, gemm_k_half(precision, gpu, constants));
}

}  // namespace

double implied_library_efficiency(const GemmShape& shape, double seconds, const GpuSpec& gpu,
                                  const PredictionConstants& constants) {
  const double peak = library_peak_flops(shape.dtype, gpu);
  const double shape_share = shape_efficiency(shape, shape.dtype, 1, gpu, constants);
  return std::clamp(shape.flops() / seconds / (peak * shape_share), 0.01, 1.0);
}

double gpu_gemm_seconds(const WorkloadGemm& workload_gemm, const GpuSpec& gpu, const PredictionConstants& constants,
                        double library_efficiency) {
  const WorkloadGemm gemm = as_gpu_library_runs_it(workload_gemm);
  const GemmShape& shape = gemm.shape;
  const std::string precision = gpu_precision(gemm, gpu);
  const double efficiency_of_library =
      library_efficiency > 0 ? library_efficiency : architecture_gemm_efficiency(precision, gpu, constants);
  const double peak = achievable_flops(precision, gpu, efficiency_of_library);
  const double bandwidth =
      gpu.bandwidth_bytes_per_s * constants.for_architecture(gpu.architecture).bandwidth_efficiency;
  // A batched kernel runs its instances' tiles together; a layer's repeats are kernels of their own.
  const std::int64_t per_kernel = std::max<std::int64_t>(gemm.per_kernel, 1);
  const std::int64_t kernels = kernels_of(gemm);
  const double efficiency = shape_efficiency(shape, precision, per_kernel, gpu, constants);
  const double element_bytes = shape.dtype == "bf16" || shape.dtype == "fp16" ? 2 : 4;
  const double operand_bytes = element_bytes * (static_cast<double>(shape.m) * static_cast<double>(shape.k) +
                                                static_cast<double>(shape.k) * static_cast<double>(shape.n) +
                                                static_cast<double>(shape.m) * static_cast<double>(shape.n));
  const double kernel_s = std::max(shape.flops() * static_cast<double>(per_kernel) / (peak * efficiency),
                                   operand_bytes * static_cast<double>(per_kernel) / bandwidth);
  return kernel_s * static_cast<double>(kernels);
}

double ring_allreduce_seconds(double bytes, std::int64_t gpus, double link_bytes_per_s) {
  if (gpus <= 1 || link_bytes_per_s <= 0) return 0;
  const double g = static_cast<double>(gpus);
  return 2.0 * (g - 1.0) / g * bytes / link_bytes_per_s;
}

}  // namespace advise
