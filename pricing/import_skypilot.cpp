#include "import_skypilot.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "input_error.hpp"
#include "pricing/detail/csv_reader.hpp"
#include "pricing/detail/text.hpp"

namespace advise {
namespace {

using detail::CsvReader;
using detail::Row;
using detail::toml_quoted;

std::string quoted(const std::string& text) { return toml_quoted(text); }

// The loader's limits (loader.cpp): a row outside them is left out, never written.
constexpr double kMaxVcpus = 4096;
constexpr double kMinMemoryGib = 0.5;
constexpr double kMaxMemoryGib = 65536;
constexpr double kMaxUsdPerHour = 10000;
constexpr double kMaxGpus = 64;

struct Aggregate {
  long line = 0;  // of its first row, for what the report says
  std::string accelerator;
  double accelerator_count = 0;
  double vcpus = 0, memory_gib = 0;
  std::optional<double> price, spot_price;
};

void keep_lowest(std::optional<double>& best, std::optional<double> candidate) {
  if (candidate && (!best || *candidate < *best)) best = candidate;
}

std::string number(double value) {
  std::ostringstream text;
  text.precision(10);
  text << value;
  return text.str();
}

// The CSV's rows by machine type and region, and GPU add-ons (rows without a machine type:
// GCP sells GPUs to attach) by GPU, count and region; each at its lowest prices.
struct Aggregates {
  std::map<std::pair<std::string, std::string>, Aggregate> machines;
  std::map<std::tuple<std::string, std::int64_t, std::string>, Aggregate> gpu_addons;
};

Aggregates aggregate_rows(CsvReader& reader) {
  Aggregates aggregates;
  Row row;
  while (reader.next(row)) {
    const double count = row.accelerator_count.value_or(0);
    Aggregate& entry = row.instance_type.empty()
                           ? aggregates.gpu_addons[{row.accelerator, static_cast<std::int64_t>(std::llround(count)), row.region}]
                           : aggregates.machines[{row.instance_type, row.region}];
    if (entry.line == 0) entry.line = row.line;
    entry.accelerator = row.accelerator;
    entry.accelerator_count = count;
    entry.vcpus = row.vcpus.value_or(entry.vcpus);
    entry.memory_gib = row.memory_gib.value_or(entry.memory_gib);
    keep_lowest(entry.price, row.price);
    keep_lowest(entry.spot_price, row.spot_price);
  }
  return aggregates;
}

// Why a machine type cannot be written as a catalog instance advise would load, or "".
std::string unfit_for_catalog(const std::string& name, const std::string& region, const Aggregate& machine) {
  if (!detail::is_printable_utf8(name) || !detail::is_printable_utf8(region)) {
    return "its name or region is empty or not printable UTF-8";
  }
  if (!machine.accelerator.empty() && !detail::is_printable_utf8(machine.accelerator)) return "its GPU name is not printable UTF-8";
  if (!machine.accelerator.empty() &&
      (machine.accelerator_count < 1 || machine.accelerator_count > kMaxGpus ||
       machine.accelerator_count != std::floor(machine.accelerator_count))) {
    return "a GPU count of " + number(machine.accelerator_count) + " (expected a whole number from 1 to 64)";
  }
  if (machine.vcpus < 1 || machine.vcpus > kMaxVcpus || machine.vcpus != std::floor(machine.vcpus)) {
    return number(machine.vcpus) + " vCPUs (expected a whole number from 1 to 4096)";
  }
  if (machine.memory_gib < kMinMemoryGib || machine.memory_gib > kMaxMemoryGib) {
    return number(machine.memory_gib) + " GiB of memory (expected 0.5 to 65536)";
  }
  return "";
}

// A name as a comment line can hold it: where it is not printable UTF-8, every byte outside
// printable ASCII written as \xHH.
std::string commented(const std::string& text) {
  if (detail::is_printable_utf8(text)) return text;
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    }
  }
  return out;
}

}  // namespace

