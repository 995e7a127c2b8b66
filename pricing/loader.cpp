#include "loader.hpp"

#include <algorithm>
#include <filesystem>

#include "suggest.hpp"
#include "toml_fields.hpp"

namespace advise {
namespace {

constexpr double kMaxUsdPerHour = 10000;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kGiga = 1e9;
constexpr double kTera = 1e12;

// Calls `read` for each table of the array of tables `key` ([[key]]), with its path "key[i]".
template <typename Read>
void for_each_table(FieldReader& top, std::string_view key, const std::string& file, Read read) {
  const toml::array* array = top.optional_array(key);
  if (!array) return;
  std::size_t index = 0;
  for (const toml::node& node : *array) {
    ++index;
    const std::string path = std::string(key) + "[" + std::to_string(index) + "]";
    if (!node.is_table()) {
      throw InputError(position_of(file, node.source()), path,
                       "expected a table ([[" + std::string(key) + "]]), got " + describe_value(node));
    }
    FieldReader fields(*node.as_table(), file, path);
    read(fields);
    fields.reject_unknown_fields();
  }
}

CatalogInfo read_header(FieldReader& top, const std::string& file) {
  const toml::table* header = top.optional_table("catalog");
  if (!header) {
    throw InputError(top.position(), "catalog",
                     "missing required table [catalog] (with provider, currency, as_of, source)");
  }
  FieldReader fields(*header, file, "catalog");
  CatalogInfo info;
  info.file = file;
  info.provider = fields.required_string("provider");
  info.currency = fields.required_string("currency");
  // "unknown": prices whose date nobody gave (an import without --as-of); always stale.
  const toml::node* as_of = header->get("as_of");
  const bool unknown = as_of && as_of->value<std::string>() == kUnknownDate;
  info.as_of = unknown ? fields.required_string("as_of") : fields.required_date("as_of");
  info.source = fields.required_string("source");
  fields.optional_string("note");
  fields.reject_unknown_fields();
  return info;
}

Instance read_instance(FieldReader& fields, const CatalogInfo& info) {
  Instance instance;
  instance.provider = info.provider;
  instance.catalog_file = info.file;
  instance.name = fields.required_string("name");
  instance.region = fields.required_string("region");
  instance.vcpus = fields.required_integer("vcpus", 1, 4096);
  instance.memory_bytes =
      static_cast<std::int64_t>(fields.required_number("memory_gib", 0.5, 65536) * kGiB);
  instance.cpu = fields.optional_string("cpu").value_or("");
  instance.gpu = fields.optional_string("gpu").value_or("");
  instance.cpu_origin = fields.position("cpu");
  instance.gpu_origin = fields.position("gpu");
  instance.gpu_count = fields.optional_integer("gpu_count", 1, 64).value_or(instance.gpu.empty() ? 0 : 1);
  if (instance.gpu_count > 0 && instance.gpu.empty()) {
    fields.fail("gpu_count", "gpu_count is set but gpu is not: name the GPU model");
  }
  instance.usd_per_hour = fields.required_number("usd_per_hour", 0, kMaxUsdPerHour);
  instance.spot_usd_per_hour = fields.optional_number("spot_usd_per_hour", 0, kMaxUsdPerHour);
  if (instance.spot_usd_per_hour && *instance.spot_usd_per_hour > instance.usd_per_hour) {
    fields.fail("spot_usd_per_hour", "spot price " + std::to_string(*instance.spot_usd_per_hour) +
                                         " is above the on-demand price " +
                                         std::to_string(instance.usd_per_hour));
  }
  instance.billing_seconds = fields.optional_integer("billing_seconds", 1, 86400).value_or(1);
  instance.minimum_billed_seconds =
      fields.optional_integer("minimum_billed_seconds", 0, 86400).value_or(60);
  fields.optional_string("note");
  return instance;
}

GpuSpec read_gpu(FieldReader& fields) {
  GpuSpec gpu;
  gpu.name = fields.required_string("name");
  if (const toml::array* aliases = fields.optional_array("aliases")) {
    for (const toml::node& alias : *aliases) {
      if (!alias.is_string()) fields.fail("aliases", "expected strings, got " + describe_value(alias));
      gpu.aliases.push_back(alias.as_string()->get());
    }
  }
  gpu.memory_bytes = static_cast<std::int64_t>(fields.required_number("memory_gib", 1, 65536) * kGiB);
  gpu.bandwidth_bytes_per_s = fields.required_number("bandwidth_gb_per_s", 1, 1e6) * kGiga;
  gpu.peak_flops["fp32"] = fields.required_number("fp32_tflops", 0.1, 1e5) * kTera;
  for (const char* precision : {"tf32", "bf16", "fp16"}) {
    const auto tflops = fields.optional_number(std::string(precision) + "_tflops", 0.1, 1e5);
    if (tflops) gpu.peak_flops[precision] = *tflops * kTera;
  }
  gpu.sm_count = fields.optional_integer("sm_count", 1, 100000).value_or(0);
  gpu.tdp_watts = fields.required_number("tdp_watts", 1, 5000);
  gpu.purchase_usd = fields.optional_number("purchase_usd", 1, 1e7);
  gpu.interconnect = fields.optional_string("interconnect").value_or("");
  gpu.interconnect_bytes_per_s = fields.optional_number("interconnect_gb_per_s", 1, 1e5).value_or(0) * kGiga;
  gpu.source = fields.required_string("source");
  fields.optional_string("note");
  return gpu;
}

CpuSpec read_cpu(FieldReader& fields) {
  CpuSpec cpu;
  cpu.name = fields.required_string("name");
  cpu.microarchitecture = fields.required_string("microarchitecture");
  cpu.fp32_flops_per_cycle_per_core = fields.required_number("fp32_flops_per_cycle_per_core", 1, 1024);
  cpu.all_core_clock_hz = fields.required_number("all_core_clock_ghz", 0.1, 10) * kGiga;
  cpu.socket_bandwidth_bytes_per_s = fields.required_number("socket_bandwidth_gb_per_s", 1, 1e5) * kGiga;
  cpu.threads_per_core = fields.optional_integer("threads_per_core", 1, 8).value_or(2);
  cpu.cores = fields.optional_integer("cores", 1, 4096).value_or(0);
  cpu.vector_width_bits = fields.optional_integer("vector_width_bits", 64, 2048).value_or(0);
  cpu.fma_units = fields.optional_integer("fma_units", 1, 16).value_or(0);
  cpu.tdp_watts = fields.optional_number("tdp_watts", 1, 5000).value_or(0);
  cpu.source = fields.required_string("source");
  fields.optional_string("note");
  return cpu;
}

// Reads the figures of a table that later files override field by field ([prediction],
// [local]): the first table given must give them all, so that none has a silent default;
// a later one changes only what it gives.
class OverlayReader {
 public:
  OverlayReader(FieldReader& fields, bool over_earlier) : fields_(fields), over_earlier_(over_earlier) {}
  void operator()(const char* key, double min, double max, double& value) {
    value = over_earlier_ ? fields_.optional_number(key, min, max).value_or(value) : fields_.required_number(key, min, max);
  }
  void source(std::string& value) {
    value = over_earlier_ ? fields_.optional_string("source").value_or(value) : fields_.required_string("source");
  }

