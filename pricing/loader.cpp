#include "loader.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <unordered_map>
#include <unordered_set>

#include "pricing/detail/readers.hpp"
#include "suggest.hpp"

namespace advise {
namespace {

using namespace detail;

template <typename T, typename SameKey>
void add_or_replace(std::vector<T>& items, T item, SameKey same) {
  const auto existing = std::find_if(items.begin(), items.end(), [&](const T& old) { return same(old, item); });
  if (existing != items.end()) {
    *existing = std::move(item);
  } else {
    items.push_back(std::move(item));
  }
}

std::string instance_key(const std::string& provider, const std::string& name, const std::string& region) {
  return provider + '\n' + name + '\n' + region;
}

// The file's instances into `into`: a new one appended, one an earlier file gave overridden
// field by field. Keyed by provider, name and region, so a large catalog loads in linear time.
// Returns how many instances the file gives.
std::size_t read_instances(FieldReader& top, const CatalogInfo& info, Catalogs& into) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < into.instances.size(); ++i) {
    const Instance& instance = into.instances[i];
    index.emplace(instance_key(instance.provider, instance.name, instance.region), i);
  }
  std::unordered_set<std::string> in_this_file;
  for_each_table(top, "instance", info.file, [&](FieldReader& fields) {
    const std::string key = instance_key(info.provider, fields.required_string("name"), fields.required_string("region"));
    const auto known = index.find(key);
    Instance instance = read_instance(fields, info, known == index.end() ? nullptr : &into.instances[known->second]);
    if (!in_this_file.insert(key).second) {
      fields.fail("name", "duplicate instance \"" + instance.name + "\" in region \"" + instance.region + "\" in this file");
    }
    if (known != index.end()) {
      into.instances[known->second] = std::move(instance);
    } else {
      index.emplace(key, into.instances.size());
      into.instances.push_back(std::move(instance));
    }
  });
  return in_this_file.size();
}

// Instances that name neither a CPU nor a GPU take their family's CPU, where a family matches.
void resolve_instance_cpus(Catalogs& catalogs) {
  for (Instance& instance : catalogs.instances) {
    if (!instance.cpu.empty() || !instance.gpu.empty()) continue;
    instance.cpu = catalogs.family_cpu(instance.provider, instance.name);
  }
}

}  // namespace

void load_catalog_file(const std::string& path, Catalogs& into) {
  // Shared, so that a table kept as written for a later stage keeps its source positions.
  const auto root = std::make_shared<const toml::table>(parse_toml_file(path));
  FieldReader top(*root, path, "");
  CatalogInfo info = read_header(top, path);

  const bool instance_prices = read_instances(top, info, into) > 0;
  bool purchase_prices = false;
  for_each_table(top, "gpu", path, [&](FieldReader& fields) {
    GpuSpec gpu = read_gpu(fields);
    purchase_prices = purchase_prices || gpu.purchase_usd.has_value();
    add_or_replace(into.gpus, std::move(gpu), [](const GpuSpec& a, const GpuSpec& b) { return a.name == b.name; });
  });
  for_each_table(top, "cpu", path, [&](FieldReader& fields) {
    add_or_replace(into.cpus, read_cpu(fields), [](const CpuSpec& a, const CpuSpec& b) { return a.name == b.name; });
  });
  std::vector<InstanceFamily> families;
  for_each_table(top, "family", path, [&](FieldReader& fields) { families.push_back(read_family(fields)); });
  into.families.insert(into.families.begin(), families.begin(), families.end());  // a later file's come first
  const toml::table* local = top.optional_table("local");
  if (local) {
    FieldReader fields(*local, path, "local");
    into.local = read_local(fields, into.local);
    fields.reject_unknown_fields();
  }
  if (const toml::table* prediction = top.optional_table("prediction")) {
    FieldReader fields(*prediction, path, "prediction");
    into.prediction = read_prediction(fields, into.prediction);
    fields.reject_unknown_fields();
  }
  for_each_table(top, "gpu_architecture", path, [&](FieldReader& fields) {
    if (!into.prediction) fields.fail("name", "a [[gpu_architecture]] table needs a [prediction] table before it");
    std::string name;
    const ArchitectureConstants constants = read_architecture(fields, name);
    into.prediction->architectures[name] = constants;
  });
  // What a CPU framework costs is the prediction stage's to read (advisor/predict/framework_costs.hpp).
  if (const toml::table* framework = top.optional_table("cpu_framework")) {
    into.cpu_framework = {path, std::make_shared<const ParsedTable>(ParsedTable{root, framework})};
  }
  top.reject_unknown_fields();
  info.holds_prices = instance_prices || purchase_prices || local != nullptr;
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
  resolve_instance_cpus(catalogs);
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

  for (const auto& family : catalogs.families) {
    if (!catalogs.find_cpu(family.cpu)) {
      throw InputError(family.origin, "family[" + family.instances + "].cpu",
                       "unknown CPU \"" + family.cpu + "\": not in any hardware catalog" +
                           did_you_mean(family.cpu, cpu_names));
    }
  }
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
