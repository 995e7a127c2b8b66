#include "import_skypilot.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "input_error.hpp"

namespace advise {
namespace {

// One CSV record: fields separated by commas, "quoted" fields may hold commas and "" quotes.
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

struct Row {
  std::string instance_type, accelerator, region;
  std::int64_t accelerator_count = 0;
  std::optional<double> vcpus, memory_gib, price, spot_price;
};

struct Aggregate {
  std::string accelerator;
  std::int64_t accelerator_count = 0;
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

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class CsvReader {
 public:
  CsvReader(std::istream& in, std::string file) : in_(in), file_(std::move(file)) {
    std::string header;
    if (!std::getline(in_, header)) throw InputError({file_, 1, 1}, "", "empty CSV: expected a header line");
    line_ = 1;
    const auto names = split_csv_line(header);
    for (std::size_t i = 0; i < names.size(); ++i) columns_[names[i]] = i;
    for (const char* required : {"InstanceType", "AcceleratorName", "AcceleratorCount", "vCPUs", "MemoryGiB",
                                 "Price", "SpotPrice", "Region"}) {
      if (!columns_.count(required)) {
        throw InputError({file_, 1, 1}, required, "missing column (expected a SkyPilot vms.csv header)");
      }
    }
  }

  bool next(Row& row) {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_;
      if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
      fields_ = split_csv_line(line);
      row.instance_type = text("InstanceType");
      row.accelerator = text("AcceleratorName");
      row.region = text("Region");
      const auto count = optional_number("AcceleratorCount");
      row.accelerator_count = count ? static_cast<std::int64_t>(std::llround(*count)) : 0;
      row.vcpus = optional_number("vCPUs");
      row.memory_gib = optional_number("MemoryGiB");
      row.price = optional_number("Price");
      row.spot_price = optional_number("SpotPrice");
      return true;
    }
    return false;
  }

 private:
  std::string text(const std::string& column) const {
    const std::size_t index = columns_.at(column);
    return index < fields_.size() ? fields_[index] : "";
  }
  std::optional<double> optional_number(const std::string& column) const {
    const std::string value = text(column);
    if (value.empty()) return std::nullopt;
    try {
      std::size_t used = 0;
      const double parsed = std::stod(value, &used);
      if (used == value.size() && std::isfinite(parsed) && parsed >= 0) return parsed;
    } catch (const std::exception&) {
    }
    throw InputError({file_, line_, static_cast<long>(columns_.at(column)) + 1}, column,
                     "expected a non-negative number, got \"" + value + "\"");
  }

  std::istream& in_;
  std::string file_;
  long line_ = 0;
  std::map<std::string, std::size_t> columns_;
  std::vector<std::string> fields_;
};

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
    Aggregate& entry = row.instance_type.empty()
                           ? aggregates.gpu_addons[{row.accelerator, row.accelerator_count, row.region}]
                           : aggregates.machines[{row.instance_type, row.region}];
    entry.accelerator = row.accelerator;
    entry.accelerator_count = row.accelerator_count;
    entry.vcpus = row.vcpus.value_or(entry.vcpus);
    entry.memory_gib = row.memory_gib.value_or(entry.memory_gib);
    keep_lowest(entry.price, row.price);
    keep_lowest(entry.spot_price, row.spot_price);
  }
  return aggregates;
}

}  // namespace

std::string import_skypilot_csv(std::istream& csv, const std::string& file_name, const SkypilotImport& settings,
                                const Catalogs& hardware) {
  CsvReader reader(csv, file_name);
  const Aggregates rows = aggregate_rows(reader);
  const auto& machines = rows.machines;
  const auto& gpu_addons = rows.gpu_addons;
  std::ostringstream out;
  std::ostringstream skipped;
  std::set<std::tuple<std::string, std::int64_t, std::string>> used_addons;
  out << "# Imported from the SkyPilot catalog " << file_name << " by advise prices import skypilot.\n"
      << "[catalog]\nprovider = " << quoted(settings.provider) << "\ncurrency = \"USD\"\nas_of = " << (is_iso_date(settings.as_of) ? settings.as_of : quoted(kUnknownDate))
      << "\nsource = " << quoted(settings.source) << "\n";
  for (const auto& [key, machine] : machines) {
    const auto& [name, region] = key;
    std::optional<double> price = machine.price;
    std::optional<double> spot = machine.spot_price;
    std::string gpu;
    if (!machine.accelerator.empty()) {
      const GpuSpec* spec = hardware.find_gpu(machine.accelerator);
      if (!spec) {
        skipped << "#   " << name << " (" << region << "): unknown GPU " << machine.accelerator << "\n";
        continue;
      }
      gpu = spec->name;
      const auto addon = gpu_addons.find({machine.accelerator, machine.accelerator_count, region});
      if (addon != gpu_addons.end()) {
        used_addons.insert({machine.accelerator, machine.accelerator_count, region});
        price = price && addon->second.price ? std::optional(*price + *addon->second.price) : std::nullopt;
        spot = spot && addon->second.spot_price ? std::optional(*spot + *addon->second.spot_price) : std::nullopt;
      }
    }
    if (!price || machine.vcpus <= 0 || machine.memory_gib <= 0) {
      skipped << "#   " << name << " (" << region << "): no on-demand price, vCPUs or memory\n";
      continue;
    }
    out << "\n[[instance]]\nname = " << quoted(name) << "\nregion = " << quoted(region)
        << "\nvcpus = " << std::llround(machine.vcpus) << "\nmemory_gib = " << number(machine.memory_gib) << "\n";
    if (!gpu.empty()) out << "gpu = " << quoted(gpu) << "\ngpu_count = " << machine.accelerator_count << "\n";
    // The CSV names no CPU: the instance family's, where the hardware catalogs know the family.
    if (gpu.empty()) {
      const std::string cpu = hardware.family_cpu(settings.provider, name);
      out << (cpu.empty() ? "# cpu: no known family; add the CPU model, or the instance is left out\n"
                          : "cpu = " + quoted(cpu) + "\n");
    }
    out << "usd_per_hour = " << number(*price) << "\n";
    if (spot && *spot < *price) out << "spot_usd_per_hour = " << number(*spot) << "\n";
  }
  for (const auto& [key, addon] : gpu_addons) {
    if (!used_addons.count(key)) {
      skipped << "#   GPU add-on " << std::get<0>(key) << " x" << std::get<1>(key) << " (" << std::get<2>(key)
              << "): no machine type in the file carries it\n";
    }
  }
  if (!skipped.str().empty()) out << "\n# Left out:\n" << skipped.str();
  return out.str();
}

}  // namespace advise
