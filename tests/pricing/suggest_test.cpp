#include <boost/test/unit_test.hpp>

#include "pricing/suggest.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(suggest)

BOOST_AUTO_TEST_CASE(edit_distance_counts_single_edits) {
  BOOST_TEST(edit_distance("dense", "dense") == 0u);
  BOOST_TEST(edit_distance("dens", "dense") == 1u);
  BOOST_TEST(edit_distance("ouputs", "outputs") == 1u);
  BOOST_TEST(edit_distance("", "abc") == 3u);
  BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(suggests_only_plausible_typos) {
  const std::vector<std::string> kinds = {"dense", "conv2d", "lstm"};
  BOOST_TEST(did_you_mean("dens", kinds) == " (did you mean \"dense\"?)");
  BOOST_TEST(did_you_mean("LSTM", kinds) == " (did you mean \"lstm\"?)");
  BOOST_TEST(did_you_mean("transformer", kinds) == "");
}

BOOST_AUTO_TEST_SUITE_END()
