// An [[instance]] table: a new instance gives its sizes and price; one that overrides an
// earlier file's instance of the same provider, name and region changes only what it gives.

#include "pricing/detail/readers.hpp"

namespace advise::detail {
namespace {

// A required field of a new instance, or the earlier instance's value when this one overrides it.
template <typename Value, typename Read>
Value given_or_earlier(bool overriding, const Value& earlier, std::optional<Value> given, Read required) {
  if (given) return *given;
  return overriding ? earlier : required();
}

void read_devices(FieldReader& fields, Instance& instance, bool overriding) {
  if (const auto cpu = fields.optional_string("cpu")) {
    instance.cpu = *cpu;
    instance.cpu_origin = fields.position("cpu");
  }
  if (const auto gpu = fields.optional_string("gpu")) {
    instance.gpu = *gpu;
    instance.gpu_origin = fields.position("gpu");
    if (!overriding || instance.gpu_count == 0) instance.gpu_count = 1;
  }
  instance.gpu_count = fields.optional_integer("gpu_count", 1, 64).value_or(instance.gpu_count);
  if (instance.gpu_count > 0 && instance.gpu.empty()) {
    fields.fail("gpu_count", "gpu_count is set but gpu is not: name the GPU model");
  }
}

}  // namespace

Instance read_instance(FieldReader& fields, const CatalogInfo& info, const Instance* earlier) {
  const bool overriding = earlier != nullptr;
  Instance instance = overriding ? *earlier : Instance{};
  instance.provider = info.provider;
  instance.catalog_file = info.file;
  instance.name = fields.required_string("name");
  instance.region = fields.required_string("region");
  if (instance.name.empty()) fields.fail("name", "expected the instance's name, got \"\"");
  if (instance.region.empty()) fields.fail("region", "expected the instance's region, got \"\"");
  instance.vcpus = given_or_earlier(overriding, instance.vcpus, fields.optional_integer("vcpus", 1, 4096),
                                    [&] { return fields.required_integer("vcpus", 1, 4096); });
  const auto memory_gib = fields.optional_number("memory_gib", 0.5, 65536);
  if (memory_gib || !overriding) {
    instance.memory_bytes =
        static_cast<std::int64_t>((memory_gib ? *memory_gib : fields.required_number("memory_gib", 0.5, 65536)) * kGiB);
  }
  read_devices(fields, instance, overriding);
  // The prices go together: an instance that gives its on-demand price gives its spot offer
  // too (none: no spot offer); one that gives neither keeps both.
  const auto price = fields.optional_number("usd_per_hour", 0, kMaxUsdPerHour);
  const auto spot = fields.optional_number("spot_usd_per_hour", 0, kMaxUsdPerHour);
  instance.usd_per_hour = given_or_earlier(overriding, instance.usd_per_hour, price,
                                           [&] { return fields.required_number("usd_per_hour", 0, kMaxUsdPerHour); });
  if (price || spot) instance.spot_usd_per_hour = spot;
  if (instance.spot_usd_per_hour && *instance.spot_usd_per_hour > instance.usd_per_hour) {
    fields.fail("spot_usd_per_hour", "spot price " + std::to_string(*instance.spot_usd_per_hour) +
                                         " is above the on-demand price " + std::to_string(instance.usd_per_hour));
  }
  // A new instance is billed by the second with a one-minute minimum unless it says otherwise.
  instance.billing_seconds = fields.optional_integer("billing_seconds", 1, 86400).value_or(overriding ? instance.billing_seconds : 1);
  instance.minimum_billed_seconds =
      fields.optional_integer("minimum_billed_seconds", 0, 86400).value_or(overriding ? instance.minimum_billed_seconds : 60);
  fields.optional_string("note");
  return instance;
}

}  // namespace advise::detail