 private:
  FieldReader& fields_;
  bool over_earlier_;
};

PredictionConstants read_prediction(FieldReader& fields, const std::optional<PredictionConstants>& earlier) {
  PredictionConstants p = earlier.value_or(PredictionConstants{});
  OverlayReader number(fields, earlier.has_value());
  number("gemm_efficiency", 0.01, 1, p.gemm_efficiency);
  number("bandwidth_efficiency", 0.01, 1, p.bandwidth_efficiency);
  number("seconds_per_kernel", 0, 1, p.seconds_per_kernel);
  number("tile_rows", 1, 4096, p.tile_rows);
  number("tile_cols", 1, 4096, p.tile_cols);
  number("allreduce_efficiency", 0.01, 1, p.allreduce_efficiency);
  number("spot_interruptions_per_hour", 0, 100, p.spot_interruptions_per_hour);
  number("spot_restart_seconds", 0, 86400, p.spot_restart_seconds);
  number("checkpoint_interval_seconds", 1, 864000, p.checkpoint_interval_seconds);
  number.source(p.source);
  fields.optional_string("note");
  return p;
}

// machine_purchase_usd may be left out even in the first [local] table: a machine already paid for.
LocalCosts read_local(FieldReader& fields, const std::optional<LocalCosts>& earlier) {
  LocalCosts local = earlier.value_or(LocalCosts{});
  OverlayReader number(fields, earlier.has_value());
  number("usd_per_kwh", 0, 10, local.usd_per_kwh);
  number("machine_watts", 1, 100000, local.machine_watts);
  local.machine_purchase_usd = fields.optional_number("machine_purchase_usd", 0, 1e7).value_or(local.machine_purchase_usd);
  number("hours_per_year", 1, 8784, local.hours_per_year);
  number("amortisation_years", 0.1, 50, local.amortisation_years);
  number.source(local.source);
  fields.optional_string("note");
  return local;
}

template <typename T, typename SameKey>
void add_or_replace(std::vector<T>& items, T item, SameKey same) {
  const auto existing = std::find_if(items.begin(), items.end(), [&](const T& old) { return same(old, item); });
  if (existing != items.end()) {
    *existing = std::move(item);
  } else {
    items.push_back(std::move(item));
  }
}

}  // namespace

void load_catalog_file(const std::string& path, Catalogs& into) {
  // Shared, so that a table kept as written for a later stage keeps its source positions.
  const auto root = std::make_shared<const toml::table>(parse_toml_file(path));
  FieldReader top(*root, path, "");
  const CatalogInfo info = read_header(top, path);

  std::vector<Instance> instances;
  for_each_table(top, "instance", path, [&](FieldReader& fields) {
    Instance instance = read_instance(fields, info);
    for (const auto& earlier : instances) {
      if (earlier.name == instance.name && earlier.region == instance.region) {
        fields.fail("name", "duplicate instance \"" + instance.name + "\" in region \"" +
                                instance.region + "\" in this file");
      }
    }
    instances.push_back(std::move(instance));
  });
  for (auto& instance : instances) {
    add_or_replace(into.instances, std::move(instance), [](const Instance& a, const Instance& b) {
      return a.provider == b.provider && a.name == b.name && a.region == b.region;
    });
  }
  for_each_table(top, "gpu", path, [&](FieldReader& fields) {
    add_or_replace(into.gpus, read_gpu(fields), [](const GpuSpec& a, const GpuSpec& b) { return a.name == b.name; });
  });
  for_each_table(top, "cpu", path, [&](FieldReader& fields) {
    add_or_replace(into.cpus, read_cpu(fields), [](const CpuSpec& a, const CpuSpec& b) { return a.name == b.name; });
  });
  if (const toml::table* local = top.optional_table("local")) {
    FieldReader fields(*local, path, "local");
    into.local = read_local(fields, into.local);
    fields.reject_unknown_fields();
  }
  if (const toml::table* prediction = top.optional_table("prediction")) {
    FieldReader fields(*prediction, path, "prediction");
    into.prediction = read_prediction(fields, into.prediction);
    fields.reject_unknown_fields();
  }
  // What a CPU framework costs is the prediction stage's to read (advisor/predict/framework_costs.hpp).
  if (const toml::table* framework = top.optional_table("cpu_framework")) {
    into.cpu_framework = {path, std::shared_ptr<const toml::table>(root, framework)};
  }
  top.reject_unknown_fields();
  into.catalogs.push_back(info);
}

Catalogs load_catalogs(const std::vector<std::string>& paths) {
  Catalogs catalogs;
  for (const auto& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::string> files;
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path().string());
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) throw InputError({path, 0, 0}, "", "no *.toml catalog files in this directory");
      for (const auto& file : files) load_catalog_file(file, catalogs);
    } else {
      load_catalog_file(path, catalogs);
    }
  }
  validate_catalogs(catalogs);
  return catalogs;
}

