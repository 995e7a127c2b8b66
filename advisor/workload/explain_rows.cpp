#include "advisor/workload/explain_rows.hpp"

#include "advisor/model/checked.hpp"
#include "advisor/workload/layers/layer.hpp"

namespace advise {

LayerSummary times_copies(LayerSummary row, std::int64_t times, const SourcePosition& where) {
  const double t = static_cast<double>(times);
  row.parameters = checked_product({row.parameters, times}, where);
  row.forward_flops *= t;
  row.training_flops *= t;
  row.activation_bytes = checked_product({row.activation_bytes, times}, where);
  for (auto& gemm : row.forward_gemms) gemm.count = checked_product({gemm.count, times}, where);
  return row;
}

void add_explain_copies(std::vector<LayerSummary>& rows, const std::vector<LayerSummary>& more,
                        const SourcePosition& where) {
  for (std::size_t i = 0; i < rows.size() && i < more.size(); ++i) {
    LayerSummary& mine = rows[i];
    const LayerSummary& row = more[i];
    mine.parameters = checked_sum({mine.parameters, row.parameters}, where);
    mine.forward_flops += row.forward_flops;
    mine.training_flops += row.training_flops;
    mine.activation_bytes = checked_sum({mine.activation_bytes, row.activation_bytes}, where);
    for (std::size_t g = 0; g < mine.forward_gemms.size() && g < row.forward_gemms.size(); ++g) {
      mine.forward_gemms[g].count = checked_sum({mine.forward_gemms[g].count, row.forward_gemms[g].count}, where);
    }
  }
}

LayerSummary summarize_layer(const LayerDescription& layer, const StepWork& work, const FeatureShape& output,
                             const BuildContext& c) {
  LayerSummary summary;
  summary.name = layer.name;
  summary.kind = layer.kind;
  summary.repeat = layer.repeat;
  summary.parameters = work.parameters;
  summary.forward_flops = work.forward_flops;
  summary.training_flops = work.forward_flops + work.backward_flops;
  summary.activation_bytes = checked_product({work.kept_elements, c.element_bytes}, layer.where);
  summary.output_shape = output.text();
  for (const auto& gemm : work.gemms) {
    if (gemm.role == GemmRole::forward && gemm.layer == layer.name) summary.forward_gemms.push_back(gemm);
  }
  return summary;
}

}  // namespace advise
