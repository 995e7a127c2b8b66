#pragma once
// Plain records written by the probes: what was measured, on which device,
// and whether the result was checked. Probes never print; reports render these.

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace advise {

// One matrix multiplication C[M×N] = A[M×K] · B[K×N] in the operand layouts a
// framework uses: a_transposed means A is stored K×M (e.g. dYᵀ in a weight
// gradient), b_transposed means B is stored N×K (e.g. a Linear layer's W[out, in]).
struct GemmShape {
  std::int64_t m = 0;
  std::int64_t n = 0;
  std::int64_t k = 0;
  bool a_transposed = false;
  bool b_transposed = false;
  std::string dtype = "fp32";

  double flops() const { return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k); }
  bool operator==(const GemmShape&) const = default;
};

// One 2D convolution as a framework runs it: NCHW activations, [out, in/groups,
// kernel, kernel] weights, square kernel, stride and padding.
struct ConvShape {
  std::int64_t batch = 0;
  std::int64_t in_channels = 0;
  std::int64_t height = 0;
  std::int64_t width = 0;
  std::int64_t out_channels = 0;
  std::int64_t kernel = 1;
  std::int64_t stride = 1;
  std::int64_t padding = 0;
  std::int64_t groups = 1;
  std::string dtype = "fp32";

  std::int64_t out_height() const { return (height + 2 * padding - kernel) / stride + 1; }
  std::int64_t out_width() const { return (width + 2 * padding - kernel) / stride + 1; }
  // Of each pass (forward, backward data, backward weights): 2 per multiply-add.
  double flops() const {
    return 2.0 * static_cast<double>(batch) * static_cast<double>(out_height()) * static_cast<double>(out_width()) *
           static_cast<double>(out_channels) * static_cast<double>(in_channels / groups) *
           static_cast<double>(kernel * kernel);
  }
  bool operator==(const ConvShape&) const = default;
};

// The three passes of a convolution in training; a framework's implicit GEMMs
// for them are its forward, dX and dW.
enum class ConvPass { forward, backward_data, backward_weights };

enum class ProbeStatus { ok, failed, skipped };

struct Measurement {
  std::string device;     // "cpu" or "gpu"
  GemmShape shape;        // the shape the workload asked for
  GemmShape probed;       // the shape actually run (smaller when cut, see scale)
  double scale = 1;       // shape FLOPs / probed FLOPs; times below are scaled back by it
  double seconds_median = 0;
  double seconds_min = 0;
  double seconds_max = 0;
  int samples = 0;
  bool verified = false;
  std::string library;  // which oneDNN path was timed
  bool noisy = false;   // samples stayed spread after a second measurement
  bool cached = false;     // reused from an earlier run on this machine
  bool estimated = false;  // not timed: derived from the nearest shape in --probe-results
  double max_relative_error = 0;  // of the sampled entries against the reference
  ProbeStatus status = ProbeStatus::skipped;
  std::string reason;  // why it failed or was skipped; notes otherwise

  double flops_per_s() const { return seconds_median > 0 ? shape.flops() / seconds_median : 0; }
};

// One convolution pass timed with oneDNN's convolution primitives, including the
// reorders between the framework's plain layouts and the primitive's own.
struct ConvMeasurement {
  ConvShape shape;                  // as the workload asked for it
  ConvPass pass = ConvPass::forward;
  // What actually ran: the same, or cut (batch, image, channels) to fit one call's limits.
  ConvShape probed;
  std::string probed_dtype;         // what actually ran
  double scale = 1;                 // FLOPs asked / FLOPs run; times below are scaled back by it
  double seconds_median = 0;
  double seconds_min = 0;
  double seconds_max = 0;
  int samples = 0;
  bool verified = false;
  bool noisy = false;
  bool cached = false;
  double max_relative_error = 0;
  ProbeStatus status = ProbeStatus::skipped;
  std::string reason;

  double flops_per_s() const { return seconds_median > 0 ? shape.flops() / seconds_median : 0; }
};

struct BandwidthMeasurement {
  double bytes_per_s_median = 0;
  double bytes_per_s_best = 0;
  std::int64_t array_bytes = 0;  // each of the three arrays
  int samples = 0;
  bool verified = false;
  ProbeStatus status = ProbeStatus::skipped;
  std::string reason;

  std::int64_t working_set_bytes() const { return 3 * array_bytes; }
};

// What this machine's CPU is, measured where lscpu cannot be trusted (clock).
struct CpuFacts {
  std::string name;
  int cores = 0;    // physical cores available to this process
  int threads = 0;  // hardware threads available to this process
  int threads_used = 0;
  std::int64_t memory_bytes = 0;  // physical memory
  std::string isa;               // what oneDNN will use, e.g. "avx512_core_bf16"
  double clock_hz = 0;           // measured with a dependent add chain, one thread (its boost clock)
  double all_core_clock_hz = 0;  // the same on every thread used at once; 0: not measured (older results)
  double fp32_flops_per_cycle_per_core = 0;  // measured with an FMA loop
  std::map<std::string, double> peak_flops;  // per dtype, for threads_used: measured
  std::map<std::string, double> isa_peak_flops;  // the same from ISA × measured clock, as a cross-check
  double dispatch_seconds = 0;  // per stand-in framework operation, one thread (dispatch_probe.hpp); 0: not measured

  // The peak a GEMM of `dtype` runs against: its own, else fp32 (what oneDNN falls back to).
  double peak_for(const std::string& dtype) const;
};

// A GPU this process can (not) use; an unavailable device is a value, not an exception.
struct GpuAvailability {
  bool available = false;
  std::string reason;  // why not, in words a user understands
};

// What discovery found about the local GPU.
struct GpuFacts {
  std::string name;
  int compute_major = 0;
  int compute_minor = 0;
  int sm_count = 0;
  double clock_hz = 0;
  std::int64_t memory_bytes = 0;
  int driver_version = 0;
  int runtime_version = 0;
  std::map<std::string, double> peak_flops;  // SM count × clock × per-SM rate of its architecture
  double bandwidth_bytes_per_s = 0;          // measured (triad)
};

std::string to_string(ProbeStatus status);
std::ostream& operator<<(std::ostream& out, ProbeStatus status);
// "MxNxK fp32 NT": sizes, precision, and the layouts of A and B (N plain, T transposed).
std::ostream& operator<<(std::ostream& out, const GemmShape& shape);
// "forward" | "backward_data" | "backward_weights"; parse returns false for other text.
std::string to_string(ConvPass pass);
bool parse_conv_pass(const std::string& text, ConvPass& pass);
// "64x32x26x26 -> 64 k3 s1 p0 g1 fp32": batch, input channels and size, output channels, kernel, stride, padding, groups.
std::ostream& operator<<(std::ostream& out, const ConvShape& shape);

}  // namespace advise