void validate_catalogs(const Catalogs& catalogs) {
  std::vector<std::string> gpu_names;
  for (const auto& gpu : catalogs.gpus) {
    gpu_names.push_back(gpu.name);
    gpu_names.insert(gpu_names.end(), gpu.aliases.begin(), gpu.aliases.end());
  }
  std::vector<std::string> cpu_names;
  for (const auto& cpu : catalogs.cpus) cpu_names.push_back(cpu.name);

  for (const auto& instance : catalogs.instances) {
    const std::string field = "instance[" + instance.name + "]";
    if (!instance.gpu.empty() && !catalogs.find_gpu(instance.gpu)) {
      throw InputError(instance.gpu_origin, field + ".gpu",
                       "unknown GPU \"" + instance.gpu + "\": not in any hardware catalog" +
                           did_you_mean(instance.gpu, gpu_names));
    }
    if (!instance.cpu.empty() && !catalogs.find_cpu(instance.cpu)) {
      throw InputError(instance.cpu_origin, field + ".cpu",
                       "unknown CPU \"" + instance.cpu + "\": not in any hardware catalog" +
                           did_you_mean(instance.cpu, cpu_names));
    }
  }
  for (const auto& catalog : catalogs.catalogs) {
    if (catalog.currency != catalogs.catalogs.front().currency) {
      throw InputError({catalog.file, 0, 0}, "catalog.currency",
                       "expected " + catalogs.catalogs.front().currency + " like " +
                           catalogs.catalogs.front().file + ", got " + catalog.currency +
                           " (catalogs in different currencies cannot be compared)");
    }
  }
}

}  // namespace advise
