#pragma once
// What every arithmetic run shares: its own oneDNN engine and stream, and tensors it owns
// with oneDNN memory objects over parts of them.

#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <vector>

#include "probes/detail/arithmetic_runs.hpp"
#include "probes/operand_values.hpp"

namespace advise::detail {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;

// `n` floats, filled with the probes' operand values times `scale` (0: zeros). The values repeat
// every kPeriod entries (a prime, so no two tensors line up): hashing millions of indices
// would cost more than the timing.
struct Buffer {
  static constexpr std::size_t kPeriod = 4093;
  std::vector<float> values;
  explicit Buffer(std::int64_t n, std::uint64_t seed = 0, float scale = 0) : values(static_cast<std::size_t>(n)) {
    if (scale == 0) return;
    for (std::size_t i = 0; i < values.size() && i < kPeriod; ++i) {
      values[i] = scale * operand_value(i, seed, kFullPrecisionMask);
    }
    for (std::size_t i = kPeriod; i < values.size(); ++i) values[i] = values[i - kPeriod];
  }
  float* at(std::int64_t offset) { return values.data() + offset; }
};

class RunBase : public ArithmeticRun {
 protected:
  dnnl::engine engine_{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream_{engine_};

  // `n` elements of `buffer` from `offset`, as a flat oneDNN tensor.
  memory view(Buffer& buffer, std::int64_t offset, std::int64_t n) {
    return memory({{n}, kF32, Tag::a}, engine_, buffer.at(offset));
  }
};

}  // namespace advise::detail
