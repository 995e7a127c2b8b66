#include <boost/test/unit_test.hpp>

#include "probes/verify.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(verify)

// A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]], A·B = [[19, 22], [43, 50]].
const float kA[] = {1, 2, 3, 4};
const float kB[] = {5, 6, 7, 8};
const float kAt[] = {1, 3, 2, 4};  // A stored transposed
const float kBt[] = {5, 7, 6, 8};  // B stored transposed
const float kC[] = {19, 22, 43, 50};

BOOST_AUTO_TEST_CASE(accepts_the_product_in_every_layout) {
  BOOST_TEST(verify_gemm_sampled({2, 2, 2, false, false, "fp32"}, kA, kB, kC, 16, 1).ok);
  BOOST_TEST(verify_gemm_sampled({2, 2, 2, true, false, "fp32"}, kAt, kB, kC, 16, 1).ok);
  BOOST_TEST(verify_gemm_sampled({2, 2, 2, false, true, "fp32"}, kA, kBt, kC, 16, 1).ok);
  BOOST_TEST(verify_gemm_sampled({2, 2, 2, true, true, "fp32"}, kAt, kBt, kC, 16, 1).ok);
}

BOOST_AUTO_TEST_CASE(rejects_a_wrong_entry_and_names_it) {
  const float wrong[] = {19, 22, 43, 51};
  const VerifyResult result = verify_gemm_sampled({2, 2, 2, false, false, "fp32"}, kA, kB, wrong, 64, 1);
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason == "result check failed at C[1,1]: expected 50, got 51");
}

BOOST_AUTO_TEST_CASE(rejects_a_layout_mix_up) {
  // Treating B as transposed when it is not gives a different product.
  BOOST_TEST(!verify_gemm_sampled({2, 2, 2, false, true, "fp32"}, kA, kB, kC, 16, 1).ok);
}

BOOST_AUTO_TEST_SUITE_END()
