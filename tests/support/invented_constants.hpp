#pragma once
// Prediction constants for tests on invented hardware, each given here (the
// product's own live only in the bundled prediction.toml): 128 x 128 output tiles,
// 60 % of peak for a GEMM that fills the GPU, 80 % of bandwidth, 10 us a kernel.

#include "pricing/catalog.hpp"

namespace advise::testing {

inline PredictionConstants invented_constants() {
  PredictionConstants constants;
  constants.gemm_efficiency = 0.6;
  constants.bandwidth_efficiency = 0.8;
  constants.seconds_per_kernel = 10e-6;
  constants.tile_rows = 128;
  constants.tile_cols = 128;
  constants.allreduce_efficiency = 0.7;
  constants.spot_interruptions_per_hour = 0.05;
  constants.spot_restart_seconds = 600;
  constants.checkpoint_interval_seconds = 1800;
  constants.source = "invented for the tests";
  return constants;
}

}  // namespace advise::testing
