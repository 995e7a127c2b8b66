#pragma once
// The GPU side of prediction from specs: how long one GEMM of the workload
// takes on a GPU from its datasheet, with wave quantisation (a GEMM is cut
// into output tiles; the SMs run them in waves, and the last wave may be
// mostly idle), split-K for GEMMs with too few tiles, and the
// multi-GPU all-reduce. Pure functions of their arguments.

#include <cstdint>
#include <string>

#include "advisor/workload/gemm.hpp"
#include "pricing/catalog.hpp"

namespace advise {

// Output tiles of one GEMM instance.
std::int64_t gemm_tiles(const GemmShape& shape, const PredictionConstants& constants);

// Busy fraction of the SMs over all waves: tiles / (⌈tiles / SMs⌉ · SMs).
double wave_efficiency(std::int64_t tiles, std::int64_t sms);

// How many ways a library splits K when the output has too few tiles to fill the
// GPU: up to SMs / tiles, keeping at least 512 of K per split.
std::int64_t split_k(std::int64_t tiles, std::int64_t k, std::int64_t sms);

// The precision a framework runs `gemm` in on a GPU: fp32 GEMMs that cuDNN runs (convolutions,
// LSTMs) in tf32 where the GPU has it (PyTorch's default for cuDNN), fp32 matmuls in fp32.
std::string gpu_precision(const WorkloadGemm& gemm, bool gpu_has_tf32);
std::string gpu_precision(const WorkloadGemm& gemm, const GpuSpec& gpu);
// A weight gradient summed over the calls that share the weight (an LSTM's recurrent dW, once per
// step) runs on a GPU as one GEMM whose K is that many times deeper, as cuDNN computes it.
WorkloadGemm as_gpu_library_runs_it(WorkloadGemm gemm);
// `gemm` as the GPU runs it, in its precision there: the shape a GPU probe times (once for the
// `as_gpu_library_runs_it(gemm).count` calls of it).
GemmShape gpu_run_shape(const WorkloadGemm& gemm, bool gpu_has_tf32);
GemmShape gpu_run_shape(const WorkloadGemm& gemm, const GpuSpec& gpu);

// Share of the padded output tiles the GEMM's output fills: m·n / (⌈m/rows⌉·rows · ⌈n/cols⌉·cols).
double tile_fill(const GemmShape& shape, const PredictionConstants& constants);

// How a short K loop lowers a GEMM's efficiency (the pipeline fills and drains once per tile):
// K / (K + k_half), 1 when k_half is 0.
double depth_efficiency(std::int64_t k, double k_half);

// The K at which a GEMM in `precision` on `gpu` runs at half a deep one's efficiency. A tile's
// pipeline fill and its epilogue move data at memory speed while its K loop runs at math speed,
// so the K that hides them grows with the GPU's ratio of the two (its ridge point, library peak
// over memory bandwidth): gemm_k_half x (ridge / gemm_k_half_reference_ridge)^gemm_k_half_ridge_exponent.
double gemm_k_half(const std::string& precision, const GpuSpec& gpu, const PredictionConstants& constants);

// Whether `precision` runs on `gpu`'s tensor cores (the datasheet gives it a rate of its own).
bool uses_tensor_cores(const std::string& precision, const GpuSpec& gpu);

// The rate library efficiencies are shares of: the listed peak, twice it for a GeForce board's
// halved tensor rates (its SMs' full rate).
double library_peak_flops(const std::string& precision, const GpuSpec& gpu);

// What a library at `library_efficiency` reaches on a GEMM that fills `gpu`: its share of the
// library peak, at most the listed peak.
double achievable_flops(const std::string& precision, const GpuSpec& gpu, double library_efficiency);

// What sets a tensor-core GEMM's share apart from its architecture's constant: the share falls as
// the library peak grows ((reference / peak)^peak_exponent: the rest of an SM does not keep pace
// with its tensor cores), and a board with less power per SM than the reference holds a lower
// clock ((watts per SM / reference)^power_exponent, at most 1). 1 when the constants are 0.
// The board's power per SM (TDP over SMs), or 0 when the catalog gives neither.
double watts_per_sm(const GpuSpec& gpu);

double tensor_peak_scale(const std::string& precision, const GpuSpec& gpu, const PredictionConstants& constants);

// The library efficiency of `gpu`'s architecture for a GEMM that fills it, in `precision`
// (for tensor cores, scaled by tensor_peak_scale).
double architecture_gemm_efficiency(const std::string& precision, const GpuSpec& gpu,
                                    const PredictionConstants& constants);

// Seconds for all `gemm.count` instances on one GPU, at `library_efficiency` of
// peak when the tiles fill the GPU (default: the architecture's fitted constant).
double gpu_gemm_seconds(const WorkloadGemm& gemm, const GpuSpec& gpu, const PredictionConstants& constants,
                        double library_efficiency = 0);

// The library efficiency a measured time implies on `gpu`: achieved / (peak × wave efficiency).
double implied_library_efficiency(const GemmShape& shape, double seconds, const GpuSpec& gpu,
                                  const PredictionConstants& constants);

// Ring all-reduce of `bytes` over `gpus`: 2(g−1)/g · bytes / one-way link bandwidth.
double ring_allreduce_seconds(double bytes, std::int64_t gpus, double link_bytes_per_s);

}  // namespace advise
