#pragma once
// One matrix multiplication of a training step as a framework runs it: which
// layer, which pass, its shape in the framework's operand layouts, how often.

#include <cstdint>
#include <iosfwd>
#include <string>

#include "probes/measurement.hpp"

namespace advise {

// forward: C = A·B; dX and dW: a weight layer's input and weight gradients;
// dA and dB: the gradients of a product of two activations (attention).
enum class GemmRole { forward, dX, dW, dA, dB };

std::string to_string(GemmRole role);
std::ostream& operator<<(std::ostream& out, GemmRole role);

struct WorkloadGemm {
  std::string layer;  // "layer[2]"
  GemmRole role = GemmRole::forward;
  GemmShape shape;
  std::int64_t count = 1;     // times per step
  // Instances one kernel runs together: attention's batch x heads, a convolution's groups. The
  // count is per_kernel x the kernels (a layer's repeats run the same kernel again).
  std::int64_t per_kernel = 1;
  bool convolution = false;   // a convolution's implicit GEMM (frameworks run these in tf32 on GPUs)
  ConvShape conv;             // when `convolution`: the convolution itself, run count / conv.groups times
  bool recurrent = false;     // an LSTM's GEMM: cuDNN runs it, as it runs a convolution
  // A dW whose weight serves this many consecutive calls (an LSTM's recurrent GEMM, once per time
  // step): a CPU framework computes each call's gradient and sums them; cuDNN computes them as one
  // GEMM whose K is summed_calls times deeper (every step's gate gradients are kept).
  std::int64_t summed_calls = 1;
};

// The kernels that run `gemm.count` instances: one per repeat of its layer.
inline std::int64_t kernels_of(const WorkloadGemm& gemm) {
  return gemm.per_kernel > 1 ? gemm.count / gemm.per_kernel : gemm.count;
}

// Whether cuDNN runs the GEMM (a convolution's, an LSTM's) rather than cuBLAS: PyTorch lets
// cuDNN use tf32 for fp32 (torch.backends.cudnn.allow_tf32 defaults to true; for cuBLAS,
// torch.backends.cuda.matmul.allow_tf32 defaults to false).
inline bool run_by_cudnn(const WorkloadGemm& gemm) { return gemm.convolution || gemm.recurrent; }

// The convolution pass a convolution's implicit GEMM stands for: forward, dX or dW.
ConvPass conv_pass_of(const WorkloadGemm& gemm);

}  // namespace advise
