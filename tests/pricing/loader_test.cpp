#include <boost/test/unit_test.hpp>
#include <set>

#include "pricing/loader.hpp"
#include "pricing/toml_fields.hpp"
#include "tests/support/catalog_header.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

const std::string& kHeader = advise::testing::kCatalogHeader;

const std::string kGpuSpec = R"(
[[gpu]]
name = "T4"
memory_gib = 16
bandwidth_gb_per_s = 320
fp32_tflops = 8.1
fp16_tflops = 65
tdp_watts = 70
source = "test"
)";

std::string instance(const std::string& fields) {
  return "\n[[instance]]\nname = \"box\"\nregion = \"r1\"\nvcpus = 4\nmemory_gib = 16\n" + fields;
}

// An [[instance]] with only the given fields.
std::string bare_instance(const std::string& fields) { return "\n[[instance]]\n" + fields; }

// The message of the InputError that loading `content` throws ("" if none).
std::string load_error(const std::string& name, const std::string& content) {
  const std::string path = write_temp_file(name, content);
  try {
    load_catalogs({path});
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(path.size());  // drop the temp directory, keep ":line:column: ..."
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(catalog_loader)

BOOST_AUTO_TEST_CASE(bundled_catalogs_load_with_the_required_instances) {
  const Catalogs catalogs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  int cpu_instances = 0;
  std::set<std::string> gpus;
  for (const auto& item : catalogs.instances) {
    if (item.gpu.empty()) ++cpu_instances;
    else gpus.insert(catalogs.find_gpu(item.gpu)->name);
  }
  BOOST_TEST(cpu_instances >= 3);
  for (const char* gpu : {"T4", "A10G", "L4", "A100-40GB", "H100-SXM"}) {
    BOOST_TEST_CONTEXT(gpu) { BOOST_TEST(gpus.count(gpu) == 1u); }
  }
  for (const auto& info : catalogs.catalogs) {
    BOOST_TEST(!info.as_of.empty());
    BOOST_TEST(!info.source.empty());
  }
  BOOST_TEST(catalogs.local_costs().usd_per_kwh == 0.16);
  // GeForce boards list their halved fp32-accumulate tensor rate; professional boards do not halve it.
  BOOST_TEST(catalogs.find_gpu("RTX-4090")->tensor_rate_halved);
  BOOST_TEST(catalogs.find_gpu("RTX-3090")->tensor_rate_halved);
  BOOST_TEST(!catalogs.find_gpu("RTX-6000-Ada")->tensor_rate_halved);
  BOOST_TEST(!catalogs.find_gpu("A100-80GB")->tensor_rate_halved);
  // bf16 on AMX tiles (Sapphire Rapids), on dot products (Zen 4), or at the fp32 rate (Ice Lake).
  BOOST_TEST(catalogs.find_cpu("Xeon Platinum 8488C")->bf16_flops_per_cycle_per_core == 1024.0);
  BOOST_TEST(catalogs.find_cpu("EPYC 9654")->bf16_flops_per_cycle_per_core == 64.0);
  const CpuSpec* ice_lake = catalogs.find_cpu("Xeon Platinum 8375C");
  BOOST_TEST(ice_lake->bf16_flops_per_cycle_per_core == ice_lake->fp32_flops_per_cycle_per_core);
}

BOOST_AUTO_TEST_CASE(a_valid_instance_loads_with_units_converted) {
  const std::string path = write_temp_file("ok.toml", kHeader + kGpuSpec +
      instance("gpu = \"T4\"\ngpu_count = 2\nusd_per_hour = 1.5\nspot_usd_per_hour = 0.5\n"));
  const Catalogs catalogs = load_catalogs({path});
  BOOST_REQUIRE_EQUAL(catalogs.instances.size(), 1u);
  const Instance& box = catalogs.instances.front();
  BOOST_TEST(box.provider == "testcloud");
  BOOST_TEST(box.memory_bytes == 16LL * 1024 * 1024 * 1024);
  BOOST_TEST(box.gpu_count == 2);
  BOOST_TEST(*box.spot_usd_per_hour == 0.5);
  BOOST_TEST(catalogs.gpus.front().peak_flops.at("fp16") == 65e12);
}

BOOST_AUTO_TEST_CASE(errors_name_line_column_field_expected_and_given) {
  BOOST_TEST(load_error("no_header.toml", "[[instance]]\nname = \"x\"\n") ==
             ":1:1: catalog: missing required table [catalog] (with provider, currency, as_of, source)");
  BOOST_TEST(load_error("no_date.toml", "[catalog]\nprovider = \"p\"\ncurrency = \"USD\"\nsource = \"s\"\n") ==
             ":1:1: catalog.as_of: missing required field (expected a date such as 2025-06-01)");
  BOOST_TEST(load_error("string_date.toml",
                        "[catalog]\nprovider = \"p\"\ncurrency = \"USD\"\nas_of = \"June\"\nsource = \"s\"\n") ==
             ":4:9: catalog.as_of: expected a date such as 2025-06-01, got string \"June\"");
  BOOST_TEST(load_error("negative_price.toml", kHeader + instance("usd_per_hour = -1.0\n")) ==
             ":12:16: instance[1].usd_per_hour: expected a number from 0 to 10000, got -1");
  BOOST_TEST(load_error("text_price.toml", kHeader + instance("usd_per_hour = \"cheap\"\n")) ==
             ":12:16: instance[1].usd_per_hour: expected a number from 0 to 10000, got string \"cheap\"");
  BOOST_TEST(load_error("spot_above.toml", kHeader + instance("usd_per_hour = 1.0\nspot_usd_per_hour = 2.0\n")) ==
             ":13:21: instance[1].spot_usd_per_hour: spot price 2.000000 is above the on-demand price 1.000000");
  BOOST_TEST(load_error("typo_field.toml", kHeader + instance("usd_per_hour = 1.0\nbiling_seconds = 60\n")) ==
             ":13:1: instance[1].biling_seconds: unknown field (did you mean \"billing_seconds\"?)");
  BOOST_TEST(load_error("missing_price.toml", kHeader + instance("")) ==
             ":7:1: instance[1].usd_per_hour: missing required field (expected a number from 0 to 10000)");
  BOOST_TEST(load_error("duplicate.toml", kHeader + instance("usd_per_hour = 1.0\n") + instance("usd_per_hour = 2.0\n")) ==
             ":15:8: instance[2].name: duplicate instance \"box\" in region \"r1\" in this file");
}

BOOST_AUTO_TEST_CASE(an_unknown_gpu_is_an_error_with_a_suggestion) {
  BOOST_TEST(load_error("unknown_gpu.toml", kHeader + kGpuSpec + instance("gpu = \"T5\"\nusd_per_hour = 1.0\n")) ==
             ":21:7: instance[box].gpu: unknown GPU \"T5\": not in any hardware catalog (did you mean \"T4\"?)");
}

BOOST_AUTO_TEST_CASE(a_later_catalog_overrides_an_earlier_one) {
  const std::string first = write_temp_file("first.toml", kHeader + instance("usd_per_hour = 1.0\n"));
  const std::string second = write_temp_file("second.toml", kHeader + instance("usd_per_hour = 0.7\n"));
  const Catalogs catalogs = load_catalogs({first, second});
  BOOST_REQUIRE_EQUAL(catalogs.instances.size(), 1u);
  BOOST_TEST(catalogs.instances.front().usd_per_hour == 0.7);
  BOOST_TEST(catalogs.catalogs.size() == 2u);
}

BOOST_AUTO_TEST_CASE(staleness_is_judged_against_the_given_day) {
  const std::string path = write_temp_file("stale.toml", kHeader + instance("usd_per_hour = 1.0\n"));
  Catalogs catalogs = load_catalogs({path});
  BOOST_TEST(catalogs.catalogs.front().holds_prices);
  mark_stale_catalogs(catalogs, "2025-11-28", 180);  // 180 days after 2025-06-01
  BOOST_TEST(!catalogs.catalogs.front().stale);
  mark_stale_catalogs(catalogs, "2025-11-29", 180);
  BOOST_TEST(catalogs.catalogs.front().stale);
}

BOOST_AUTO_TEST_CASE(purchase_prices_and_local_costs_go_stale_too) {
  const std::string gpu = write_temp_file("gpu.toml", kHeader + kGpuSpec + "purchase_usd = 2000\n");
  const std::string local = write_temp_file("local.toml", kHeader +
      "\n[local]\nusd_per_kwh = 0.3\nmachine_watts = 100\nhours_per_year = 2000\namortisation_years = 3\n"
      "source = \"test\"\n");
  Catalogs catalogs = load_catalogs({gpu, local});
  mark_stale_catalogs(catalogs, "2030-01-01", 180);
  for (const CatalogInfo& catalog : catalogs.catalogs) {
    BOOST_TEST(catalog.holds_prices, catalog.file);
    BOOST_TEST(catalog.stale, catalog.file);
  }
}

BOOST_AUTO_TEST_CASE(a_file_without_prices_is_never_stale) {
  // Specs without a purchase price: its date says where they come from, not a price to check.
  const std::string path = write_temp_file("specs.toml", kHeader + kGpuSpec);
  Catalogs catalogs = load_catalogs({path});
  mark_stale_catalogs(catalogs, "2030-01-01", 180);
  BOOST_TEST(!catalogs.catalogs.front().holds_prices);
  BOOST_TEST(!catalogs.catalogs.front().stale);
}

const std::string kPrediction =
    "\n[prediction]\ngemm_efficiency = 0.9\nbandwidth_efficiency = 0.6\nseconds_per_kernel = 1e-5\ntile_rows = 128\n"
    "tile_cols = 128\nallreduce_efficiency = 0.7\nspot_interruptions_per_hour = 0.05\nspot_restart_seconds = 600\n"
    "checkpoint_interval_seconds = 1800\nsource = \"test\"\n";

BOOST_AUTO_TEST_CASE(the_first_prediction_table_gives_every_constant_and_a_later_one_overrides_some) {
  std::string partial = kPrediction;
  partial.erase(partial.find("tile_rows = 128\n"), 16);
  BOOST_TEST(load_error("partial.toml", kHeader + partial).find("prediction.tile_rows: missing required field") !=
             std::string::npos);
  const std::string first = write_temp_file("prediction.toml", kHeader + kPrediction);
  const std::string second = write_temp_file("override.toml", kHeader + "\n[prediction]\ngemm_efficiency = 0.8\n");
  const Catalogs catalogs = load_catalogs({first, second});
  BOOST_TEST(catalogs.prediction_constants().gemm_efficiency == 0.8);
  BOOST_TEST(catalogs.prediction_constants().tile_rows == 128.0);
  BOOST_TEST(catalogs.prediction_constants().source == "test");
}

BOOST_AUTO_TEST_CASE(without_a_prediction_table_there_are_no_constants_to_fall_back_on) {
  const Catalogs catalogs = load_catalogs({write_temp_file("bare.toml", kHeader)});
  BOOST_CHECK_EXCEPTION(catalogs.prediction_constants(), InputError, [](const InputError& e) {
    return std::string(e.what()).find("no [prediction] table") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(gpu_architecture_tables_give_per_family_constants_and_others_fall_back) {
  const std::string architecture =
      "\n[[gpu_architecture]]\nname = \"hopper\"\ntensor_efficiency = 0.3\nfp32_efficiency = 0.8\n"
      "bandwidth_efficiency = 0.7\nreason = \"test\"\n";
  const Catalogs catalogs = load_catalogs({write_temp_file("families.toml", kHeader + kPrediction + architecture)});
  const PredictionConstants& constants = catalogs.prediction_constants();
  BOOST_TEST(constants.for_architecture("hopper").tensor_efficiency == 0.3);
  BOOST_TEST(constants.for_architecture("hopper").fp32_efficiency == 0.8);
  BOOST_TEST(constants.for_architecture("hopper").tf32_efficiency == 0.0);  // not given: the tensor share
  BOOST_TEST(constants.for_architecture("volta").tensor_efficiency == 0.9);  // not given: [prediction]'s
  BOOST_TEST(constants.for_architecture("volta").bandwidth_efficiency == 0.6);
  BOOST_TEST(constants.allreduce_bucket_bytes == 25.0 * 1024 * 1024);        // not given: DDP's default
  // Without a [prediction] table first there is nothing to attach the family to.
  BOOST_TEST(load_error("orphan.toml", kHeader + architecture).find("needs a [prediction] table") != std::string::npos);
  const std::string incomplete = architecture.substr(0, architecture.find("reason"));
  BOOST_TEST(load_error("incomplete.toml", kHeader + kPrediction + incomplete).find("reason: missing required field") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_later_local_table_changes_only_what_it_gives) {
  const std::string first_local =
      "\n[local]\nusd_per_kwh = 0.2\nmachine_watts = 100\nhours_per_year = 1000\namortisation_years = 2\n"
      "machine_purchase_usd = 500\nsource = \"test\"\n";
  const std::string partial = "\n[local]\nusd_per_kwh = 0.3\nmachine_watts = 90\nsource = \"test\"\n";
  BOOST_TEST(load_error("partial_local.toml", kHeader + partial).find("local.hours_per_year: missing required field") !=
             std::string::npos);
  const Catalogs catalogs = load_catalogs({write_temp_file("local.toml", kHeader + first_local),
                                           write_temp_file("cheaper.toml", kHeader + "\n[local]\nusd_per_kwh = 0.1\n")});
  BOOST_TEST(catalogs.local_costs().usd_per_kwh == 0.1);
  BOOST_TEST(catalogs.local_costs().machine_purchase_usd == 500.0);
  BOOST_TEST(catalogs.local_costs().hours_per_year == 1000.0);
  BOOST_CHECK_THROW(load_catalogs({write_temp_file("bare_local.toml", kHeader)}).local_costs(), InputError);
}

BOOST_AUTO_TEST_CASE(an_instance_needs_a_name_and_a_region_and_a_misspelt_field_is_named) {
  BOOST_TEST(load_error("empty_name.toml", kHeader + bare_instance("name = \"\"\nregion = \"r\"\nvcpus = 2\nmemory_gib = 4\nusd_per_hour = 0.1\n"))
                 .find("instance[1].name: expected the instance's name, got \"\"") != std::string::npos);
  BOOST_TEST(load_error("empty_region.toml", kHeader + bare_instance("name = \"x\"\nregion = \"\"\nvcpus = 2\nmemory_gib = 4\nusd_per_hour = 0.1\n"))
                 .find("instance[1].region: expected the instance's region, got \"\"") != std::string::npos);
  BOOST_TEST(load_error("typo.toml", kHeader + bare_instance("name = \"x\"\nregion = \"r\"\nvcpus = 2\nmemroy_gib = 4\nusd_per_hour = 0.1\n"))
                 .find("instance[1].memory_gib: missing required field (expected a number from 0.5 to 65536); the table has "
                       "an unknown field \"memroy_gib\": a misspelling?") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_override_keeps_the_fields_it_does_not_give) {
  const std::string first = write_temp_file("base.toml", kHeader + kGpuSpec + bare_instance(
      "name = \"g.x\"\nregion = \"r\"\nvcpus = 4\nmemory_gib = 16\ngpu = \"T4\"\nusd_per_hour = 0.5\n"
      "spot_usd_per_hour = 0.2\nbilling_seconds = 3600\n"));
  const std::string second = write_temp_file("cheaper.toml", kHeader + bare_instance("name = \"g.x\"\nregion = \"r\"\nusd_per_hour = 0.4\n"));
  const Catalogs catalogs = load_catalogs({first, second});
  BOOST_REQUIRE_EQUAL(catalogs.instances.size(), 1u);
  const Instance& merged = catalogs.instances.front();
  BOOST_TEST(merged.usd_per_hour == 0.4);
  BOOST_TEST(merged.vcpus == 4);
  BOOST_TEST(merged.gpu == "T4");
  BOOST_TEST(merged.gpu_count == 1);
  BOOST_TEST(merged.billing_seconds == 3600);
  BOOST_TEST(merged.catalog_file == second);
  // A new on-demand price comes with its own spot offer: none given, none kept. (The fuzzer's
  // finding: an import's $0 on-demand price kept the bundled $0.43 spot price, above it.)
  BOOST_TEST(!merged.spot_usd_per_hour.has_value());
  // An override that gives no price keeps both.
  const std::string sizes = write_temp_file("sizes.toml", kHeader + bare_instance("name = \"g.x\"\nregion = \"r\"\nvcpus = 8\n"));
  const Catalogs resized_catalogs = load_catalogs({first, sizes});
  const Instance& resized = resized_catalogs.instances.front();
  BOOST_TEST(resized.vcpus == 8);
  BOOST_TEST(resized.usd_per_hour == 0.5);
  BOOST_TEST(*resized.spot_usd_per_hour == 0.2);
  // A new instance must still give its sizes and price.
  BOOST_TEST(load_error("new.toml", kHeader + bare_instance("name = \"n.x\"\nregion = \"r\"\nusd_per_hour = 0.4\n"))
                 .find("vcpus: missing required field") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_instance_without_a_cpu_takes_its_familys) {
  const std::string families = "\n[[family]]\nprovider = \"testcloud\"\ninstances = \"c9.*\"\n"
                               "cpu = \"Graviton4\"\nsource = \"test\"\n";
  const std::string path = write_temp_file("family.toml", kHeader + families + bare_instance(
      "name = \"c9.large\"\nregion = \"r\"\nvcpus = 2\nmemory_gib = 4\nusd_per_hour = 0.1\n") + bare_instance(
      "name = \"d9.large\"\nregion = \"r\"\nvcpus = 2\nmemory_gib = 4\nusd_per_hour = 0.1\n"));
  const Catalogs catalogs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR, path});
  for (const Instance& instance : catalogs.instances) {
    if (instance.name == "c9.large") BOOST_TEST(instance.cpu == "Graviton4");
    if (instance.name == "d9.large") BOOST_TEST(instance.cpu.empty());  // no family: left for the report to say
  }
  // The bundled families: GCP C3 is Sapphire Rapids; C3D (AMD) is another family.
  BOOST_TEST(catalogs.family_cpu("gcp", "c3-standard-8") == "Xeon Sapphire Rapids (GCP C3)");
  BOOST_TEST(catalogs.family_cpu("gcp", "c3d-standard-8") == "");
  BOOST_TEST(catalogs.family_cpu("aws", "c7i-flex.large") == "Xeon Platinum 8488C");
  BOOST_TEST(matches_pattern("Standard_F*s_v2", "Standard_F16s_v2"));
  BOOST_TEST(!matches_pattern("Standard_F*s_v2", "Standard_F16as_v6"));
  BOOST_TEST(matches_pattern("c6i.*", "c6i.metal"));
  BOOST_TEST(!matches_pattern("c6i.*", "c6in.large"));
  const std::string unknown = "\n[[family]]\nprovider = \"p\"\ninstances = \"x*\"\ncpu = \"Pentium\"\nsource = \"t\"\n";
  BOOST_TEST(load_error("unknown_family_cpu.toml", kHeader + unknown).find("family[x*].cpu: unknown CPU \"Pentium\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_bundled_constants_are_the_calibrated_ones) {
  const PredictionConstants constants = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR}).prediction_constants();
  BOOST_TEST(constants.gemm_efficiency > 0.1);
  BOOST_TEST(constants.tile_rows > 0);
  // Every architecture of the calibration data has its own fitted constants, with a reason.
  for (const char* family : {"volta", "turing", "ampere", "ada", "hopper"}) {
    BOOST_TEST_CONTEXT(family) {
      BOOST_TEST(constants.architectures.count(family) == 1u);
      BOOST_TEST(!constants.for_architecture(family).reason.empty());
    }
  }
  // TF32's own share where the architecture has TF32 on tensor cores.
  for (const char* family : {"ampere", "ada", "hopper"}) {
    BOOST_TEST_CONTEXT(family) { BOOST_TEST(constants.for_architecture(family).tf32_efficiency > 0); }
  }
  // The laws across generations: a bigger tensor peak and less power per SM lower the share.
  BOOST_TEST(constants.peak_exponent > 0);
  BOOST_TEST(constants.peak_reference_flops == 100e12);
  BOOST_TEST(constants.power_reference_watts_per_sm > 0);
  BOOST_TEST(constants.power_exponent > 0);
  // A multi-GPU band's slow end: a share of the link below the central all-reduce's.
  BOOST_TEST(constants.allreduce_slow_share > 0);
  BOOST_TEST(constants.allreduce_slow_share < constants.allreduce_efficiency);
  BOOST_TEST(constants.checkpoint_interval_seconds > 0);
  BOOST_TEST(!constants.source.empty());
}

BOOST_AUTO_TEST_CASE(an_exponent_out_of_range_is_a_located_error) {
  const std::string error = load_error("exponent.toml", kHeader + kPrediction + "peak_exponent = 3\n");
  BOOST_TEST(error.rfind(":", 0) == 0u);  // the file's line and column follow its name
  BOOST_TEST(error.find("prediction.peak_exponent") != std::string::npos);
  const std::string share = load_error("share.toml", kHeader + kPrediction + "allreduce_slow_share = 1.5\n");
  BOOST_TEST(share.find("prediction.allreduce_slow_share") != std::string::npos, share);
}

BOOST_AUTO_TEST_CASE(the_cpu_framework_table_is_kept_as_written_for_the_prediction_stage) {
  const std::string path = write_temp_file("framework.toml", kHeader + "\n[cpu_framework]\ndense = 1e-5\n");
  const Catalogs catalogs = load_catalogs({path});
  BOOST_REQUIRE(catalogs.cpu_framework.table != nullptr);
  BOOST_TEST(catalogs.cpu_framework.file == path);
  BOOST_TEST(catalogs.cpu_framework.table->table->contains("dense"));
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_input_error) {
  BOOST_CHECK_EXCEPTION(load_catalogs({"/nonexistent/prices.toml"}), InputError, [](const InputError& e) {
    return std::string(e.what()) == "/nonexistent/prices.toml: cannot read file: no such file";
  });
}

BOOST_AUTO_TEST_SUITE_END()
