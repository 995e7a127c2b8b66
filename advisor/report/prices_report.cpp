#include "advisor/report/prices_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace advise {
namespace {

std::string as_of_for(const Catalogs& catalogs, const Instance& instance) {
  for (const auto& catalog : catalogs.catalogs) {
    if (catalog.file == instance.catalog_file) return catalog.as_of;
  }
  return "";
}

bool stale_for(const Catalogs& catalogs, const Instance& instance) {
  for (const auto& catalog : catalogs.catalogs) {
    if (catalog.file == instance.catalog_file) return catalog.stale;
  }
  return false;
}

std::string money(double usd) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", usd);
  return text;
}

}  // namespace

void write_prices_table(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                        const PriceQuery& query) {
  char line[512];
  std::snprintf(line, sizeof line, "%-8s %-28s %-12s %5s %8s %-22s %10s %10s %12s  %s\n", "provider", "instance",
                "region", "vCPU", "mem GiB", "device", "$/h", "spot $/h",
                ("$/" + query.precision + "-TFLOP-h").c_str(), "as of");
  out << line;
  bool any_stale = false;
  for (const PriceRow& row : rows) {
    const Instance& instance = *row.instance;
    std::string device = row.device.empty() ? "-" : row.device;
    if (instance.gpu_count > 1) device = std::to_string(instance.gpu_count) + "x " + device;
    const bool stale = stale_for(catalogs, instance);
    any_stale = any_stale || stale;
    std::snprintf(line, sizeof line, "%-8s %-28s %-12s %5lld %8.0f %-22s %10s %10s %12s  %s%s\n",
                  instance.provider.c_str(), instance.name.c_str(), instance.region.c_str(),
                  static_cast<long long>(instance.vcpus),
                  static_cast<double>(instance.memory_bytes) / (1024.0 * 1024 * 1024), device.c_str(),
                  money(instance.usd_per_hour).c_str(),
                  instance.spot_usd_per_hour ? money(*instance.spot_usd_per_hour).c_str() : "-",
                  row.usd_per_tflop_hour > 0 ? money(row.usd_per_tflop_hour).c_str() : "-",
                  as_of_for(catalogs, instance).c_str(), stale ? " (stale)" : "");
    out << line;
  }
  out << rows.size() << " instances, sorted by " << query.sort << (query.spot_only ? " (spot price)" : "") << ".";
  if (query.precision != "fp32") out << " GPUs without " << query.precision << " units are rated at their fp32 peak.";
  out << " CPU instances are rated at their fp32 vector peak.\n";
  if (any_stale) out << "Stale prices: the catalog is older than the staleness limit; check current prices.\n";
}

void write_prices_json(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs) {
  nlohmann::json instances = nlohmann::json::array();
  for (const PriceRow& row : rows) {
    const Instance& instance = *row.instance;
    instances.push_back({{"provider", instance.provider},
                         {"instance", instance.name},
                         {"region", instance.region},
                         {"vcpus", instance.vcpus},
                         {"memory_bytes", instance.memory_bytes},
                         {"device", row.device},
                         {"device_count", instance.gpu.empty() ? 1 : instance.gpu_count},
                         {"usd_per_hour", instance.usd_per_hour},
                         {"spot_usd_per_hour", instance.spot_usd_per_hour ? nlohmann::json(*instance.spot_usd_per_hour)
                                                                          : nlohmann::json(nullptr)},
                         {"peak_flops", row.peak_flops},
                         {"usd_per_tflop_hour", row.usd_per_tflop_hour},
                         {"as_of", as_of_for(catalogs, instance)},
                         {"stale", stale_for(catalogs, instance)}});
  }
  out << nlohmann::json{{"instances", instances}}.dump(2) << "\n";
}

// A CSV field as RFC 4180 writes it: quoted, with quotes doubled, where it holds a comma,
// a quote or a line break.
static std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write_prices_csv(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs) {
  out << "provider,instance,region,vcpus,memory_bytes,device,device_count,usd_per_hour,spot_usd_per_hour,"
         "usd_per_tflop_hour,as_of\n";
  for (const PriceRow& row : rows) {
    const Instance& instance = *row.instance;
    out << csv_field(instance.provider) << "," << csv_field(instance.name) << "," << csv_field(instance.region) << ","
        << instance.vcpus << "," << instance.memory_bytes << "," << csv_field(row.device) << ","
        << (instance.gpu.empty() ? 1 : instance.gpu_count)
        << "," << instance.usd_per_hour << ","
        << (instance.spot_usd_per_hour ? std::to_string(*instance.spot_usd_per_hour) : "") << ","
        << row.usd_per_tflop_hour << "," << csv_field(as_of_for(catalogs, instance)) << "\n";
  }
}

}  // namespace advise
