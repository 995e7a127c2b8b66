// The --explain rows: one per described layer, all its copies; a block's layers one level deeper.

#include <boost/test/unit_test.hpp>

#include "advisor/model/model.hpp"
#include "advisor/workload/workload.hpp"
#include "tests/support/temp_file.hpp"

using namespace advise;
using advise::testing::write_temp_file;

namespace {

// Two dense layers, then a residual block of two dense layers repeated three times.
const std::string kModel = R"([model]
name = "rows"

[training]
batch_size = 2
samples = 20
epochs = 1

[[layer]]
type = "dense"
inputs = 8
outputs = 16

[[layer]]
type = "dense"
inputs = 16
outputs = 16

[[layer]]
type = "block"
repeat = 3
layers = [
  { type = "dense", inputs = 16, outputs = 16, activation = "relu" },
  { type = "dense", inputs = 16, outputs = 16 },
]
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_rows)

BOOST_AUTO_TEST_CASE(a_repeated_block_is_one_row_for_all_its_copies_with_its_layers_below_it) {
  const Workload w = build_workload(load_model(write_temp_file("rows.toml", kModel)));
  BOOST_REQUIRE_EQUAL(w.layers.size(), 5u);  // two layers, the block, its two layers
  const LayerSummary& block = w.layers[2];
  BOOST_TEST(block.kind == "block");
  BOOST_TEST(block.repeat == 3);
  BOOST_TEST(block.depth == 0);
  BOOST_TEST(block.parameters == 3 * 2 * (16 * 16 + 16));
  for (const std::size_t inner : {3u, 4u}) {
    BOOST_TEST(w.layers[inner].depth == 1);
    BOOST_TEST(w.layers[inner].parameters == 3 * (16 * 16 + 16));  // all three copies
    BOOST_REQUIRE_EQUAL(w.layers[inner].forward_gemms.size(), 1u);
    BOOST_TEST(w.layers[inner].forward_gemms[0].count == 3);
  }
  BOOST_TEST(w.layers[3].name != w.layers[4].name);
  // The rows add up to the model.
  std::int64_t parameters = 0;
  for (const LayerSummary& row : w.layers) {
    if (row.depth == 0) parameters += row.parameters;
  }
  BOOST_TEST(parameters == w.parameters);
}

BOOST_AUTO_TEST_SUITE_END()
