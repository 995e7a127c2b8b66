// Fuzz target: the probe-results reader. Any file gives a profile or a ProbeResultsError.

#include <cstddef>
#include <cstdint>

#include "probes/probe_results.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = advise::fuzz::input_file(data, size, ".json");
  // Shapes it may hold and must otherwise estimate, and a convolution pass.
  const std::vector<advise::GemmShape> shapes = {{128, 512, 784, false, true, "fp32"}, {64, 64, 64, true, false, "bf16"}};
  const std::vector<advise::ConvolutionRequest> convolutions = {
      {{8, 3, 32, 32, 16, 3, 1, 1, 1, "fp32"}, advise::ConvPass::forward, 1.0}};
  try {
    advise::profile_from_probe_results(path, shapes, convolutions);
  } catch (const advise::ProbeResultsError&) {
  }
  return 0;
}
