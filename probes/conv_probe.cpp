#include "conv_probe.hpp"

#include <oneapi/dnnl/dnnl.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "operand_values.hpp"
#include "statistics.hpp"
#include "timing.hpp"

namespace advise {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;

memory::data_type data_type_of(const std::string& dtype) {
  if (dtype == "bf16") return memory::data_type::bf16;
  if (dtype == "fp16") return memory::data_type::f16;
  return memory::data_type::f32;
}

// The plain tensors of one convolution (fp32, in the framework's layouts) and
// their dims for oneDNN.
struct ConvTensors {
  ConvShape shape;
  memory::dims src, weights, dst, strides, padding;
  Tag weights_tag = Tag::oihw;

  explicit ConvTensors(const ConvShape& s) : shape(s) {
    src = {s.batch, s.in_channels, s.height, s.width};
    dst = {s.batch, s.out_channels, s.out_height(), s.out_width()};
    if (s.groups > 1) {
      weights = {s.groups, s.out_channels / s.groups, s.in_channels / s.groups, s.kernel, s.kernel};
      weights_tag = Tag::goihw;
    } else {
      weights = {s.out_channels, s.in_channels, s.kernel, s.kernel};
    }
    strides = {s.stride, s.stride};
    padding = {s.padding, s.padding};
  }
  static std::int64_t count(const memory::dims& dims) {
    std::int64_t n = 1;
    for (const auto d : dims) n *= d;
    return n;
  }
};

// One tensor in the framework's plain layout and, when the primitive wants
// another, its copy in that layout with the reorder between them.
struct Operand {
  memory plain;
  memory working;  // == plain when the layouts agree
  dnnl::reorder to_working, to_plain;
  bool reordered = false;

