#pragma once
// Whether a local GPU can be measured by this build.

#include "measurement.hpp"

namespace advise {

GpuAvailability gpu_availability();

}  // namespace advise
