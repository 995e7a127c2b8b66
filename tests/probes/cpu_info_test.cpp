#include <boost/test/unit_test.hpp>

#include "probes/cpu_info.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(cpu_info)

BOOST_AUTO_TEST_CASE(peak_from_clock_and_isa) {
  // This project's reference machine: 2 Zen 5 cores at 4.4 GHz with AVX-512 and bf16 dot products.
  BOOST_TEST(isa_flops_per_cycle("avx512_core_bf16", "fp32") == 64.0);
  BOOST_TEST(isa_flops_per_cycle("avx512_core_bf16", "bf16") == 128.0);
  BOOST_TEST(peak_flops(2, 64, 4.4e9) == 563.2e9);
  BOOST_TEST(peak_flops(2, 128, 4.4e9) == 1126.4e9);
  // AVX2 with FMA (e.g. Zen 2): 2 × 8 lanes × 2 FLOPs.
  BOOST_TEST(isa_flops_per_cycle("avx2", "fp32") == 32.0);
  BOOST_TEST(isa_flops_per_cycle("avx2", "bf16") == 32.0);  // no bf16 units: converted to fp32
  BOOST_TEST(isa_flops_per_cycle("riscv", "fp32") == 0.0);
}

BOOST_AUTO_TEST_CASE(measured_facts_are_consistent) {
  const CpuFacts facts = discover_cpu(1);
  BOOST_TEST(facts.threads >= 1);
  BOOST_TEST(facts.cores >= 1);
  BOOST_TEST(facts.cores <= facts.threads);
  BOOST_TEST(facts.peak_flops.at("fp32") > 0);
  BOOST_TEST(facts.peak_flops.at("bf16") > 0);  // measured, or fp32 where there are no bf16 units
  BOOST_TEST(facts.memory_bytes > 0);
}

BOOST_AUTO_TEST_SUITE_END()
