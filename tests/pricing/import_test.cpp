#include <boost/test/unit_test.hpp>
#include <sstream>

#include "pricing/import_skypilot.hpp"
#include "pricing/loader.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;

namespace {

// A tiny SkyPilot-style vms.csv: two zones of one AWS-like instance (cheapest
// spot wins), a GCP-style GPU machine whose GPU is billed as an add-on row, an
// add-on row no machine carries, a quoted GpuInfo with commas, and a GPU the
// hardware catalog does not know.
const char* kCsv =
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone\n"
    "g4dn.xlarge,T4,1,4,16,\"{'Gpus': [{'Name': 'T4', 'Count': 1}]}\",0.526,0.216,us-east-1,us-east-1a\n"
    "g4dn.xlarge,T4,1,4,16,\"{'Gpus': [{'Name': 'T4', 'Count': 1}]}\",0.526,0.200,us-east-1,us-east-1b\n"
    "a2-highgpu-1g,A100,1,12,85,,0.73948,0.2,us-central1,us-central1-a\n"
    ",A100,1,,,,2.93391,1.6,us-central1,us-central1-a\n"
    ",V100,1,,,,2.48,0.9,us-central1,us-central1-a\n"
    "c6i.2xlarge,,,8,16,,0.34,0.34,us-east-1,us-east-1a\n"
    "inf1.xlarge,Inferentia,1,4,8,,0.228,0.1,us-east-1,us-east-1a\n";

const char* kExpected = R"(# Imported from the SkyPilot catalog vms.csv by advise prices import skypilot.
[catalog]
provider = "aws"
currency = "USD"
as_of = 2026-01-02
source = "SkyPilot catalog vms.csv"

[[instance]]
name = "a2-highgpu-1g"
region = "us-central1"
vcpus = 12
memory_gib = 85
gpu = "A100-40GB"
gpu_count = 1
usd_per_hour = 3.67339
spot_usd_per_hour = 1.8

[[instance]]
name = "c6i.2xlarge"
region = "us-east-1"
vcpus = 8
memory_gib = 16
cpu = "Xeon Platinum 8375C"
usd_per_hour = 0.34

[[instance]]
name = "g4dn.xlarge"
region = "us-east-1"
vcpus = 4
memory_gib = 16
gpu = "T4"
gpu_count = 1
usd_per_hour = 0.526
spot_usd_per_hour = 0.2

# Left out:
#   inf1.xlarge (us-east-1, line 8): unknown GPU Inferentia
#   GPU add-on V100 x1 (us-central1, line 6): no machine type in the file carries it
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(import_skypilot)

BOOST_AUTO_TEST_CASE(converts_a_skypilot_csv_into_a_catalog_that_loads) {
  const Catalogs hardware = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  std::istringstream csv(kCsv);
  // The CSV names no CPU: c6i.2xlarge takes its family's (instance-families.toml).
  const std::string toml = import_skypilot_csv(csv, "vms.csv", {"aws", "2026-01-02", "SkyPilot catalog vms.csv"}, hardware);
  BOOST_TEST(toml == kExpected);

  // Over the bundled catalogs: the import's instances override the bundled ones of the same
  // name and region, and keep what the import does not give.
  const std::string path = advise::testing::write_temp_file("imported/aws.toml", toml);
  const Catalogs loaded = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR, path});
  int from_import = 0;
  for (const auto& instance : loaded.instances) from_import += instance.catalog_file == path;
  BOOST_TEST(from_import == 3);
}

