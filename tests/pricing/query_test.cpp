#include <boost/test/unit_test.hpp>
#include <set>

#include "pricing/loader.hpp"
#include "pricing/query.hpp"

using namespace advise;

namespace {

const Catalogs& bundled() {
  static const Catalogs catalogs = load_catalogs({ADVISE_BUNDLED_CATALOG_DIR});
  return catalogs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(price_query)

BOOST_AUTO_TEST_CASE(gpu_filter_finds_every_variant_of_every_provider_sorted_by_price) {
  PriceQuery query;
  query.gpu = "h100";
  const std::vector<PriceRow> rows = query_prices(bundled(), query);
  std::set<std::string> providers;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    providers.insert(rows[i].instance->provider);
    BOOST_TEST(rows[i].device.find("H100") == 0u);
    if (i > 0) BOOST_TEST(rows[i - 1].usd_per_hour <= rows[i].usd_per_hour);
  }
  BOOST_TEST((providers == std::set<std::string>{"aws", "azure", "gcp", "lambda"}));
}

BOOST_AUTO_TEST_CASE(usd_per_tflop_uses_the_precision_peak_of_all_gpus) {
  PriceQuery query;
  query.gpu = "H100-SXM";
  query.sort = "usd-per-tflop";
  query.precision = "bf16";
  query.provider = "lambda";
  const std::vector<PriceRow> rows = query_prices(bundled(), query);
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(rows[0].instance->name == "gpu_8x_h100_sxm5");  // 31.92 / (8 × 989.4) < 4.29 / 989.4
  BOOST_TEST(rows[0].usd_per_tflop_hour == 31.92 / (8 * 989.4), boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(spot_only_ranks_by_spot_price_and_drops_instances_without_spot) {
  PriceQuery query;
  query.spot_only = true;
  query.gpu = "T4";
  const std::vector<PriceRow> rows = query_prices(bundled(), query);
  BOOST_REQUIRE(!rows.empty());
  BOOST_TEST(rows[0].instance->name == "Standard_NC4as_T4_v3");
  BOOST_TEST(rows[0].usd_per_hour == 0.0627);
}

BOOST_AUTO_TEST_CASE(memory_filter_and_cpu_only) {
  PriceQuery big;
  big.min_gpu_memory_gib = 100;
  for (const PriceRow& row : query_prices(bundled(), big)) BOOST_TEST(row.device == "H200");
  PriceQuery cpus;
  cpus.cpu_only = true;
  const std::vector<PriceRow> rows = query_prices(bundled(), cpus);
  BOOST_TEST(rows.size() >= 3u);
  for (const PriceRow& row : rows) BOOST_TEST(row.instance->gpu.empty());
}

BOOST_AUTO_TEST_SUITE_END()
