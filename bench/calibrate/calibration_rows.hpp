#pragma once
// The published training throughput the from-specs prediction is calibrated on
// (../shared/data/calibration-gpu-lambda.csv), each row with the model file that describes its
// benchmark model and the workload of one step at the row's batch.

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/workload/workload.hpp"
#include "pricing/catalog.hpp"

namespace advise::calibration {

struct Row {
  std::string hardware;         // as published: "LambdaCloud 8xV100 16GB"
  std::string gpu;              // the hardware catalog's name: "V100-16GB"
  std::string architecture;     // the catalog's architecture of that GPU
  std::int64_t gpus = 1;
  std::string precision;        // fp32 | amp-fp16, as published
  std::string model;            // resnet50 | gnmt | ncf | transformerxlbase | transformerxllarge
  std::string unit;
  double published = 0;         // items (images, tokens, samples) per second, all GPUs together
  std::int64_t per_gpu_batch = 0;
  std::string batch_source;     // "published", or where a blank batch was taken from
  double items_per_sample = 1;  // tokens per sequence for the token-counting benchmarks
  // How the benchmark ran several GPUs (lambdal/deeplearning-benchmark pytorch/scripts):
  // - it sets NCCL_P2P_DISABLE=1, so NCCL stages the all-reduce through host memory over each
  //   GPU's PCIe link, NVLink or not: `allreduce_link_bytes_per_s` is that link (both directions);
  // - it starts Transformer-XL without --multi_gpu ddp: each process trains its own replica and
  //   nothing is all-reduced (`all_reduces_gradients` false).
  bool all_reduces_gradients = true;
  double allreduce_link_bytes_per_s = 0;
  // Samples the benchmark counts per sample it trains. NCF's script divides the whole epoch's
  // samples by the time of the batches it trained, and each GPU drops its last batch (a partial
  // one, or a full one where the split is even): with an epoch of a few batches, the count runs
  // well ahead of the training (DeepLearningExamples PyTorch/Recommendation/NCF, ncf.py's
  // train_throughput and dataloading.py's TrainDataloader.get_epoch_data). 1 for the others.
  double counted_per_trained = 1;
  // The precision the row's benchmark trained in: as published, except NCF's "fp16" task on the
  // 80 GB boards, which the benchmark's config_v1/config_pytorch_80GB.sh (sourced by its multi-GPU
  // variants) starts without --amp, so it trains in fp32 like the fp32 task, at a larger batch.
  std::string trained_precision;
  // One step: at the global batch (per-GPU batch x GPUs) with an all-reduce, else one replica's.
  Workload workload;
  std::string excluded;         // why the row is left out of the fit and the errors; empty: used
};

// Reads the CSV, resolves each GPU in `catalogs` and builds each row's workload from
// `models_dir`/<model>.toml. Throws std::runtime_error naming the line on anything it cannot read.
std::vector<Row> load_rows(const std::string& csv_path, const std::string& models_dir, const Catalogs& catalogs);

// Items (images, tokens, samples) all the row's GPUs process in one step.
double items_per_step(const Row& row);

// The published throughput in samples trained: as published, over what the benchmark counts per
// sample it trains.
double trained_throughput(const Row& row);

// The published per-GPU throughput over the same GPU's single-GPU throughput at the same model
// and precision, both in samples trained (0 when there is no such row).
double published_scaling(const Row& row, const std::vector<Row>& rows);

}  // namespace advise::calibration
