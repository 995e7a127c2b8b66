#include "gpu_probe.hpp"

namespace advise {

GpuAvailability gpu_availability() {
  // Measuring a local GPU is not part of this build: its CUDA kernels compile,
  // but no probe times them yet, so no GPU figure is claimed as measured.
  return {false, "this build has no GPU probe; GPU options are predicted from specs"};
}

}  // namespace advise
