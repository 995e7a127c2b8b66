#include "advisor/predict/cold_operands.hpp"

namespace advise {
namespace {

double element_bytes(const std::string& dtype) { return dtype == "bf16" || dtype == "fp16" ? 2 : 4; }

}  // namespace

OperandTraffic operand_traffic(const WorkloadGemm& gemm) {
  if (gemm.convolution) {
    const ConvShape& c = gemm.conv;
    const double input = static_cast<double>(c.batch) * static_cast<double>(c.in_channels) *
                         static_cast<double>(c.height) * static_cast<double>(c.width);
    const double weights = static_cast<double>(c.out_channels) * static_cast<double>(c.in_channels / c.groups) *
                           static_cast<double>(c.kernel * c.kernel);
    const double output = static_cast<double>(c.batch) * static_cast<double>(c.out_channels) *
                          static_cast<double>(c.out_height()) * static_cast<double>(c.out_width());
    const double per_call = element_bytes(c.dtype) * (input + weights + output);
    const double calls = static_cast<double>(gemm.count / std::max<std::int64_t>(c.groups, 1));
    return {per_call * calls, per_call};
  }
  const GemmShape& s = gemm.shape;
  const double m = static_cast<double>(s.m), n = static_cast<double>(s.n), k = static_cast<double>(s.k);
  const double per_instance = element_bytes(s.dtype) * (m * k + k * n + m * n);
  const double count = static_cast<double>(gemm.count);
  return {per_instance * count, per_instance * static_cast<double>(gemm.per_kernel)};
}

double cold_operand_seconds(const std::vector<WorkloadGemm>& gemms, const CpuBandwidth& bandwidth,
                            double memory_bytes_per_s) {
  if (memory_bytes_per_s <= 0) return 0;
  double seconds = 0;
  for (const WorkloadGemm& gemm : gemms) {
    const OperandTraffic traffic = operand_traffic(gemm);
    seconds += traffic.bytes * bandwidth.cache_share(traffic.working_set_bytes) / memory_bytes_per_s;
  }
  return seconds;
}

}  // namespace advise
