#pragma once
// One measurement session of this machine: CPU facts and peak, memory
// bandwidth, a large square GEMM as the headline figure, and each requested
// GEMM shape and convolution pass, all within one time budget.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "arithmetic_probe.hpp"
#include "cpu_probe.hpp"
#include "framework_calibration.hpp"
#include "measurement.hpp"
#include "probe_plan.hpp"

namespace advise {

// A convolution pass to measure, with its share of the budget on the GEMMs' scale (FLOPs per step).
struct ConvolutionRequest {
  ConvShape shape;
  ConvPass pass = ConvPass::forward;
  double weight = 1;
};

// GEMM shapes to time on a GPU, with their weights (a share of the GPU's time each).
struct GpuGemmPlan {
  std::vector<GemmShape> shapes;
  std::vector<double> weights;
};

struct MachineProbeSettings {
  int threads = 0;             // 0: all hardware threads
  double probe_seconds = 2.0;  // whole session, shapes get it in proportion to their FLOPs
  bool probe_gpu = true;
  ProbeLimits limits;
  std::string gpu_backend;  // the GPU backend module; empty: next to the executable
  double gpu_probe_seconds = 1.0;
  std::string cache_dir;  // where results are cached per machine; empty: no cache
  bool reprobe = false;   // measure everything again (and refresh the cache)
  // Shapes to time (if fp32) on the system BLAS instead of oneDNN; empty: none.
  std::vector<GemmShape> system_blas_shapes;
  // Convolution passes to time on the CPU (conv_probe.hpp) besides the GEMMs.
  std::vector<ConvolutionRequest> convolutions;
  // Arithmetic kinds to time at their sizes (arithmetic_probe.hpp).
  std::vector<ArithmeticRequest> arithmetic;
  // The GEMMs to time on the GPU, chosen once the GPU is known (a framework runs some fp32
  // GEMMs in tf32 where the GPU has it); unset: the CPU's shapes and weights.
  std::function<GpuGemmPlan(const GpuFacts&)> gpu_plan;
  // Memory the machine can give the probe now; below 0: read it (memory_budget.hpp). Each
  // probe call asks for at most kProbeMemoryShare of it (and never more than limits.max_bytes).
  std::int64_t available_memory_bytes = -1;
  // Tests' stand-ins for the CPU probes' clock and for a wrong GEMM result; empty otherwise.
  Timer timer;
  OutputTamper tamper;
};

struct MachineProfile {
  CpuFacts cpu;
  BandwidthMeasurement bandwidth;                     // from memory: arrays far beyond the caches
  std::vector<BandwidthMeasurement> bandwidth_curve;  // by working set, ascending; empty in older results
  Measurement reference_gemm;      // 2048³ fp32: what this CPU reaches on a large square GEMM
  std::vector<Measurement> gemms;  // one per requested shape, same order
  std::vector<ConvMeasurement> convolutions;  // one per requested convolution pass, same order
  std::vector<ArithmeticMeasurement> arithmetic;  // one per requested kind; empty in older results
  GpuAvailability gpu;
  GpuFacts gpu_facts;                  // when gpu.available
  std::vector<Measurement> gpu_gemms;  // when gpu.available: one per requested shape, same order
  int gemms_from_cache = 0;           // of `gemms`, how many were reused
  int convolutions_from_cache = 0;    // of `convolutions`, likewise
  bool facts_from_cache = false;      // CPU facts, bandwidth and the reference GEMM
  std::string cache_path;             // the cache file used ("" without a cache)
  std::int64_t probe_memory_cap = 0;  // the most one probe call asked for, bytes
  std::vector<std::string> warnings;  // for the user: a cache that was ignored, ...
  std::string source = "this machine";  // or the --probe-results file it was read from
  std::optional<FrameworkCalibration> calibration;  // from the cache: `advise calibrate pytorch` here

  // The measurement taken for `shape` as it was asked for (sizes, layouts, dtype), or null.
  const Measurement* find_gemm(const GemmShape& shape) const;
  const Measurement* find_gpu_gemm(const GemmShape& shape) const;
  // The measurement of one pass of the convolution `shape`, or null.
  const ConvMeasurement* find_convolution(const ConvShape& shape, ConvPass pass) const;
};

// Called with a short line before each step (for a progress display); may be empty.
using ProbeProgress = std::function<void(const std::string&)>;

// `weights` gives each shape's share of the budget (e.g. its FLOPs per step × count);
// the convolutions in `settings` share it too.
MachineProfile probe_machine(const std::vector<GemmShape>& shapes, const std::vector<double>& weights,
                             const MachineProbeSettings& settings, const ProbeProgress& progress);

// The least a pending shape's share of the budget can be (fixed_probes.hpp: the fixed probes' shares).
constexpr double kMinShapeSeconds = 0.02;

}  // namespace advise
