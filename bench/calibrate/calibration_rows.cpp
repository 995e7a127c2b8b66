#include "bench/calibrate/calibration_rows.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include "advisor/model/model.hpp"

namespace advise::calibration {
namespace {

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.emplace_back();
    else fields.back() += c;
  }
  return fields;
}

// "LambdaCloud 8xV100 16GB" -> "V100 16GB": the GPU without the cloud's name and the count.
std::string gpu_text(std::string text) {
  const std::string cloud = "LambdaCloud ";
  if (text.rfind(cloud, 0) == 0) text = text.substr(cloud.size());
  if (text.size() > 2 && std::isdigit(static_cast<unsigned char>(text[0])) && text[1] == 'x') {
    text = text.substr(2);
    if (!text.empty() && text[0] == ' ') text = text.substr(1);
  }
  return text;
}

// The catalog GPU a published hardware name stands for; the names that are no alias in the catalog.
const GpuSpec& catalog_gpu(const std::string& hardware, const Catalogs& catalogs) {
  static const std::map<std::string, std::string> kNames = {
      {"V100 16GB", "V100-16GB"},         {"A100 80GB SXM4", "A100-80GB"},     {"A100 80GB PCIe", "A100-PCIe-80GB"},
      {"H100 80GB SXM5", "H100-SXM"},     {"H100 80GB PCIe Gen5", "H100-PCIe"}, {"A10", "A10"}};
  const std::string text = gpu_text(hardware);
  const auto known = kNames.find(text);
  const GpuSpec* gpu = catalogs.find_gpu(known != kNames.end() ? known->second : text);
  if (!gpu) throw std::runtime_error("no GPU in the hardware catalog for \"" + hardware + "\"");
  return *gpu;
}

// Tokens a sample carries: a translation pair counts its source and target tokens.
double items_per_sample(const std::string& model, const std::string& unit, const ModelDescription& description) {
  if (unit != "tokens/s") return 1;
  const std::int64_t seq_len = description.layers.front().seq_len;
  return static_cast<double>(model == "gnmt" ? 2 * seq_len : seq_len);
}

// Samples counted per sample trained by a benchmark that counts its whole epoch (`epoch_samples`)
// over the batches it trained: each of the `gpus` workers takes its share of the epoch, splits it
// into batches of `per_gpu_batch` and drops the last. The epoch's data preparation (negative
// sampling, a shuffle) is left out: a few memory passes over the epoch's indices, milliseconds
// against an epoch's hundreds.
double counted_per_trained(std::int64_t epoch_samples, std::int64_t gpus, std::int64_t per_gpu_batch,
                           const std::string& what) {
  const std::int64_t per_worker = epoch_samples / gpus;
  const std::int64_t batches = (per_worker + per_gpu_batch - 1) / per_gpu_batch - 1;
  if (batches < 1) throw std::runtime_error(what + ": one batch per epoch, which the benchmark drops");
  return static_cast<double>(epoch_samples) / static_cast<double>(batches * per_gpu_batch * gpus);
}

// The precision a row's benchmark trained in: the benchmark picks its configuration by the GPU's
// memory, and the 80 GB one starts NCF's fp16 task without --amp (Row::trained_precision).
std::string trained_precision(const std::string& model, const std::string& precision, const GpuSpec& gpu) {
  const std::int64_t gib = std::int64_t{1} << 30;
  const bool ncf_without_amp = model == "ncf" && precision == "amp-fp16" && gpu.memory_bytes == 80 * gib;
  return ncf_without_amp ? "fp32" : precision;
}