  Operand(const memory::desc& plain_desc, const memory::desc& wanted, const dnnl::engine& engine, bool is_output)
      : plain(plain_desc, engine) {
    reordered = wanted != plain_desc;
    working = reordered ? memory(wanted, engine) : plain;
    if (reordered && is_output) to_plain = dnnl::reorder(working, plain);
    if (reordered && !is_output) to_working = dnnl::reorder(plain, working);
  }
};

// Writes fp32 values into a plain memory of any data type (through a reorder).
void fill(memory& target, const std::vector<float>& values, const dnnl::engine& engine, dnnl::stream& stream) {
  const memory::desc& desc = target.get_desc();
  memory source({desc.dims(), memory::data_type::f32, desc.dims().size() == 5 ? Tag::goihw : Tag::abcd}, engine,
                const_cast<float*>(values.data()));
  dnnl::reorder(source, target).execute(stream, source, target);
  stream.wait();
}

std::vector<float> read_back(memory& source, const dnnl::engine& engine, dnnl::stream& stream) {
  const memory::desc& desc = source.get_desc();
  std::vector<float> values(static_cast<std::size_t>(ConvTensors::count(desc.dims())));
  memory target({desc.dims(), memory::data_type::f32, desc.dims().size() == 5 ? Tag::goihw : Tag::abcd}, engine,
                values.data());
  dnnl::reorder(source, target).execute(stream, source, target);
  stream.wait();
  return values;
}

std::vector<float> operand(std::int64_t entries, std::uint64_t seed, bool low_precision) {
  std::vector<float> values(static_cast<std::size_t>(entries));
  for (std::int64_t i = 0; i < entries; ++i) {
    values[static_cast<std::size_t>(i)] =
        operand_value(static_cast<std::uint64_t>(i), seed, low_precision ? kLowPrecisionMask : kFullPrecisionMask);
  }
  return values;
}

// One pass ready to run: two inputs, one output, the primitive and the reorders.
class ConvRun {
 public:
  ConvRun(const ConvShape& shape, ConvPass pass, memory::data_type type)
      : tensors_(shape), engine_(dnnl::engine::kind::cpu, 0), stream_(engine_), pass_(pass) {
    const ConvTensors& t = tensors_;
    const auto any = [&](const memory::dims& dims) { return memory::desc(dims, type, Tag::any); };
    const auto plain = [&](const memory::dims& dims, Tag tag) { return memory::desc(dims, type, tag); };
    const memory::desc src = plain(t.src, Tag::nchw), weights = plain(t.weights, t.weights_tag),
                       dst = plain(t.dst, Tag::nchw);
    const dnnl::convolution_forward::primitive_desc forward(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                        any(t.src), any(t.weights), any(t.dst), t.strides, t.padding, t.padding),
        engine_);
    const bool low = type != memory::data_type::f32;
    const std::int64_t src_n = ConvTensors::count(t.src), weights_n = ConvTensors::count(t.weights),
                       dst_n = ConvTensors::count(t.dst);
    switch (pass) {
      case ConvPass::forward: {
        operands_.emplace_back(src, forward.src_desc(), engine_, false);
        operands_.emplace_back(weights, forward.weights_desc(), engine_, false);
        operands_.emplace_back(dst, forward.dst_desc(), engine_, true);
        arguments_ = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
        primitive_ = dnnl::convolution_forward(forward);
        inputs_ = {operand(src_n, 11, low), operand(weights_n, 12, low)};
        break;
      }
      case ConvPass::backward_data: {
        const dnnl::convolution_backward_data::primitive_desc descriptor(
            dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, any(t.src), any(t.weights),
                                                  any(t.dst), t.strides, t.padding, t.padding),
            engine_, forward);
        operands_.emplace_back(dst, descriptor.diff_dst_desc(), engine_, false);
        operands_.emplace_back(weights, descriptor.weights_desc(), engine_, false);
        operands_.emplace_back(src, descriptor.diff_src_desc(), engine_, true);
        arguments_ = {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC};
        primitive_ = dnnl::convolution_backward_data(descriptor);
        inputs_ = {operand(dst_n, 13, low), operand(weights_n, 12, low)};
        break;
      }
      case ConvPass::backward_weights: {
        const dnnl::convolution_backward_weights::primitive_desc descriptor(
            dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, any(t.src), any(t.weights),
                                                     any(t.dst), t.strides, t.padding, t.padding),
            engine_, forward);
        operands_.emplace_back(src, descriptor.src_desc(), engine_, false);
        operands_.emplace_back(dst, descriptor.diff_dst_desc(), engine_, false);
        operands_.emplace_back(weights, descriptor.diff_weights_desc(), engine_, true);
        arguments_ = {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS};
        primitive_ = dnnl::convolution_backward_weights(descriptor);
        inputs_ = {operand(src_n, 11, low), operand(dst_n, 13, low)};
        break;
      }
    }
    for (std::size_t i = 0; i < inputs_.size(); ++i) fill(operands_[i].plain, inputs_[i], engine_, stream_);
  }

  // Reorders the inputs in, runs the primitive, reorders the result out: what one framework call does.
  void execute() {
    std::unordered_map<int, memory> arguments;
    for (std::size_t i = 0; i < operands_.size(); ++i) {
      Operand& o = operands_[i];
      if (o.reordered && i + 1 < operands_.size()) o.to_working.execute(stream_, o.plain, o.working);
      arguments[arguments_[i]] = o.working;
    }
    primitive_.execute(stream_, arguments);
    Operand& output = operands_.back();
    if (output.reordered) output.to_plain.execute(stream_, output.working, output.plain);
    stream_.wait();
  }

  std::vector<float> result() { return read_back(operands_.back().plain, engine_, stream_); }
  const std::vector<float>& input(std::size_t i) const { return inputs_[i]; }
  const ConvTensors& tensors() const { return tensors_; }
  ConvPass pass() const { return pass_; }

 private:
  ConvTensors tensors_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  ConvPass pass_;
  std::vector<Operand> operands_;  // inputs, then the output
  std::vector<int> arguments_;     // oneDNN argument of each operand
  dnnl::primitive primitive_;
  std::vector<std::vector<float>> inputs_;  // the fp32 values the reference sees
};

// Sum over the sampled entry and the magnitude of its terms, in double.
struct Reference {
  double value = 0;
  double magnitude = 0;
  void add(double a, double b) {
    value += a * b;
    magnitude += std::abs(a * b);
  }
};

