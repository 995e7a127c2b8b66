#include "advisor/report/prices_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "advisor/report/text_table.hpp"

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

namespace {

// The rows as the table and the markdown print them.
TextTable prices_table(const std::vector<PriceRow>& rows, const Catalogs& catalogs, const PriceQuery& query) {
  TextTable table;
  table.columns = {{"provider", false, 9},  {"instance", false, 9}, {"region", false, 5},
                   {"vCPU", true, 4},       {"mem GiB", true, 3},   {"device", false, 8},
                   {"$/h", true, 9},        {"spot $/h", true, 6},  {"$/" + query.precision + "-TFLOP-h", true, 7},
                   {"as of", false, 2}};
  for (const PriceRow& row : rows) {
    const Instance& instance = *row.instance;
    std::string device = row.device.empty() ? "-" : row.device;
    if (instance.gpu_count > 1) device = std::to_string(instance.gpu_count) + "x " + device;
    char memory[32];
    std::snprintf(memory, sizeof memory, "%.0f", static_cast<double>(instance.memory_bytes) / (1024.0 * 1024 * 1024));
    const bool stale = stale_for(catalogs, instance);
    table.rows.push_back({{instance.provider, instance.name, instance.region, std::to_string(instance.vcpus), memory,
                           device, money(instance.usd_per_hour),
                           instance.spot_usd_per_hour ? money(*instance.spot_usd_per_hour) : "-",
                           row.usd_per_tflop_hour > 0 ? money(row.usd_per_tflop_hour) : "-",
                           as_of_for(catalogs, instance) + (stale ? " (stale)" : "")},
                          "",
                          stale ? RowEmphasis::warning : RowEmphasis::none});
  }
  return table;
}

void write_prices_footer(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                         const PriceQuery& query) {
  bool any_stale = false;
  for (const PriceRow& row : rows) any_stale = any_stale || stale_for(catalogs, *row.instance);
  out << rows.size() << " instances, sorted by " << query.sort << (query.spot_only ? " (spot price)" : "") << ".";
  if (query.precision != "fp32") out << " GPUs without " << query.precision << " units are rated at their fp32 peak.";
  out << " CPU instances are rated at their fp32 vector peak.\n";
  if (any_stale) out << "Stale prices: the catalog is older than the staleness limit; check current prices.\n";
}

}  // namespace

void write_prices_table(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                        const PriceQuery& query, const TerminalStyle& style) {
  write_terminal_table(out, prices_table(rows, catalogs, query), style, 0);
  write_prices_footer(out, rows, catalogs, query);
}

void write_prices_markdown(std::ostream& out, const std::vector<PriceRow>& rows, const Catalogs& catalogs,
                           const PriceQuery& query) {
  write_markdown_table(out, prices_table(rows, catalogs, query));
  out << "\n";
  write_prices_footer(out, rows, catalogs, query);
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