BOOST_AUTO_TEST_CASE(an_instance_of_no_known_family_is_written_without_a_cpu_and_said_so) {
  std::istringstream csv(
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
      "x9.large,,,4,16,0.2,,r\n");
  const Catalogs hardware = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  const std::string toml = import_skypilot_csv(csv, "vms.csv", {"aws", "2026-01-02", "s"}, hardware);
  BOOST_TEST(toml.find("# cpu: no known family; add the CPU model, or the instance is left out\n") != std::string::npos);
  BOOST_TEST(toml.find("\ncpu = ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_import_without_a_date_is_dated_unknown_and_always_stale) {
  std::istringstream csv(
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
      "x.large,,,4,16,0.2,,r\n");
  const std::string toml = import_skypilot_csv(csv, "vms.csv", {"p", kUnknownDate, "s"}, Catalogs{});
  BOOST_TEST(toml.find("as_of = \"unknown\"\n") != std::string::npos);
  Catalogs loaded = load_catalogs({advise::testing::write_temp_file("undated/p.toml", toml)});
  BOOST_TEST(loaded.catalogs.front().as_of == "unknown");
  mark_stale_catalogs(loaded, "2026-01-02", 100000);
  BOOST_TEST(loaded.catalogs.front().stale);
}

BOOST_AUTO_TEST_CASE(rows_a_catalog_would_refuse_are_left_out_and_what_is_written_loads_back) {
  // A byte-order mark; a shared-core 0.4 vCPU; an absurd size and price; a GPU row with no GPUs;
  // a control character and invalid UTF-8 in names; a name that would end its TOML string.
  const std::string csv_text =
      "\xEF\xBB\xBFInstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
      "e2-micro,,,0.4,1,0.008,,r\n"
      "huge.x,,,1e30,16,0.2,,r\n"
      "rich.x,,,4,16,1e30,,r\n"
      "g.x,T4,0,4,16,0.5,,r\n"
      "bad\x01name,,,4,16,0.2,,r\n"
      "bad\xFFname,,,4,16,0.2,,r\n"
      "\"quote\"\"\\name\",,,4,16,0.2,,r\n"
      "c6i.large,,,2,4,0.085,,r\n";
  std::istringstream csv(csv_text);
  const Catalogs hardware = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  BOOST_CHECK_EXCEPTION(import_skypilot_csv(csv, "vms.csv", {"aws\n[[instance]]", "2026-01-02", "s"}, hardware),
                        InputError, [](const InputError& e) {
                          return std::string(e.what()) == "--provider: expected a printable name, got \"aws\\\\x0A[[instance]]\"";
                        });
  const std::string toml = import_skypilot_csv(csv, "vms.csv", {"aws", "2026-01-02", "s"}, hardware);
  for (const char* reason : {"#   e2-micro (r, line 2): 0.4 vCPUs (expected a whole number from 1 to 4096)",
                             "#   huge.x (r, line 3): 1e+30 vCPUs", "#   rich.x (r, line 4): an on-demand price of $1e+30/h",
                             "#   g.x (r, line 5): a GPU count of 0", "(r, line 6): its name or region is empty or not printable UTF-8",
                             "(r, line 7): its name or region is empty or not printable UTF-8"}) {
    BOOST_TEST_CONTEXT(reason) { BOOST_TEST(toml.find(reason) != std::string::npos); }
  }
  BOOST_TEST(toml.find("name = \"quote\\\"\\\\name\"") != std::string::npos);
  // Whatever it writes, advise loads: two instances, the quoted name and c6i.large.
  const Catalogs loaded = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR, advise::testing::write_temp_file("odd/aws.toml", toml)});
  int imported = 0;
  for (const Instance& instance : loaded.instances) imported += instance.catalog_file.find("odd/aws.toml") != std::string::npos;
  BOOST_TEST(imported == 2);
}

BOOST_AUTO_TEST_CASE(an_unbalanced_quote_is_located) {
  std::istringstream csv(
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
      "x.large,\"T4,1,4,16,0.5,,r\n");
  BOOST_CHECK_EXCEPTION(import_skypilot_csv(csv, "vms.csv", {"p", "2026-01-02", "s"}, Catalogs{}), InputError,
                        [](const InputError& e) {
                          return std::string(e.what()) ==
                                 "vms.csv:2:9: a quoted field does not close on its line (an unbalanced quote)";
                        });
}

BOOST_AUTO_TEST_CASE(a_bad_number_is_located) {
  std::istringstream csv(
      "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
      "x,,,4,16,cheap,,r\n");
  BOOST_CHECK_EXCEPTION(import_skypilot_csv(csv, "vms.csv", {"p", "2026-01-02", "s"}, Catalogs{}), InputError,
                        [](const InputError& e) {
                          return std::string(e.what()) == "vms.csv:2:6: Price: expected a non-negative number, got \"cheap\"";
                        });
}

BOOST_AUTO_TEST_CASE(a_missing_column_is_named) {
  std::istringstream csv("InstanceType,Price\nx,1\n");
  BOOST_CHECK_EXCEPTION(import_skypilot_csv(csv, "vms.csv", {"p", "2026-01-02", "s"}, Catalogs{}), InputError,
                        [](const InputError& e) {
                          return std::string(e.what()) ==
                                 "vms.csv:1:1: AcceleratorName: missing column (expected a SkyPilot vms.csv header)";
                        });
}

BOOST_AUTO_TEST_SUITE_END()
