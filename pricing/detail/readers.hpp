#pragma once
// Readers of the tables of a catalog file, one per kind, each with located errors
// (toml_fields.hpp). Private to the loader (loader.cpp).

#include <optional>
#include <string>
#include <string_view>

#include "pricing/catalog.hpp"
#include "pricing/toml_fields.hpp"

namespace advise::detail {

inline constexpr double kMaxUsdPerHour = 10000;
inline constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
inline constexpr double kGiga = 1e9;
inline constexpr double kTera = 1e12;

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

CatalogInfo read_header(FieldReader& top, const std::string& file);

// An [[instance]]; `earlier` is the instance of the same provider, name and region an earlier
// file gave, whose fields this one keeps where it gives none (then nothing is required).
Instance read_instance(FieldReader& fields, const CatalogInfo& info, const Instance* earlier);

GpuSpec read_gpu(FieldReader& fields);
CpuSpec read_cpu(FieldReader& fields);
InstanceFamily read_family(FieldReader& fields);

// [prediction] and [local] over what earlier files gave: the first table must give every figure.
PredictionConstants read_prediction(FieldReader& fields, const std::optional<PredictionConstants>& earlier);
// One [[gpu_architecture]] table; its name into `name`.
ArchitectureConstants read_architecture(FieldReader& fields, std::string& name);
LocalCosts read_local(FieldReader& fields, const std::optional<LocalCosts>& earlier);

}  // namespace advise::detail
