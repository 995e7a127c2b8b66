#pragma once
// One convolution pass set up as a framework runs it on a CPU: oneDNN's primitive,
// the framework's plain tensors (NCHW, OIHW) and the reorders between them.
// Private to the convolution probe (conv_probe.cpp) and its reference check.

#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <unordered_map>
#include <string>
#include <vector>

#include "probes/measurement.hpp"

namespace advise::detail {

using dnnl::memory;
using Tag = memory::format_tag;

inline memory::data_type data_type_of(const std::string& dtype) {
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

// One pass ready to run: two inputs, one output, the primitive and the reorders.
class ConvRun {
 public:
  // Sets up `pass` of `shape` in `type`, with inputs filled with checkable values.
  ConvRun(const ConvShape& shape, ConvPass pass, memory::data_type type);


  // Reorders the inputs in, runs the primitive, reorders the result out: what one framework call does.
  void execute();


  std::vector<float> result();
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

}  // namespace advise::detail
