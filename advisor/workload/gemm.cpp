#include "advisor/workload/gemm.hpp"

#include <ostream>

namespace advise {

std::string to_string(GemmRole role) {
  switch (role) {
    case GemmRole::forward: return "forward";
    case GemmRole::dX: return "dX";
    case GemmRole::dW: return "dW";
    case GemmRole::dA: return "dA";
    case GemmRole::dB: return "dB";
  }
  return "forward";
}

ConvPass conv_pass_of(const WorkloadGemm& gemm) {
  if (gemm.role == GemmRole::dX) return ConvPass::backward_data;
  if (gemm.role == GemmRole::dW) return ConvPass::backward_weights;
  return ConvPass::forward;
}

std::ostream& operator<<(std::ostream& out, GemmRole role) { return out << to_string(role); }

}  // namespace advise
