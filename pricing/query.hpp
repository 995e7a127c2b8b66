#pragma once
// Browsing the catalogs: filter instances and sort them, as `advise prices` shows them.

#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace advise {

struct PriceQuery {
  std::string gpu;         // case-insensitive part of a GPU name or alias; empty: any
  std::string provider;    // exact; empty: any
  std::string region;      // exact; empty: any
  bool spot_only = false;  // only instances sold as spot, ranked by spot price
  bool gpu_only = false;
  bool cpu_only = false;
  double min_gpu_memory_gib = 0;  // per GPU
  std::string sort = "price";     // price | usd-per-tflop | memory
  std::string precision = "fp32"; // for usd-per-tflop
};

struct PriceRow {
  const Instance* instance = nullptr;
  std::string device;        // GPU or CPU spec name; "" if unknown
  double peak_flops = 0;     // of the whole instance for the query's precision; 0 if unknown
  double usd_per_hour = 0;   // the price the row is ranked by (spot when spot_only)
  double usd_per_tflop_hour = 0;  // 0 when the peak is unknown
  std::int64_t gpu_memory_bytes = 0;  // per GPU
};

// Rows matching `query`, sorted. Throws std::invalid_argument for an unknown sort or precision.
std::vector<PriceRow> query_prices(const Catalogs& catalogs, const PriceQuery& query);

}  // namespace advise