// The reference for output entry `index` (plain layout) of `run`'s pass.
Reference reference_entry(const ConvRun& run, std::int64_t index) {
  const ConvShape& s = run.tensors().shape;
  const std::int64_t oh_n = s.out_height(), ow_n = s.out_width();
  const std::int64_t ic_per_group = s.in_channels / s.groups, oc_per_group = s.out_channels / s.groups;
  const auto src_at = [&](const std::vector<float>& src, std::int64_t n, std::int64_t c, std::int64_t y, std::int64_t x) {
    return static_cast<double>(src[static_cast<std::size_t>(((n * s.in_channels + c) * s.height + y) * s.width + x)]);
  };
  const auto dst_at = [&](const std::vector<float>& dst, std::int64_t n, std::int64_t c, std::int64_t y, std::int64_t x) {
    return static_cast<double>(dst[static_cast<std::size_t>(((n * s.out_channels + c) * oh_n + y) * ow_n + x)]);
  };
  const auto weight_at = [&](const std::vector<float>& w, std::int64_t oc, std::int64_t icg, std::int64_t ky, std::int64_t kx) {
    return static_cast<double>(w[static_cast<std::size_t>(((oc * ic_per_group + icg) * s.kernel + ky) * s.kernel + kx)]);
  };
  Reference r;
  switch (run.pass()) {
    case ConvPass::forward: {  // dst[n, oc, oy, ox]
      const std::int64_t ox = index % ow_n, oy = index / ow_n % oh_n, oc = index / (ow_n * oh_n) % s.out_channels,
                         n = index / (ow_n * oh_n * s.out_channels);
      const std::int64_t group = oc / oc_per_group;
      for (std::int64_t icg = 0; icg < ic_per_group; ++icg) {
        for (std::int64_t ky = 0; ky < s.kernel; ++ky) {
          for (std::int64_t kx = 0; kx < s.kernel; ++kx) {
            const std::int64_t y = oy * s.stride - s.padding + ky, x = ox * s.stride - s.padding + kx;
            if (y < 0 || y >= s.height || x < 0 || x >= s.width) continue;
            r.add(src_at(run.input(0), n, group * ic_per_group + icg, y, x), weight_at(run.input(1), oc, icg, ky, kx));
          }
        }
      }
      break;
    }
    case ConvPass::backward_data: {  // diff_src[n, ic, y, x]
      const std::int64_t x = index % s.width, y = index / s.width % s.height,
                         ic = index / (s.width * s.height) % s.in_channels,
                         n = index / (s.width * s.height * s.in_channels);
      const std::int64_t group = ic / ic_per_group;
      for (std::int64_t ocg = 0; ocg < oc_per_group; ++ocg) {
        const std::int64_t oc = group * oc_per_group + ocg;
        for (std::int64_t ky = 0; ky < s.kernel; ++ky) {
          for (std::int64_t kx = 0; kx < s.kernel; ++kx) {
            const std::int64_t ty = y + s.padding - ky, tx = x + s.padding - kx;
            if (ty < 0 || tx < 0 || ty % s.stride != 0 || tx % s.stride != 0) continue;
            const std::int64_t oy = ty / s.stride, ox = tx / s.stride;
            if (oy >= oh_n || ox >= ow_n) continue;
            r.add(dst_at(run.input(0), n, oc, oy, ox), weight_at(run.input(1), oc, ic % ic_per_group, ky, kx));
          }
        }
      }
      break;
    }
    case ConvPass::backward_weights: {  // diff_weights[oc, icg, ky, kx]
      const std::int64_t kx = index % s.kernel, ky = index / s.kernel % s.kernel,
                         icg = index / (s.kernel * s.kernel) % ic_per_group,
                         oc = index / (s.kernel * s.kernel * ic_per_group);
      const std::int64_t ic = oc / oc_per_group * ic_per_group + icg;
      for (std::int64_t n = 0; n < s.batch; ++n) {
        for (std::int64_t oy = 0; oy < oh_n; ++oy) {
          for (std::int64_t ox = 0; ox < ow_n; ++ox) {
            const std::int64_t y = oy * s.stride - s.padding + ky, x = ox * s.stride - s.padding + kx;
            if (y < 0 || y >= s.height || x < 0 || x >= s.width) continue;
            r.add(dst_at(run.input(1), n, oc, oy, ox), src_at(run.input(0), n, ic, y, x));
          }
        }
      }
      break;
    }
  }
  return r;
}

// Checks sampled entries of `result`; returns the failure, or "" with the largest error in `max_error`.
std::string check(const ConvRun& run, const std::vector<float>& result, int samples, double& max_error) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> pick(0, static_cast<std::int64_t>(result.size()) - 1);
  max_error = 0;
  for (int i = 0; i < samples; ++i) {
    const std::int64_t index = pick(random);
    const Reference r = reference_entry(run, index);
    const double got = result[static_cast<std::size_t>(index)];
    // As for GEMMs (verify.cpp): fp32 sums off by about √terms·2⁻²⁴; 1e-3 catches one wrong unit product.
    const double error = std::abs(got - r.value) / std::max(r.magnitude, 1e-30);
    if (!(error <= 1e-3)) {
      std::ostringstream reason;
      reason << "result check failed at entry " << index << " of the " << to_string(run.pass()) << " output: expected "
             << r.value << ", got " << got;
      max_error = std::isnan(error) ? INFINITY : error;
      return reason.str();
    }
    max_error = std::max(max_error, error);
  }
  return "";
}

