#include "probe_json.hpp"

#include <cstdio>

namespace advise {

using nlohmann::json;

json to_json(const CpuFacts& cpu) {
  json j = {{"name", cpu.name},
          {"cores", cpu.cores},
          {"threads", cpu.threads},
          {"threads_used", cpu.threads_used},
          {"isa", cpu.isa},
          {"clock_hz", cpu.clock_hz},
          {"fp32_flops_per_cycle_per_core", cpu.fp32_flops_per_cycle_per_core},
          {"memory_bytes", cpu.memory_bytes},
          {"peak_flops", cpu.peak_flops},
          {"isa_peak_flops", cpu.isa_peak_flops},
          {"dispatch_seconds", cpu.dispatch_seconds}};
  if (cpu.all_core_clock_hz > 0) j["all_core_clock_hz"] = cpu.all_core_clock_hz;
  return j;
}

json to_json(const GpuFacts& gpu) {
  return {{"name", gpu.name},
          {"compute_capability", std::to_string(gpu.compute_major) + "." + std::to_string(gpu.compute_minor)},
          {"sm_count", gpu.sm_count},
          {"clock_hz", gpu.clock_hz},
          {"memory_bytes", gpu.memory_bytes},
          {"driver_version", gpu.driver_version},
          {"runtime_version", gpu.runtime_version},
          {"peak_flops", gpu.peak_flops},
          {"bandwidth_bytes_per_s", gpu.bandwidth_bytes_per_s}};
}

json to_json(const BandwidthMeasurement& bandwidth) {
  return {{"bytes_per_s_median", bandwidth.bytes_per_s_median},
          {"bytes_per_s_best", bandwidth.bytes_per_s_best},
          {"array_bytes", bandwidth.array_bytes},
          {"samples", bandwidth.samples},
          {"verified", bandwidth.verified},
          {"status", to_string(bandwidth.status)},
          {"reason", bandwidth.reason}};
}

static json shape_json(const GemmShape& shape) {
  return {{"m", shape.m},
          {"n", shape.n},
          {"k", shape.k},
          {"a_transposed", shape.a_transposed},
          {"b_transposed", shape.b_transposed},
          {"dtype", shape.dtype}};
}

ProbeStatus status_from_json(const JsonFields& j) {
  const std::string text = j.text("status");
  if (text == "ok") return ProbeStatus::ok;
  if (text == "failed") return ProbeStatus::failed;
  if (text != "skipped") j.fail("status", "expected ok, failed or skipped, got \"" + text + "\"");
  return ProbeStatus::skipped;
}

namespace {

// Sizes of a shape: at least 1, and far below what overflows their products.
constexpr std::int64_t kMaxSize = std::int64_t{1} << 40;
constexpr std::int64_t kMaxBytes = std::int64_t{1} << 62;
constexpr double kMaxSeconds = 1e9;
constexpr double kMaxRate = 1e18;  // FLOP/s or bytes/s: beyond any machine

std::string dtype_from(const JsonFields& j) {
  const std::string dtype = j.text("dtype");
  if (dtype != "fp32" && dtype != "tf32" && dtype != "bf16" && dtype != "fp16") {
    j.fail("dtype", "expected fp32, tf32, bf16 or fp16, got \"" + dtype + "\"");
  }
  return dtype;
}

GemmShape shape_from_json(const JsonFields& j) {
  return {j.integer("m", 1, kMaxSize), j.integer("n", 1, kMaxSize), j.integer("k", 1, kMaxSize),
          j.boolean("a_transposed"), j.boolean("b_transposed"), dtype_from(j)};
}

// A measured time: positive where the measurement succeeded, else 0 or more.
double seconds_from_json(const JsonFields& j, const char* key, ProbeStatus status) {
  return status == ProbeStatus::ok ? j.number(key, 1e-15, kMaxSeconds) : j.number(key, 0, kMaxSeconds);
}

}  // namespace

// The timing and check fields a GEMM and a convolution measurement share, both ways.
template <typename Timed>
void add_timing_json(json& j, const Timed& m) {
  j["scale"] = m.scale;
  j["seconds_median"] = m.seconds_median;
  j["seconds_min"] = m.seconds_min;
  j["seconds_max"] = m.seconds_max;
  j["samples"] = m.samples;
  j["flops_per_s"] = m.flops_per_s();
  j["verified"] = m.verified;
  j["noisy"] = m.noisy;
  j["max_relative_error"] = m.max_relative_error;
  j["status"] = to_string(m.status);
  j["reason"] = m.reason;
}

template <typename Timed>
void read_timing_json(const JsonFields& j, Timed& m) {
  m.status = status_from_json(j);
  m.scale = j.number("scale", 1e-12, 1e18);
  m.seconds_median = seconds_from_json(j, "seconds_median", m.status);
  m.seconds_min = seconds_from_json(j, "seconds_min", m.status);
  m.seconds_max = seconds_from_json(j, "seconds_max", m.status);
  if (m.seconds_min > m.seconds_median || m.seconds_median > m.seconds_max) {
    j.fail("seconds_median", "expected seconds_min <= seconds_median <= seconds_max");
  }
  m.samples = static_cast<int>(j.integer("samples", 0, 1'000'000'000));
  m.verified = j.boolean("verified");
  m.noisy = j.optional_boolean("noisy").value_or(false);
  m.max_relative_error = j.optional_number("max_relative_error", 0, 1e300).value_or(0.0);
  m.reason = j.optional_text("reason").value_or("");
}

json to_json(const Measurement& m) {
  json j = shape_json(m.shape);
  j["device"] = m.device;
  j["probed"] = shape_json(m.probed);
  add_timing_json(j, m);
  j["library"] = m.library;
  return j;
}

CpuFacts cpu_facts_from_json(const JsonFields& j) {
  CpuFacts cpu;
  cpu.name = j.text("name");
  cpu.cores = static_cast<int>(j.integer("cores", 1, 1'000'000));
  cpu.threads = static_cast<int>(j.integer("threads", 1, 1'000'000));
  cpu.threads_used = static_cast<int>(j.integer("threads_used", 1, 1'000'000));
  cpu.isa = j.text("isa");
  cpu.clock_hz = j.number("clock_hz", 1e6, 1e11);
  cpu.all_core_clock_hz = j.optional_number("all_core_clock_hz", 1e6, 1e11).value_or(0.0);  // absent from older results
  cpu.fp32_flops_per_cycle_per_core = j.number("fp32_flops_per_cycle_per_core", 0, 4096);
  cpu.memory_bytes = j.integer("memory_bytes", 1, kMaxBytes);
  cpu.peak_flops = j.number_map("peak_flops", 1e3, kMaxRate);
  if (j.has("isa_peak_flops")) cpu.isa_peak_flops = j.number_map("isa_peak_flops", 0, kMaxRate);
  cpu.dispatch_seconds = j.optional_number("dispatch_seconds", 0, 1).value_or(0.0);  // absent from older results
  if (!cpu.peak_flops.count("fp32")) j.fail("peak_flops", "expected an fp32 entry");
  return cpu;
}

GpuFacts gpu_facts_from_json(const JsonFields& j) {
  GpuFacts gpu;
  gpu.name = j.text("name");
  const std::string capability = j.text("compute_capability");  // "9.0"
  int consumed = 0;
  if (std::sscanf(capability.c_str(), "%d.%d%n", &gpu.compute_major, &gpu.compute_minor, &consumed) != 2 ||
      consumed != static_cast<int>(capability.size()) || gpu.compute_major < 1 || gpu.compute_minor < 0) {
    j.fail("compute_capability", "expected MAJOR.MINOR such as 9.0, got \"" + capability + "\"");
  }
  gpu.sm_count = static_cast<int>(j.integer("sm_count", 1, 1'000'000));
  gpu.clock_hz = j.number("clock_hz", 1e6, 1e11);
  gpu.memory_bytes = j.integer("memory_bytes", 1, kMaxBytes);
  gpu.driver_version = static_cast<int>(j.integer("driver_version", 0, 1'000'000'000));
  gpu.runtime_version = static_cast<int>(j.integer("runtime_version", 0, 1'000'000'000));
  gpu.peak_flops = j.number_map("peak_flops", 1e3, kMaxRate);
  gpu.bandwidth_bytes_per_s = j.number("bandwidth_bytes_per_s", 1, kMaxRate);
  if (!gpu.peak_flops.count("fp32")) j.fail("peak_flops", "expected an fp32 entry");
  return gpu;
}

json to_json(const std::vector<BandwidthMeasurement>& curve) {
  json points = json::array();
  for (const auto& point : curve) {
    json entry = to_json(point);
    entry["working_set_bytes"] = point.working_set_bytes();
    points.push_back(entry);
  }
  return points;
}

std::vector<BandwidthMeasurement> bandwidth_curve_from_json(const std::vector<JsonFields>& points) {
  std::vector<BandwidthMeasurement> curve;
  for (const JsonFields& point : points) curve.push_back(bandwidth_from_json(point));
  return curve;
}

BandwidthMeasurement bandwidth_from_json(const JsonFields& j) {
  BandwidthMeasurement bandwidth;
  bandwidth.status = status_from_json(j);
  const double min_rate = bandwidth.status == ProbeStatus::ok ? 1.0 : 0.0;  // a measured bandwidth is positive
  bandwidth.bytes_per_s_median = j.number("bytes_per_s_median", min_rate, kMaxRate);
  bandwidth.bytes_per_s_best = j.number("bytes_per_s_best", min_rate, kMaxRate);
  bandwidth.array_bytes = j.integer("array_bytes", 0, kMaxBytes);
  bandwidth.samples = static_cast<int>(j.integer("samples", 0, 1'000'000'000));
  bandwidth.verified = j.boolean("verified");
  bandwidth.reason = j.optional_text("reason").value_or("");
  return bandwidth;
}

Measurement measurement_from_json(const JsonFields& j) {
  Measurement m;
  m.shape = shape_from_json(j);
  m.device = j.text("device");
  m.probed = shape_from_json(j.object("probed"));
  read_timing_json(j, m);
  m.library = j.optional_text("library").value_or("");
  return m;
}

static json conv_shape_json(const ConvShape& s) {
  return {{"batch", s.batch},   {"in_channels", s.in_channels}, {"height", s.height},   {"width", s.width},
          {"out_channels", s.out_channels}, {"kernel", s.kernel}, {"stride", s.stride}, {"padding", s.padding},
          {"groups", s.groups}, {"dtype", s.dtype}};
}

static ConvShape conv_shape_from_json(const JsonFields& j) {
  ConvShape s;
  s.batch = j.integer("batch", 1, kMaxSize);
  s.in_channels = j.integer("in_channels", 1, kMaxSize);
  s.height = j.integer("height", 1, kMaxSize);
  s.width = j.integer("width", 1, kMaxSize);
  s.out_channels = j.integer("out_channels", 1, kMaxSize);
  s.kernel = j.integer("kernel", 1, kMaxSize);
  s.stride = j.integer("stride", 1, kMaxSize);
  s.padding = j.integer("padding", 0, kMaxSize);
  s.groups = j.integer("groups", 1, kMaxSize);
  s.dtype = dtype_from(j);
  if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0) j.fail("groups", "expected a divisor of both channel counts");
  if (s.out_height() < 1 || s.out_width() < 1) j.fail("kernel", "expected a kernel that fits the padded image");
  return s;
}

json to_json(const ConvMeasurement& m) {
  json j = conv_shape_json(m.shape);
  j["pass"] = to_string(m.pass);
  j["probed_batch"] = m.probed.batch;
  j["probed_height"] = m.probed.height;
  j["probed_width"] = m.probed.width;
  j["probed_in_channels"] = m.probed.in_channels;
  j["probed_out_channels"] = m.probed.out_channels;
  j["probed_dtype"] = m.probed_dtype;
  add_timing_json(j, m);
  j["library"] = "oneDNN convolution";
  return j;
}

ConvMeasurement conv_measurement_from_json(const JsonFields& j) {
  ConvMeasurement m;
  m.shape = conv_shape_from_json(j);
  const std::string pass = j.text("pass");
  if (!parse_conv_pass(pass, m.pass)) j.fail("pass", "expected forward, backward_data or backward_weights, got \"" + pass + "\"");
  // Results written before images and channels were cut ran them whole; a pass that did not
  // run (batch 0: the budget left no time for it) ran nothing.
  const auto size_or_whole = [&](const char* key, std::int64_t whole) {
    return j.has(key) ? j.integer(key, m.probed.batch == 0 ? 0 : 1, whole) : whole;
  };
  m.probed = m.shape;
  m.probed.batch = j.integer("probed_batch", 0, m.shape.batch);  // 0: not run
  m.probed.height = size_or_whole("probed_height", m.shape.height);
  m.probed.width = size_or_whole("probed_width", m.shape.width);
  m.probed.in_channels = size_or_whole("probed_in_channels", m.shape.in_channels);
  m.probed.out_channels = size_or_whole("probed_out_channels", m.shape.out_channels);
  m.probed_dtype = j.text("probed_dtype");
  read_timing_json(j, m);
  return m;
}

}  // namespace advise