namespace {

using AddonKey = std::tuple<std::string, std::int64_t, std::string>;

// Writes one machine type as an [[instance]]; returns why it was left out instead, or "".
std::string write_instance(std::ostream& out, const std::string& name, const std::string& region,
                           const Aggregate& machine, const Aggregates& rows, std::set<AddonKey>& used_addons,
                           const SkypilotImport& settings, const Catalogs& hardware) {
  if (const std::string unfit = unfit_for_catalog(name, region, machine); !unfit.empty()) return unfit;
  std::optional<double> price = machine.price;
  std::optional<double> spot = machine.spot_price;
  std::string gpu;
  const auto count = static_cast<std::int64_t>(machine.accelerator_count);
  if (!machine.accelerator.empty()) {
    const GpuSpec* spec = hardware.find_gpu(machine.accelerator);
    if (!spec) return "unknown GPU " + machine.accelerator;
    gpu = spec->name;
    const auto addon = rows.gpu_addons.find({machine.accelerator, count, region});
    if (addon != rows.gpu_addons.end()) {
      used_addons.insert(addon->first);
      price = price && addon->second.price ? std::optional(*price + *addon->second.price) : std::nullopt;
      spot = spot && addon->second.spot_price ? std::optional(*spot + *addon->second.spot_price) : std::nullopt;
    }
  }
  if (!price) return "no on-demand price";
  if (*price > kMaxUsdPerHour) return "an on-demand price of $" + number(*price) + "/h (expected at most $10000)";
  out << "\n[[instance]]\nname = " << quoted(name) << "\nregion = " << quoted(region)
      << "\nvcpus = " << std::llround(machine.vcpus) << "\nmemory_gib = " << number(machine.memory_gib) << "\n";
  if (!gpu.empty()) out << "gpu = " << quoted(gpu) << "\ngpu_count = " << count << "\n";
  // The CSV names no CPU: the instance family's, where the hardware catalogs know the family.
  if (gpu.empty()) {
    const std::string cpu = hardware.family_cpu(settings.provider, name);
    out << (cpu.empty() ? "# cpu: no known family; add the CPU model, or the instance is left out\n"
                        : "cpu = " + quoted(cpu) + "\n");
  }
  out << "usd_per_hour = " << number(*price) << "\n";
  if (spot && *spot < *price) out << "spot_usd_per_hour = " << number(*spot) << "\n";
  return "";
}

}  // namespace

std::string import_skypilot_csv(std::istream& csv, const std::string& file_name, const SkypilotImport& settings,
                                const Catalogs& hardware) {
  if (!detail::is_printable_utf8(settings.provider)) {
    throw InputError({}, "--provider", "expected a printable name, got " + toml_quoted(commented(settings.provider)));
  }
  CsvReader reader(csv, file_name);
  const Aggregates rows = aggregate_rows(reader);
  std::ostringstream out;
  std::ostringstream skipped;
  std::set<AddonKey> used_addons;
  out << "# Imported from the SkyPilot catalog " << commented(file_name) << " by advise prices import skypilot.\n"
      << "[catalog]\nprovider = " << quoted(settings.provider) << "\ncurrency = \"USD\"\nas_of = "
      << (is_iso_date(settings.as_of) ? settings.as_of : quoted(kUnknownDate)) << "\nsource = " << quoted(commented(settings.source))
      << "\n";
  for (const auto& [key, machine] : rows.machines) {
    const auto& [name, region] = key;
    const std::string left_out = write_instance(out, name, region, machine, rows, used_addons, settings, hardware);
    if (!left_out.empty()) {
      skipped << "#   " << commented(name) << " (" << commented(region) << ", line " << machine.line << "): " << left_out
              << "\n";
    }
  }
  for (const auto& [key, addon] : rows.gpu_addons) {
    if (!used_addons.count(key)) {
      skipped << "#   GPU add-on " << commented(std::get<0>(key)) << " x" << std::get<1>(key) << " ("
              << commented(std::get<2>(key)) << ", line " << addon.line << "): no machine type in the file carries it\n";
    }
  }
  if (!skipped.str().empty()) out << "\n# Left out:\n" << skipped.str();
  return out.str();
}

}  // namespace advise