// A blank batch: the same GPU's at another GPU count, else a GPU with as much memory (the
// benchmark sizes the batch by the GPU's memory).
void fill_blank_batches(std::vector<Row>& rows, const Catalogs& catalogs) {
  const auto memory_of = [&](const Row& row) { return catalogs.find_gpu(row.gpu)->memory_bytes; };
  for (Row& row : rows) {
    if (row.per_gpu_batch > 0) continue;
    const Row* donor = nullptr;
    for (const Row& other : rows) {
      if (other.per_gpu_batch <= 0 || other.batch_source != "published" || other.model != row.model ||
          other.precision != row.precision) continue;
      if (other.gpu == row.gpu) { donor = &other; break; }
      if (!donor && memory_of(other) == memory_of(row)) donor = &other;
    }
    if (!donor) throw std::runtime_error("no batch size for " + row.hardware + " " + row.model);
    row.per_gpu_batch = donor->per_gpu_batch;
    row.batch_source = "from " + donor->hardware;
  }
}

// The PCIe link between a GPU and its host, by architecture (both directions together): Volta and
// Turing boards are PCIe 3.0 x16, Ampere and Ada 4.0 x16, Hopper 5.0 x16 (NVIDIA's datasheets;
// the SXM modules' host link is the same generation as the PCIe cards').
double host_link_bytes_per_s(const std::string& architecture) {
  if (architecture == "volta" || architecture == "turing") return 32e9;
  if (architecture == "hopper") return 128e9;
  return 64e9;
}

}  // namespace

std::vector<Row> load_rows(const std::string& csv_path, const std::string& models_dir, const Catalogs& catalogs) {
  std::ifstream in(csv_path);
  if (!in) throw std::runtime_error("cannot read " + csv_path);
  std::string line;
  std::getline(in, line);  // header: hardware,gpus,precision,model,throughput,unit,global_batch,source
  std::map<std::string, ModelDescription> models;
  std::vector<Row> rows;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto f = split_csv(line);
    if (f.size() < 7) throw std::runtime_error(csv_path + ":" + std::to_string(number) + ": expected 8 fields");
    Row row;
    row.hardware = f[0];
    const GpuSpec& gpu = catalog_gpu(row.hardware, catalogs);
    row.gpu = gpu.name;
    row.architecture = gpu.architecture;
    row.gpus = std::stoll(f[1]);
    row.precision = f[2];
    row.model = f[3];
    row.published = std::stod(f[4]);
    row.unit = f[5];
    if (!f[6].empty()) {
      row.per_gpu_batch = std::stoll(f[6]) / row.gpus;
      row.batch_source = "published";
    }
    if (!models.count(row.model)) models[row.model] = load_model(models_dir + "/" + row.model + ".toml");
    row.items_per_sample = items_per_sample(row.model, row.unit, models[row.model]);
    row.trained_precision = trained_precision(row.model, row.precision, gpu);
    row.all_reduces_gradients = row.model.rfind("transformerxl", 0) != 0;
    row.allreduce_link_bytes_per_s = host_link_bytes_per_s(row.architecture);
    rows.push_back(std::move(row));
  }
  fill_blank_batches(rows, catalogs);
  for (Row& row : rows) {
    ModelDescription model = models[row.model];
    if (row.model == "ncf") {
      row.counted_per_trained = counted_per_trained(model.training.samples, row.gpus, row.per_gpu_batch,
                                                    row.hardware + " " + row.model);
    }
    model.training.batch_size = row.all_reduces_gradients ? row.per_gpu_batch * row.gpus : row.per_gpu_batch;
    // NVIDIA's PyTorch containers run fp32 matmuls and convolutions in TF32 where the GPU has it.
    model.training.precision = row.trained_precision == "amp-fp16" ? "fp16" : "tf32";
    row.workload = build_workload(model);
  }
  return rows;
}

double items_per_step(const Row& row) {
  return static_cast<double>(row.per_gpu_batch * row.gpus) * row.items_per_sample;
}

double trained_throughput(const Row& row) { return row.published / row.counted_per_trained; }

double published_scaling(const Row& row, const std::vector<Row>& rows) {
  for (const Row& one : rows) {
    if (one.gpus == 1 && one.gpu == row.gpu && one.model == row.model && one.precision == row.precision) {
      return trained_throughput(row) / static_cast<double>(row.gpus) / trained_throughput(one);
    }
  }
  return 0;
}

}  // namespace advise::calibration
