#pragma once
// The oneDNN work behind each kind of arithmetic the arithmetic probe times: one call
// is the kind's forward and backward on a tensor of a given number of elements, and each
// run checks sampled entries of its results against a double-precision reference.

#include <cstdint>
#include <memory>
#include <string>

namespace advise::detail {

class ArithmeticRun {
 public:
  virtual ~ArithmeticRun() = default;
  // One forward and backward, finished when it returns.
  virtual void execute() = 0;
  // Checks `samples` entries of each result; returns the failure, or "" with the largest
  // relative error in `max_error`.
  virtual std::string check(int samples, double& max_error) = 0;
  // Lets a test prove that a wrong result is caught: changes one entry of a result.
  virtual void spoil_result() = 0;
};

// The run of `kind` (arithmetic_probe.hpp) on about `elements` elements; `elements` is
// set to what it actually runs. Throws dnnl::error where oneDNN refuses it.
std::unique_ptr<ArithmeticRun> make_arithmetic_run(const std::string& kind, std::int64_t& elements);

}  // namespace advise::detail
