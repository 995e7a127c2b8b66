#include "query.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace advise {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool gpu_matches(const GpuSpec& gpu, const std::string& wanted) {
  const std::string needle = lower(wanted);
  if (lower(gpu.name).find(needle) != std::string::npos) return true;
  for (const auto& alias : gpu.aliases) {
    if (lower(alias).find(needle) != std::string::npos) return true;
  }
  return false;
}

// The instance's peak for `precision`: GPUs × their dense peak, or the CPU's
// fp32 vector peak (vCPUs / threads per core × FLOP/cycle × clock).
double instance_peak(const Catalogs& catalogs, const Instance& instance, const std::string& precision) {
  if (const GpuSpec* gpu = catalogs.find_gpu(instance.gpu)) {
    return static_cast<double>(instance.gpu_count) * gpu->peak_flops_for(precision);
  }
  if (const CpuSpec* cpu = catalogs.find_cpu(instance.cpu); cpu && precision == "fp32") {
    const double cores = static_cast<double>(instance.vcpus) / static_cast<double>(cpu->threads_per_core);
    return cores * cpu->fp32_flops_per_cycle_per_core * cpu->all_core_clock_hz;
  }
  return 0;
}

}  // namespace

std::vector<PriceRow> query_prices(const Catalogs& catalogs, const PriceQuery& query) {
  if (query.sort != "price" && query.sort != "usd-per-tflop" && query.sort != "memory") {
    throw std::invalid_argument("unknown sort \"" + query.sort + "\" (expected price, usd-per-tflop or memory)");
  }
  std::vector<PriceRow> rows;
  for (const Instance& instance : catalogs.instances) {
    const GpuSpec* gpu = instance.gpu.empty() ? nullptr : catalogs.find_gpu(instance.gpu);
    if (!query.provider.empty() && instance.provider != query.provider) continue;
    if (!query.region.empty() && instance.region != query.region) continue;
    if (query.gpu_only && !gpu) continue;
    if (query.cpu_only && gpu) continue;
    if (!query.gpu.empty() && !(gpu && gpu_matches(*gpu, query.gpu))) continue;
    if (query.min_gpu_memory_gib > 0 &&
        !(gpu && static_cast<double>(gpu->memory_bytes) >= query.min_gpu_memory_gib * 1024 * 1024 * 1024)) {
      continue;
    }
    if (query.spot_only && !instance.spot_usd_per_hour) continue;

    PriceRow row;
    row.instance = &instance;
    row.device = gpu ? gpu->name : instance.cpu;
    row.gpu_memory_bytes = gpu ? gpu->memory_bytes : 0;
    row.usd_per_hour = query.spot_only ? *instance.spot_usd_per_hour : instance.usd_per_hour;
    row.peak_flops = instance_peak(catalogs, instance, query.precision);
    if (row.peak_flops > 0) row.usd_per_tflop_hour = row.usd_per_hour / (row.peak_flops / 1e12);
    rows.push_back(row);
  }
  const auto key = [&query](const PriceRow& row) {
    if (query.sort == "memory") return -static_cast<double>(row.gpu_memory_bytes * std::max<std::int64_t>(1, row.instance->gpu_count));
    if (query.sort == "usd-per-tflop") return row.usd_per_tflop_hour > 0 ? row.usd_per_tflop_hour : 1e300;
    return row.usd_per_hour;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const PriceRow& a, const PriceRow& b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return a.usd_per_hour < b.usd_per_hour;
  });
  return rows;
}

}  // namespace advise
