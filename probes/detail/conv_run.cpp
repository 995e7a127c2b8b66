#include "probes/detail/conv_run.hpp"

#include "probes/operand_values.hpp"

namespace advise::detail {
namespace {

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

}  // namespace

ConvRun::ConvRun(const ConvShape& shape, ConvPass pass, memory::data_type type)
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
void ConvRun::execute() {
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
std::vector<float> ConvRun::result() { return read_back(operands_.back().plain, engine_, stream_); }

}  // namespace advise::detail
