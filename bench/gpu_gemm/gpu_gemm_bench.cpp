// GPU benchmark: per shape and precision, our kernels against cuBLASLt (the
// ratio) and each one's fraction of the GPU's peak. Runs through the same
// backend module as `advise`, so every time is of a verified result.
//
//   gpu_gemm_bench [SECONDS_PER_SHAPE]      (exits 77 without a usable GPU, saying why)

#include <cstdio>
#include <cstdlib>
#include <string>

#include "probes/gpu_backend_loader.hpp"
#include "probes/gpu_probe.hpp"

using namespace advise;

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = GpuProbe::open(default_gpu_backend_path(), reason);
  if (!gpu) {
    std::printf("no GPU to benchmark: %s\n", reason.c_str());
    return 77;
  }
  const GpuFacts& facts = gpu->facts();
  std::printf("GPU: %s, %d SMs at %.2f GHz, compute %d.%d; peaks (architecture): fp32 %.1f, tf32 %.1f, bf16 %.1f TFLOP/s\n",
              facts.name.c_str(), facts.sm_count, facts.clock_hz / 1e9, facts.compute_major, facts.compute_minor,
              facts.peak_flops.at("fp32") / 1e12, facts.peak_flops.count("tf32") ? facts.peak_flops.at("tf32") / 1e12 : 0.0,
              facts.peak_flops.count("bf16") ? facts.peak_flops.at("bf16") / 1e12 : 0.0);
  std::printf("%-22s %-5s %12s %8s %12s %8s %10s\n", "M x N x K (NT)", "dtype", "cuBLASLt TF/s", "%peak", "ours TF/s",
              "%peak", "ours/cuBLAS");
  for (const char* dtype : {"fp32", "tf32", "bf16", "fp16"}) {
    for (const std::int64_t size : {1024, 4096, 8192}) {
      const GemmShape shape{size, size, size, false, true, dtype};
      const Measurement library = gpu->time_gemm(shape, seconds);
      const Measurement ours = gpu->time_gemm(shape, seconds, true);
      const auto peak = facts.peak_flops.count(dtype) ? facts.peak_flops.at(dtype) : facts.peak_flops.at("fp32");
      const double library_rate = library.verified ? library.flops_per_s() : 0;
      const double our_rate = ours.verified ? ours.flops_per_s() : 0;
      std::printf("%-22s %-5s %12.1f %7.0f%% %12.1f %7.0f%% %10.2f %s\n",
                  (std::to_string(size) + "x" + std::to_string(size) + "x" + std::to_string(size)).c_str(), dtype,
                  library_rate / 1e12, 100 * library_rate / peak, our_rate / 1e12, 100 * our_rate / peak,
                  library_rate > 0 ? our_rate / library_rate : 0.0, ours.verified ? "" : ours.reason.c_str());
    }
  }
  const BandwidthMeasurement bandwidth = gpu->triad(seconds);
  std::printf("triad bandwidth: %.0f GB/s%s\n", bandwidth.bytes_per_s_median / 1e9, bandwidth.verified ? "" : " (failed)");
  return 0;
}
