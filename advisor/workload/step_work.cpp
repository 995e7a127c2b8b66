#include "advisor/workload/step_work.hpp"

#include <sstream>

#include "advisor/model/checked.hpp"

namespace advise {

std::int64_t FeatureShape::elements() const {
  std::int64_t product = 1;
  for (const std::int64_t dim : dims) {
    if (__builtin_mul_overflow(product, dim, &product)) throw_too_large(where);
  }
  return product;
}

std::string FeatureShape::text() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < dims.size(); ++i) out << (i ? "x" : "") << dims[i];
  return out.str();
}

void StepWork::add_memory_traffic(TrafficKind kind, double bytes, double working_set_bytes) {
  memory_bound_bytes += bytes;
  add_traffic(traffic, {kind, bytes, working_set_bytes});
}

void StepWork::add_layers(const StepWork& other, const SourcePosition& where) {
  add_work(other, 1, where);
  summaries.insert(summaries.end(), other.summaries.begin(), other.summaries.end());
}

void StepWork::add_copies(const StepWork& other, std::int64_t times, const SourcePosition& where) {
  add_work(other, times, where);
  std::vector<LayerSummary> more;
  for (const LayerSummary& row : other.summaries) more.push_back(times_copies(row, times, where));
  add_explain_copies(summaries, more, where);
}

namespace {

std::string gemm_key(const WorkloadGemm& gemm) {
  const GemmShape& s = gemm.shape;
  return gemm.layer + '\n' + to_string(gemm.role) + '\n' + std::to_string(s.m) + 'x' + std::to_string(s.n) + 'x' +
         std::to_string(s.k) + (s.a_transposed ? "T" : "N") + (s.b_transposed ? "T" : "N") + s.dtype + '\n' +
         std::to_string(gemm.per_kernel);
}

}  // namespace

WorkloadGemm* StepWork::same_gemm(const WorkloadGemm& gemm) {
  for (; indexed_gemms_ < gemms.size(); ++indexed_gemms_) {
    gemm_index_.emplace(gemm_key(gemms[indexed_gemms_]), indexed_gemms_);  // the first of equal ones
  }
  const auto found = gemm_index_.find(gemm_key(gemm));
  return found == gemm_index_.end() ? nullptr : &gemms[found->second];
}

void StepWork::add_work(const StepWork& other, std::int64_t times, const SourcePosition& where) {
  for (const auto& gemm : other.gemms) {
    const std::int64_t count = checked_product({gemm.count, times}, where);
    if (WorkloadGemm* mine = same_gemm(gemm)) {
      mine->count = checked_sum({mine->count, count}, where);
    } else {
      gemms.push_back(gemm);
      gemms.back().count = count;
    }
  }
  const double t = static_cast<double>(times);
  parameters = checked_sum({parameters, checked_product({other.parameters, times}, where)}, where);
  forward_flops += t * other.forward_flops;
  backward_flops += t * other.backward_flops;
  memory_bound_bytes += t * other.memory_bound_bytes;
  for (MemoryTraffic entry : other.traffic) {
    entry.bytes *= t;
    add_traffic(traffic, entry);
  }
  kernels = checked_sum({kernels, checked_product({other.kernels, times}, where)}, where);
  calls.add(other.calls, times, where);
  kept_elements = checked_sum({kept_elements, checked_product({other.kept_elements, times}, where)}, where);
}

void add_matmul(StepWork& work, const std::string& layer, const GemmShape& forward, std::int64_t count, bool grad_a,
                bool grad_b, bool b_is_weight, bool batched, const ConvShape* convolution) {
  const GemmShape& f = forward;
  const bool is_conv = convolution != nullptr;
  const ConvShape conv = is_conv ? *convolution : ConvShape{};
  const double flops = static_cast<double>(count) * f.flops();
  const std::int64_t per_kernel = batched ? count : 1;
  work.gemms.push_back({layer, GemmRole::forward, f, count, per_kernel, is_conv, conv});
  work.forward_flops += flops;
  work.kernels += 1;
  if (grad_a) {  // dA[M,K] = dC[M,N] · Bᵀ
    const GemmShape gradient{f.m, f.k, f.n, false, !f.b_transposed, f.dtype};
    work.gemms.push_back({layer, b_is_weight ? GemmRole::dX : GemmRole::dA, gradient, count, per_kernel, is_conv, conv});
    work.backward_flops += flops;
    work.kernels += 1;
  }
  if (grad_b) {
    // dB in B's own storage: [N,K] = dCᵀ·A when B is stored transposed, else [K,N] = Aᵀ·dC.
    const GemmShape gradient = f.b_transposed ? GemmShape{f.n, f.k, f.m, true, f.a_transposed, f.dtype}
                                              : GemmShape{f.k, f.n, f.m, !f.a_transposed, false, f.dtype};
    work.gemms.push_back({layer, b_is_weight ? GemmRole::dW : GemmRole::dB, gradient, count, per_kernel, is_conv, conv});
    work.backward_flops += flops;
    work.kernels += 1;
  }
}

}  // namespace advise
