#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

#include "advisor/cli/catalog_selection.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(catalog_selection)

BOOST_AUTO_TEST_CASE(precedence_is_bundled_then_config_then_environment_then_command_line) {
  const auto config_home = advise::testing::temp_dir() / "config";
  std::filesystem::create_directories(config_home / "advise" / "pricing");
  ::setenv("XDG_CONFIG_HOME", config_home.c_str(), 1);
  ::setenv("ADVISE_PRICING", "/env/a.toml:/env/b", 1);
  CatalogSelection selection;
  selection.bundled_dir = "/bundled";
  selection.command_line_paths = {"/cli/c.toml"};
  const std::vector<std::string> expected = {"/bundled", (config_home / "advise" / "pricing").string(), "/env/a.toml",
                                             "/env/b", "/cli/c.toml"};
  BOOST_TEST(catalog_paths(selection) == expected, boost::test_tools::per_element());

  selection.use_bundled = false;
  ::unsetenv("ADVISE_PRICING");
  ::setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
  BOOST_TEST(catalog_paths(selection) == std::vector<std::string>{"/cli/c.toml"}, boost::test_tools::per_element());
  ::unsetenv("XDG_CONFIG_HOME");
}

BOOST_AUTO_TEST_CASE(without_the_bundled_prices_the_bundled_specs_families_and_constants_stay) {
  const std::vector<std::string> kept = bundled_reference_files(ADVISE_BUNDLED_CATALOG_DIR);
  std::vector<std::string> names;
  for (const auto& file : kept) names.push_back(std::filesystem::path(file).filename().string());
  const std::vector<std::string> expected = {"hardware.toml", "instance-families.toml", "local.toml", "prediction.toml"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
