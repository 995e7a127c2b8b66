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
  // Sapphire Rapids and later: AMX tiles multiply bf16 at 1024 FLOPs a cycle, fp32 stays on FMAs.
  BOOST_TEST(isa_flops_per_cycle("avx512_core_amx", "fp32") == 64.0);
  BOOST_TEST(isa_flops_per_cycle("avx512_core_amx", "bf16") == 1024.0);
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

// Where oneDNN multiplies bf16 on AMX tiles the measured bf16 peak is the tiles' loop, far above
// the FMA loop's: a bf16 GEMM timed against the dot-product peak would read as impossible.
BOOST_AUTO_TEST_CASE(the_bf16_peak_covers_amx_tiles) {
  const CpuFacts facts = discover_cpu(1);
  if (facts.isa != "avx512_core_amx") {
    BOOST_TEST_MESSAGE("no AMX here (oneDNN ISA " << facts.isa << "): nothing to compare");
    return;
  }
  const double isa_bf16 = isa_flops_per_cycle(facts.isa, "bf16") * facts.clock_hz;
  BOOST_TEST(facts.peak_flops.at("bf16") > 4 * facts.peak_flops.at("fp32"));
  BOOST_TEST(facts.peak_flops.at("bf16") < 1.2 * isa_bf16,
             facts.peak_flops.at("bf16") / 1e9 << " GFLOP/s against the ISA's " << isa_bf16 / 1e9);
}

// The clock comes from a chain of dependent adds and the FMA rate from a separate loop: their
// ratio is the FLOPs one core does per cycle, which the ISA bounds (one or two FMA units). A
// clock that a core's add folding inflated (17 GHz on an Emerald Rapids) falls far below it.
BOOST_AUTO_TEST_CASE(the_clock_agrees_with_the_fma_loop) {
  const CpuFacts facts = discover_cpu(1);
  const double isa_per_cycle = isa_flops_per_cycle(facts.isa, "fp32");
  if (isa_per_cycle == 0 || facts.clock_hz == 0) return;  // not x86: nothing to compare
  BOOST_TEST(facts.clock_hz < 7e9, "clock " << facts.clock_hz / 1e9 << " GHz");
  BOOST_TEST(facts.fp32_flops_per_cycle_per_core > 0.35 * isa_per_cycle,
             facts.fp32_flops_per_cycle_per_core << " FLOP/cycle against the ISA's " << isa_per_cycle);
  BOOST_TEST(facts.fp32_flops_per_cycle_per_core < 1.2 * isa_per_cycle,
             facts.fp32_flops_per_cycle_per_core << " FLOP/cycle against the ISA's " << isa_per_cycle);
}

BOOST_AUTO_TEST_SUITE_END()
