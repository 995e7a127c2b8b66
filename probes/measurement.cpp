#include "measurement.hpp"

#include <ostream>

namespace advise {

std::string to_string(ProbeStatus status) {
  switch (status) {
    case ProbeStatus::ok: return "ok";
    case ProbeStatus::failed: return "failed";
    case ProbeStatus::skipped: return "skipped";
  }
  return "unknown";
}

double CpuFacts::peak_for(const std::string& dtype) const {
  const auto found = peak_flops.find(dtype);
  if (found != peak_flops.end()) return found->second;
  const auto fp32 = peak_flops.find("fp32");
  return fp32 != peak_flops.end() ? fp32->second : 0;
}

std::ostream& operator<<(std::ostream& out, ProbeStatus status) { return out << to_string(status); }

std::ostream& operator<<(std::ostream& out, const GemmShape& shape) {
  return out << shape.m << "x" << shape.n << "x" << shape.k << " " << shape.dtype << " "
             << (shape.a_transposed ? "T" : "N") << (shape.b_transposed ? "T" : "N");
}

std::string to_string(ConvPass pass) {
  switch (pass) {
    case ConvPass::forward: return "forward";
    case ConvPass::backward_data: return "backward_data";
    case ConvPass::backward_weights: return "backward_weights";
  }
  return "unknown";
}

bool parse_conv_pass(const std::string& text, ConvPass& pass) {
  for (const ConvPass candidate : {ConvPass::forward, ConvPass::backward_data, ConvPass::backward_weights}) {
    if (text == to_string(candidate)) {
      pass = candidate;
      return true;
    }
  }
  return false;
}

std::ostream& operator<<(std::ostream& out, const ConvShape& shape) {
  return out << shape.batch << "x" << shape.in_channels << "x" << shape.height << "x" << shape.width << " -> "
             << shape.out_channels << " k" << shape.kernel << " s" << shape.stride << " p" << shape.padding << " g"
             << shape.groups << " " << shape.dtype;
}

}  // namespace advise