// The run in the asked data type, or in fp32 (with a note) where oneDNN has no kernel for it.
std::unique_ptr<ConvRun> prepare(const ConvShape& shape, ConvPass pass, std::string& ran, std::string& note) {
  const std::string wanted = shape.dtype == "tf32" ? "fp32" : shape.dtype;
  if (wanted != "fp32") {
    try {
      ran = wanted;
      return std::make_unique<ConvRun>(shape, pass, data_type_of(wanted));
    } catch (const dnnl::error&) {
      note = wanted + " has no oneDNN convolution on this CPU: measured fp32";
    }
  } else if (shape.dtype == "tf32") {
    note = "tf32 does not exist on CPUs: measured fp32";
  }
  ran = "fp32";
  return std::make_unique<ConvRun>(shape, pass, memory::data_type::f32);
}

ConvMeasurement failed(ConvMeasurement measurement, std::string reason) {
  measurement.status = ProbeStatus::failed;
  measurement.reason = std::move(reason);
  measurement.seconds_median = measurement.seconds_min = measurement.seconds_max = 0;
  return measurement;
}

std::string invalid(const ConvShape& s) {
  if (s.batch < 1 || s.in_channels < 1 || s.out_channels < 1 || s.kernel < 1 || s.stride < 1 || s.padding < 0 ||
      s.groups < 1) {
    return "sizes must be positive";
  }
  if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0) return "channels must divide into the groups";
  if (s.out_height() < 1 || s.out_width() < 1) return "the kernel is larger than the padded input";
  if (s.dtype != "fp32" && s.dtype != "tf32" && s.dtype != "bf16" && s.dtype != "fp16") {
    return "the CPU probe measures fp32, tf32 (as fp32), bf16 and fp16, not " + s.dtype;
  }
  return "";
}

}  // namespace

std::int64_t plan_conv_batch(const ConvShape& shape, const ConvProbeLimits& limits) {
  const double per_example_flops = shape.flops() / static_cast<double>(shape.batch);
  // fp32 activations in and out, each also in the primitive's layout; weights likewise.
  const double per_example_bytes =
      8.0 * static_cast<double>(shape.in_channels * shape.height * shape.width +
                                shape.out_channels * shape.out_height() * shape.out_width());
  const double weight_bytes = 8.0 * static_cast<double>(shape.out_channels * (shape.in_channels / shape.groups) *
                                                        shape.kernel * shape.kernel);
  const double by_flops = limits.max_flops / per_example_flops;
  const double by_bytes = (static_cast<double>(limits.max_bytes) - weight_bytes) / per_example_bytes;
  const double fits = std::floor(std::min(by_flops, by_bytes));
  const std::int64_t floor_batch = std::min(shape.batch, limits.min_batch);
  if (fits >= static_cast<double>(shape.batch)) return shape.batch;
  return std::max(floor_batch, static_cast<std::int64_t>(std::max(fits, 1.0)));
}

ConvMeasurement probe_cpu_conv(const ConvShape& shape, ConvPass pass, double budget_s, const ConvProbeOptions& options) {
  ConvMeasurement measurement;
  measurement.shape = shape;
  measurement.pass = pass;
  if (const std::string problem = invalid(shape); !problem.empty()) {
    measurement.reason = problem;
    return measurement;
  }
  measurement.probed_batch = plan_conv_batch(shape, options.limits);
  measurement.scale = static_cast<double>(shape.batch) / static_cast<double>(measurement.probed_batch);
  ConvShape probed = shape;
  probed.batch = measurement.probed_batch;
  try {
    std::string note;
    std::unique_ptr<ConvRun> run = prepare(probed, pass, measurement.probed_dtype, note);
    measurement.reason = note;
    TimingPlan plan;
    plan.budget_s = budget_s;
    const SteadyTiming timing = time_steadily([&] { run->execute(); }, plan);
    measurement.noisy = timing.noisy;
    std::vector<float> result = run->result();
    if (options.tamper) options.tamper(result.data(), static_cast<std::int64_t>(result.size()));
    if (std::string problem = check(*run, result, options.verify_samples, measurement.max_relative_error);
        !problem.empty()) {
      return failed(measurement, problem);
    }
    measurement.verified = true;
    measurement.status = ProbeStatus::ok;
    measurement.samples = static_cast<int>(timing.samples.size());
    measurement.seconds_median = timing.summary.median * measurement.scale;
    measurement.seconds_min = timing.summary.min * measurement.scale;
    measurement.seconds_max = timing.summary.max * measurement.scale;
    if (timing.noisy) measurement.reason += (measurement.reason.empty() ? "" : "; ") + timing.note();
  } catch (const dnnl::error& e) {
    return failed(measurement, std::string("oneDNN error: ") + e.what());
  } catch (const std::bad_alloc&) {
    return failed(measurement, "out of memory for the probe's buffers");
  }
  return measurement;
}

}  // namespace advise
