// Does a cut shape, scaled back by its FLOPs, reproduce the uncut shape's time on this
// machine? Times each shape whole and cut (GEMMs along K, convolutions along the batch)
// side by side, in alternating rounds, and prints the ratio of the medians. A ratio far
// from 1 means the probe's scaling misleads on this machine. A benchmark, not a test: its
// figures depend on the machine and how busy it is.
//
//   probe_scaling_bench [ROUNDS]      (exit 1 when a median ratio leaves 0.6 to 1.6)

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "probes/conv_probe.hpp"
#include "probes/cpu_info.hpp"
#include "probes/cpu_probe.hpp"
#include "probes/statistics.hpp"

using namespace advise;

namespace {

struct Pair {
  double whole_s = 0;
  double scaled_s = 0;
  double scale = 1;
};

Pair time_gemm(const GemmShape& shape) {
  CpuProbeOptions cut;
  cut.limits.max_flops = shape.flops() / 4;
  cut.limits.min_dimension = std::min(shape.m, shape.n);
  const Measurement whole = probe_cpu_gemm(shape, 0.15);
  const Measurement scaled = probe_cpu_gemm(shape, 0.15, cut);
  return {whole.seconds_median, scaled.seconds_median, scaled.scale};
}

Pair time_convolution(const ConvShape& shape) {
  ConvProbeOptions cut;
  cut.limits.max_flops = shape.flops() / 4;
  cut.limits.min_batch = 1;
  const ConvMeasurement whole = probe_cpu_conv(shape, ConvPass::forward, 0.15);
  const ConvMeasurement scaled = probe_cpu_conv(shape, ConvPass::forward, 0.15, cut);
  return {whole.seconds_median, scaled.seconds_median, scaled.scale};
}

// The median over rounds of scaled / whole; prints each round.
double median_ratio(const char* name, int rounds, Pair (*time)(const void*), const void* shape) {
  std::vector<double> ratios;
  for (int round = 0; round < rounds; ++round) {
    const Pair pair = time(shape);
    ratios.push_back(pair.scaled_s / pair.whole_s);
    std::printf("  %-28s round %d: whole %.3f ms, cut x%.1f scaled back %.3f ms, ratio %.2f\n", name, round + 1,
                pair.whole_s * 1e3, pair.scale, pair.scaled_s * 1e3, ratios.back());
  }
  return summarize(ratios).median;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const CpuFacts cpu = discover_cpu(set_cpu_threads(0));
  std::printf("probe scaling on %s (%d threads, oneDNN ISA %s), %d rounds\n", cpu.name.c_str(), cpu.threads_used,
              cpu.isa.c_str(), rounds);
  const GemmShape gemm{256, 256, 2048, false, true, "fp32"};
  const ConvShape conv{32, 64, 28, 28, 64, 3, 1, 1, 1, "fp32"};
  const double gemm_ratio = median_ratio("GEMM 256x256x2048 NT", rounds,
                                         [](const void* s) { return time_gemm(*static_cast<const GemmShape*>(s)); }, &gemm);
  const double conv_ratio = median_ratio("conv 32x64x28x28 -> 64 k3", rounds, [](const void* s) {
    return time_convolution(*static_cast<const ConvShape*>(s));
  }, &conv);
  std::printf("median ratio: GEMM %.2f, convolution %.2f (1 = the cut shape scaled back matches the whole)\n",
              gemm_ratio, conv_ratio);
  const auto within = [](double ratio) { return ratio > 0.6 && ratio < 1.6; };
  return within(gemm_ratio) && within(conv_ratio) ? 0 : 1;
}
