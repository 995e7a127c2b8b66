#pragma once
// 64-bit size arithmetic that refuses to wrap: a model too large for it is an
// input error at the layer that overflows, never a wrong answer.

#include <cstdint>
#include <initializer_list>

#include "pricing/input_error.hpp"

namespace advise {

[[noreturn]] inline void throw_too_large(const SourcePosition& where) {
  throw InputError(where, "", "the model is too large: its sizes overflow 64-bit integers");
}

inline std::int64_t checked_product(std::initializer_list<std::int64_t> factors, const SourcePosition& where) {
  std::int64_t product = 1;
  for (const std::int64_t factor : factors) {
    if (__builtin_mul_overflow(product, factor, &product)) throw_too_large(where);
  }
  return product;
}

inline std::int64_t checked_sum(std::initializer_list<std::int64_t> terms, const SourcePosition& where) {
  std::int64_t sum = 0;
  for (const std::int64_t term : terms) {
    if (__builtin_add_overflow(sum, term, &sum)) throw_too_large(where);
  }
  return sum;
}

}  // namespace advise
