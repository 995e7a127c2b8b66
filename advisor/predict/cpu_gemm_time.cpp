#include "advisor/predict/cpu_gemm_time.hpp"

namespace advise {
namespace {

// The verified measurement of the convolution pass `gemm` stands for, or none
// (not a convolution, or not measured): then its implicit GEMM's time counts.
const ConvMeasurement* measured_convolution(const WorkloadGemm& gemm, const MachineProfile& profile) {
  if (!gemm.convolution) return nullptr;
  const ConvMeasurement* m = profile.find_convolution(gemm.conv, conv_pass_of(gemm));
  return m && m->status == ProbeStatus::ok && m->verified ? m : nullptr;
}

}  // namespace

CpuGemmTime this_cpu_time(const WorkloadGemm& gemm, const MachineProfile& profile) {
  if (const ConvMeasurement* conv = measured_convolution(gemm, profile)) {
    const double calls = static_cast<double>(gemm.count / gemm.conv.groups);  // one call computes every group
    return {calls * conv->seconds_median, calls * conv->seconds_min, calls * conv->seconds_max};
  }
  if (const Measurement* m = profile.find_gemm(gemm.shape)) {
    const double count = static_cast<double>(gemm.count);
    return {count * m->seconds_median, count * m->seconds_min, count * m->seconds_max};
  }
  return {};
}

std::string this_cpu_dtype(const WorkloadGemm& gemm, const MachineProfile& profile) {
  if (const ConvMeasurement* conv = measured_convolution(gemm, profile)) {
    if (!conv->probed_dtype.empty()) return conv->probed_dtype;
  } else if (const Measurement* m = profile.find_gemm(gemm.shape)) {
    if (!m->probed.dtype.empty()) return m->probed.dtype;
  }
  return gemm.shape.dtype;
}

}  // namespace advise
