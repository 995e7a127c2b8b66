// Fuzz target: the model loader and the shape checker. Any input is either a model whose
// step can be described or an InputError; anything else (a crash, another exception) is a finding.

#include <cstddef>
#include <cstdint>

#include "advisor/model/model.hpp"
#include "advisor/workload/workload.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = advise::fuzz::input_file(data, size, ".toml");
  try {
    const advise::Workload workload = advise::build_workload(advise::load_model(path));
    advise::distinct_shapes(workload);
    advise::distinct_convolutions(workload);
  } catch (const advise::InputError&) {
  }
  return 0;
}
