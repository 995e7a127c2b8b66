// The bundled examples against published parameter and FLOP counts.
// FLOP convention: 2 FLOPs per multiply-add, so "4.1 G multiply-adds" = 8.2 GFLOP.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <ostream>

#include "advisor/model/model.hpp"
#include "advisor/workload/workload.hpp"

using namespace advise;
namespace data = boost::unit_test::data;

namespace {

struct PublishedCount {
  const char* example;
  double parameters;
  double relative_tolerance;  // 0: exact
  const char* source;
};

std::ostream& operator<<(std::ostream& out, const PublishedCount& count) { return out << count.example; }

const PublishedCount kCounts[] = {
    {"mlp-mnist", 669'706, 0, "784*512+512 + 512*512+512 + 512*10+10"},
    {"cnn-mnist", 1'199'882, 0, "pytorch/examples mnist Net"},
    {"resnet50", 25.6e6, 0.01, "He et al. 2015 / torchvision: 25.6 M"},
    {"bert-base", 110e6, 0.02, "Devlin et al. 2018: BERT-base 110 M"},
    {"gpt2-small", 124e6, 0.02, "Radford et al. 2019: GPT-2 small 124 M"},
    {"char-lstm", 3'324'610, 0, "embedding 65x65 + LSTM 65->512 + LSTM 512->512 (two biases each) + dense 512->65"},
    {"product-search", 200'100'000'000, 0, "2,000 x 100,000,000 weights + 100,000,000 biases"},
};

Workload example_workload(const std::string& name) {
  return build_workload(load_model(std::string(ADVISE_EXAMPLES_DIR) + "/" + name + ".toml"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(published_counts)

BOOST_DATA_TEST_CASE(parameters_match_the_published_count, data::make(kCounts), count) {
  const Workload workload = example_workload(count.example);
  const double parameters = static_cast<double>(workload.parameters);
  BOOST_TEST_INFO("source: " << count.source);
  if (count.relative_tolerance == 0) {
    BOOST_TEST(parameters == count.parameters);
  } else {
    BOOST_TEST(std::abs(parameters - count.parameters) <= count.relative_tolerance * count.parameters,
               parameters << " parameters, published " << count.parameters);
  }
}

BOOST_AUTO_TEST_CASE(resnet50_forward_is_4_1_g_multiply_adds_per_224_image) {
  const Workload workload = example_workload("resnet50");
  const double multiply_adds_per_image = workload.forward_flops / 2 / static_cast<double>(workload.batch_size);
  BOOST_TEST(std::abs(multiply_adds_per_image - 4.1e9) <= 0.05 * 4.1e9, multiply_adds_per_image << " multiply-adds");
  // Backward is two GEMMs per forward GEMM except for the first convolution's input gradient.
  BOOST_TEST(workload.backward_flops < 2 * workload.forward_flops);
  BOOST_TEST(workload.backward_flops > 1.9 * workload.forward_flops);
}

BOOST_AUTO_TEST_CASE(the_200_billion_parameter_layer_fits_no_single_device) {
  const Workload workload = example_workload("product-search");
  // fp32 weights and gradients plus two Adam moments: 16 bytes per parameter.
  BOOST_TEST(workload.memory.weights + workload.memory.gradients + workload.memory.optimizer ==
             16 * workload.parameters);
  BOOST_TEST(workload.memory.total() > 3'000'000'000'000LL);
}

BOOST_AUTO_TEST_CASE(mixed_precision_keeps_fp32_master_weights) {
  const Workload workload = example_workload("gpt2-small");
  BOOST_TEST(workload.precision == "bf16");
  BOOST_TEST(workload.memory.weights == 2 * workload.parameters);
  BOOST_TEST(workload.memory.master_weights == 4 * workload.parameters);
  BOOST_TEST(workload.memory.optimizer == 8 * workload.parameters);
  for (const auto& gemm : workload.gemms) BOOST_TEST(gemm.shape.dtype == "bf16");
  // The tied output projection is a GEMM but no extra parameters.
  bool has_projection = false;
  for (const auto& gemm : workload.gemms) has_projection = has_projection || gemm.shape.n == 50257;
  BOOST_TEST(has_projection);
}

BOOST_AUTO_TEST_SUITE_END()
