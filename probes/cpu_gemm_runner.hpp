#pragma once
// Runs one GEMM shape on this CPU the way the probe times it: the operands
// filled with values the reference sees exactly, and a call that computes C.
//
// oneDNN paths: dnnl_sgemm (its BLAS-like fp32 GEMM, fastest on large shapes)
// and the matmul primitive (faster on small and transposed fp32 shapes, and
// the only path for bf16 and fp16, with fp32 accumulation and output). Operands keep the
// plain layouts a framework trains with, except that for bf16/fp16 B may be
// packed (see CpuGemmPath): the framework casts the fp32 weights every step
// anyway, and the cast can write the packed layout.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "measurement.hpp"

namespace advise {

class CpuGemmRun {
 public:
  virtual ~CpuGemmRun() = default;
  virtual void execute() = 0;
  virtual float* result() = 0;  // C, row-major m×n fp32

  const std::vector<float>& a() const { return a_; }
  const std::vector<float>& b() const { return b_; }
  const std::string& dtype_run() const { return dtype_run_; }  // what actually ran
  const std::string& note() const { return note_; }
  const std::string& library() const { return library_; }  // "dnnl_sgemm" | "oneDNN matmul"

 protected:
  std::vector<float> a_, b_;
  std::string dtype_run_;
  std::string note_;
  std::string library_;
};

// bf16 and fp16 run on matmul with the framework's plain weights: PyTorch passes its
// cast weights to oneDNN as they are, and a packed B (oneDNN's own layout, filled
// outside the timing) ran a fifth faster than PyTorch's bf16 linear layers did.
// system_blas is the system's sgemm_ (system_blas.hpp), as a framework built on it calls it.
enum class CpuGemmPath { sgemm, matmul, system_blas };

// The paths worth timing for `shape`'s dtype: sgemm and matmul for fp32 (and
// tf32, which runs as fp32); matmul for bf16 and fp16.
// With `system_blas`, fp32 and tf32 run on the system BLAS alone (low precision stays
// on oneDNN, where frameworks run it too).
std::vector<CpuGemmPath> candidate_paths(const GemmShape& shape, bool system_blas = false);

// Prepares `shape` (dtype fp32, tf32, bf16 or fp16) on `path`. Throws
// dnnl::error or std::bad_alloc when it cannot be run, std::runtime_error when
// the system BLAS cannot be loaded.
std::unique_ptr<CpuGemmRun> prepare_cpu_gemm(const GemmShape& shape, CpuGemmPath path);

}  // namespace advise
