#include "advisor/cli/probe_command.hpp"

#include <algorithm>
#include <optional>

#include "advisor/model/model.hpp"
#include "advisor/predict/arithmetic_rates.hpp"
#include "advisor/predict/local_gpu.hpp"
#include "advisor/report/roofline.hpp"
#include "advisor/workload/workload.hpp"
#include "probes/probe_results.hpp"

namespace advise {

std::vector<GemmShape> sweep_shapes() {
  std::vector<GemmShape> shapes;
  for (const char* dtype : {"fp32", "bf16"}) {
    for (const std::int64_t size : {256, 512, 1024, 2048}) shapes.push_back({size, size, size, false, false, dtype});
    // The layouts of a Linear layer's forward, input and weight gradients.
    shapes.push_back({1024, 1024, 1024, false, true, dtype});
    shapes.push_back({1024, 1024, 1024, true, false, dtype});
    // Skinny shapes: small batches, narrow outputs, long reductions.
    shapes.push_back({32, 4096, 4096, false, true, dtype});
    shapes.push_back({256, 1000, 2048, false, true, dtype});
    shapes.push_back({64, 10, 784, false, true, dtype});
    shapes.push_back({4096, 64, 4096, false, false, dtype});
    shapes.push_back({128, 128, 65536, true, false, dtype});
  }
  return shapes;
}

std::vector<std::string> run_probe(const ProbeRequest& request, std::ostream& out, const ProbeProgress& progress) {
  std::vector<GemmShape> shapes = sweep_shapes();
  MachineProbeSettings settings = request.probe;
  // Every arithmetic kind at the size the bundled framework rates were measured at, for results
  // another machine's advice will use; a model's own sizes besides.
  for (const std::string& kind : arithmetic_kinds()) settings.arithmetic.push_back({kind, framework_reference_elements(kind)});
  std::optional<Workload> model_workload;
  if (!request.model_file.empty()) {
    const Workload& workload = model_workload.emplace(build_workload(load_model(request.model_file)));
    for (const ShapeCount& entry : distinct_shapes(workload)) {
      if (std::find(shapes.begin(), shapes.end(), entry.shape) == shapes.end()) shapes.push_back(entry.shape);
    }
    for (const ConvCount& entry : distinct_convolutions(workload)) settings.convolutions.push_back({entry.shape, entry.pass, 1.0});
    for (const ArithmeticRequest& wanted : arithmetic_requests(workload)) {
      if (std::find(settings.arithmetic.begin(), settings.arithmetic.end(), wanted) == settings.arithmetic.end()) {
        settings.arithmetic.push_back(wanted);
      }
    }
  }
  // Every shape gets an equal share: the sweep is a map of the machine, not one model's step.
  const std::vector<double> weights(shapes.size(), 1.0);
  // The GPU times the sweep and the model's GEMMs in the precision it runs them in.
  settings.gpu_plan = [&](const GpuFacts& gpu) {
    GpuGemmPlan plan{sweep_shapes(), {}};
    if (model_workload) {
      for (const GemmShape& shape : gpu_probe_plan(*model_workload, gpu).shapes) {
        if (std::find(plan.shapes.begin(), plan.shapes.end(), shape) == plan.shapes.end()) plan.shapes.push_back(shape);
      }
    }
    plan.weights.assign(plan.shapes.size(), 1.0);
    return plan;
  };
  settings.limits.max_flops = 2e10;  // a 2048³ GEMM runs whole
  const MachineProfile profile =
      request.probe_results.empty()
          ? probe_machine(shapes, weights, settings, progress)
          : profile_from_probe_results(request.probe_results, shapes, settings.convolutions, settings.arithmetic);
  if (request.format == "json") {
    write_roofline_json(out, profile);
  } else if (request.format == "csv") {
    write_roofline_csv(out, profile);
  } else if (request.format == "markdown") {
    write_roofline_markdown(out, profile);
  } else {
    write_roofline_table(out, profile, request.terminal);
  }
  return profile.warnings;
}

}  // namespace advise
