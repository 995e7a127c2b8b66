#include "probe_json.hpp"

namespace advise {

using nlohmann::json;

json to_json(const CpuFacts& cpu) {
  return {{"name", cpu.name},
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

static GemmShape shape_from_json(const json& j) {
  return {j.at("m").get<std::int64_t>(), j.at("n").get<std::int64_t>(), j.at("k").get<std::int64_t>(),
          j.at("a_transposed").get<bool>(), j.at("b_transposed").get<bool>(), j.at("dtype").get<std::string>()};
}

static ProbeStatus status_from_string(const std::string& text) {
  if (text == "ok") return ProbeStatus::ok;
  if (text == "failed") return ProbeStatus::failed;
  return ProbeStatus::skipped;
}

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
void read_timing_json(const json& j, Timed& m) {
  m.scale = j.at("scale").get<double>();
  m.seconds_median = j.at("seconds_median").get<double>();
  m.seconds_min = j.at("seconds_min").get<double>();
  m.seconds_max = j.at("seconds_max").get<double>();
  m.samples = j.at("samples").get<int>();
  m.verified = j.at("verified").get<bool>();
  m.noisy = j.value("noisy", false);
  m.max_relative_error = j.value("max_relative_error", 0.0);
  m.status = status_from_string(j.at("status").get<std::string>());
  m.reason = j.value("reason", "");
}

json to_json(const Measurement& m) {
  json j = shape_json(m.shape);
  j["device"] = m.device;
  j["probed"] = shape_json(m.probed);
  add_timing_json(j, m);
  j["library"] = m.library;
  return j;
}

CpuFacts cpu_facts_from_json(const json& j) {
  CpuFacts cpu;
  cpu.name = j.at("name").get<std::string>();
  cpu.cores = j.at("cores").get<int>();
  cpu.threads = j.at("threads").get<int>();
  cpu.threads_used = j.at("threads_used").get<int>();
  cpu.isa = j.at("isa").get<std::string>();
  cpu.clock_hz = j.at("clock_hz").get<double>();
  cpu.fp32_flops_per_cycle_per_core = j.at("fp32_flops_per_cycle_per_core").get<double>();
  cpu.memory_bytes = j.at("memory_bytes").get<std::int64_t>();
  cpu.peak_flops = j.at("peak_flops").get<std::map<std::string, double>>();
  cpu.isa_peak_flops = j.value("isa_peak_flops", std::map<std::string, double>{});
  cpu.dispatch_seconds = j.value("dispatch_seconds", 0.0);  // absent from older results
  if (!cpu.peak_flops.count("fp32")) throw json::other_error::create(501, "peak_flops has no fp32", &j);
  return cpu;
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

std::vector<BandwidthMeasurement> bandwidth_curve_from_json(const json& j) {
  std::vector<BandwidthMeasurement> curve;
  for (const json& point : j) curve.push_back(bandwidth_from_json(point));
  return curve;
}

BandwidthMeasurement bandwidth_from_json(const json& j) {
  BandwidthMeasurement bandwidth;
  bandwidth.bytes_per_s_median = j.at("bytes_per_s_median").get<double>();
  bandwidth.bytes_per_s_best = j.at("bytes_per_s_best").get<double>();
  bandwidth.array_bytes = j.at("array_bytes").get<std::int64_t>();
  bandwidth.samples = j.at("samples").get<int>();
  bandwidth.verified = j.at("verified").get<bool>();
  bandwidth.status = status_from_string(j.at("status").get<std::string>());
  bandwidth.reason = j.at("reason").get<std::string>();
  return bandwidth;
}

Measurement measurement_from_json(const json& j) {
  Measurement m;
  m.shape = shape_from_json(j);
  m.device = j.at("device").get<std::string>();
  m.probed = shape_from_json(j.at("probed"));
  read_timing_json(j, m);
  m.library = j.value("library", "");
  return m;
}

static json conv_shape_json(const ConvShape& s) {
  return {{"batch", s.batch},   {"in_channels", s.in_channels}, {"height", s.height},   {"width", s.width},
          {"out_channels", s.out_channels}, {"kernel", s.kernel}, {"stride", s.stride}, {"padding", s.padding},
          {"groups", s.groups}, {"dtype", s.dtype}};
}

static ConvShape conv_shape_from_json(const json& j) {
  ConvShape s;
  s.batch = j.at("batch").get<std::int64_t>();
  s.in_channels = j.at("in_channels").get<std::int64_t>();
  s.height = j.at("height").get<std::int64_t>();
  s.width = j.at("width").get<std::int64_t>();
  s.out_channels = j.at("out_channels").get<std::int64_t>();
  s.kernel = j.at("kernel").get<std::int64_t>();
  s.stride = j.at("stride").get<std::int64_t>();
  s.padding = j.at("padding").get<std::int64_t>();
  s.groups = j.at("groups").get<std::int64_t>();
  s.dtype = j.at("dtype").get<std::string>();
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

ConvMeasurement conv_measurement_from_json(const json& j) {
  ConvMeasurement m;
  m.shape = conv_shape_from_json(j);
  if (!parse_conv_pass(j.at("pass").get<std::string>(), m.pass)) {
    throw json::other_error::create(501, "unknown convolution pass " + j.at("pass").dump(), &j);
  }
  // Results written before images and channels were cut ran them whole.
  m.probed = m.shape;
  m.probed.batch = j.at("probed_batch").get<std::int64_t>();
  m.probed.height = j.value("probed_height", m.shape.height);
  m.probed.width = j.value("probed_width", m.shape.width);
  m.probed.in_channels = j.value("probed_in_channels", m.shape.in_channels);
  m.probed.out_channels = j.value("probed_out_channels", m.shape.out_channels);
  m.probed_dtype = j.at("probed_dtype").get<std::string>();
  read_timing_json(j, m);
  return m;
}

}  // namespace advise
