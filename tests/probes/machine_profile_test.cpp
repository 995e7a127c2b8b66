// Measurements are found by their key: a GEMM by its sizes, operand layouts and dtype;
// a convolution by its shape and pass. Never by position.

#include <boost/test/unit_test.hpp>

#include "probes/machine_probe.hpp"

using namespace advise;

namespace {

Measurement timed(const GemmShape& shape, double seconds) {
  Measurement m;
  m.shape = m.probed = shape;
  m.seconds_median = seconds;
  m.status = ProbeStatus::ok;
  m.verified = true;
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(machine_profile)

BOOST_AUTO_TEST_CASE(a_gemm_is_found_by_its_sizes_layouts_and_dtype) {
  const GemmShape nt{64, 32, 16, false, true, "fp32"};
  GemmShape tn = nt;
  tn.a_transposed = true;
  tn.b_transposed = false;
  GemmShape bf16 = nt;
  bf16.dtype = "bf16";
  MachineProfile profile;
  profile.gemms = {timed(tn, 2.0), timed(bf16, 3.0), timed(nt, 1.0)};
  profile.gpu_gemms = {timed(nt, 0.5)};
  BOOST_REQUIRE(profile.find_gemm(nt));
  BOOST_TEST(profile.find_gemm(nt)->seconds_median == 1.0);
  BOOST_TEST(profile.find_gemm(tn)->seconds_median == 2.0);
  BOOST_TEST(profile.find_gemm(bf16)->seconds_median == 3.0);
  BOOST_TEST(profile.find_gpu_gemm(nt)->seconds_median == 0.5);
  BOOST_TEST(!profile.find_gpu_gemm(tn));
  GemmShape other = nt;
  other.k = 17;
  BOOST_TEST(!profile.find_gemm(other));
}

BOOST_AUTO_TEST_CASE(a_convolution_is_found_by_its_shape_and_pass) {
  const ConvShape shape{8, 3, 32, 32, 16, 3, 1, 1, 1, "fp32"};
  MachineProfile profile;
  ConvMeasurement forward;
  forward.shape = shape;
  forward.pass = ConvPass::forward;
  ConvMeasurement weights = forward;
  weights.pass = ConvPass::backward_weights;
  weights.seconds_median = 4.0;
  profile.convolutions = {forward, weights};
  BOOST_REQUIRE(profile.find_convolution(shape, ConvPass::backward_weights));
  BOOST_TEST(profile.find_convolution(shape, ConvPass::backward_weights)->seconds_median == 4.0);
  BOOST_TEST(!profile.find_convolution(shape, ConvPass::backward_data));
  ConvShape strided = shape;
  strided.stride = 2;
  BOOST_TEST(!profile.find_convolution(strided, ConvPass::forward));
}

BOOST_AUTO_TEST_SUITE_END()
