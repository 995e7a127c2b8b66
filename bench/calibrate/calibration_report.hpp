#pragma once
// What bench/run-calibration prints: markdown tables of the calibration's errors.

#include <vector>

#include "bench/calibrate/calibration_rows.hpp"
#include "pricing/catalog.hpp"

namespace advise::calibration {

// The p-th quantile of values (0 to 1), linearly interpolated.
double percentile(std::vector<double> values, double p);

// The rows left out, each with its reason.
void print_excluded(const std::vector<Row>& rows);

// Where the rows are predicted otherwise than their labels say, as the benchmark ran them: the
// samples it counts per sample trained, the precision it trained in.
void print_as_run(const std::vector<Row>& rows);

// Median and max absolute error per GPU, per model and over all used rows: in sample, leave one
// GPU out, leave one model out (errors[i] belongs to rows[i]).
void print_error_tables(const std::vector<Row>& rows, const std::vector<double>& in_sample,
                        const std::vector<double>& without_gpu, const std::vector<double>& without_model);

// Predicted against published scaling efficiency of ResNet-50 and Transformer-XL base at 8 GPUs.
void print_scaling(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants);

// What fp16 AMP gains over fp32 on one GPU, published against predicted, per host and model: a gain
// missed on some boards or models and not others shows what the shared constants leave out.
void print_precision_gains(const std::vector<Row>& rows, const Catalogs& catalogs,
                           const PredictionConstants& constants);

// The bands of a from-specs time: the 10th and 90th percentiles of actual over predicted step
// time in the leave-one-GPU-out run, for the models without recurrent layers and for those with.
void print_band(const std::vector<Row>& rows, const std::vector<double>& without_gpu);

// How many multi-GPU rows that all-reduce (the left-out ones too) have their published step within
// the band of the constants fitted on all rows, with the slow end allreduce_slow_share gives and
// without it.
void print_multi_gpu_band(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants);

// Every row: published and predicted throughput, the in-sample error, the errors when its GPU
// and its model were left out of the fit, and the step's parts.
void print_rows(const std::vector<Row>& rows, const Catalogs& catalogs, const PredictionConstants& constants,
                const std::vector<double>& without_gpu, const std::vector<double>& without_model);

// The fitted constants, as the [prediction] and [[gpu_architecture]] TOML they belong in.
void print_constants(const PredictionConstants& constants);

}  // namespace advise::calibration
