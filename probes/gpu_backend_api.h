/* The C interface between advise and its GPU backend module
 * (libadvise_gpu_backend.so), which is loaded with dlopen so that one advise
 * binary runs on machines without a driver or without the CUDA libraries.
 * Plain C types only: the module and the binary are built together but the
 * interface must not depend on either side's C++ types. */
#ifndef ADVISE_GPU_BACKEND_API_H
#define ADVISE_GPU_BACKEND_API_H

#ifdef __cplusplus
extern "C" {
#endif

#define ADVISE_GPU_BACKEND_ABI 1

enum advise_gpu_dtype { ADVISE_GPU_FP32 = 0, ADVISE_GPU_TF32 = 1, ADVISE_GPU_BF16 = 2, ADVISE_GPU_FP16 = 3 };
enum advise_gpu_library { ADVISE_GPU_CUBLASLT = 0, ADVISE_GPU_OWN_KERNEL = 1 };
enum advise_gpu_status { ADVISE_GPU_OK = 0, ADVISE_GPU_FAILED = 1, ADVISE_GPU_OUT_OF_MEMORY = 2, ADVISE_GPU_UNSUPPORTED = 3 };

struct advise_gpu_device {
  char name[256];
  int compute_major;
  int compute_minor;
  int sm_count;
  int sm_clock_khz;
  long long memory_bytes;
  long long free_memory_bytes;
  int memory_clock_khz;
  int memory_bus_bits;
  int driver_version;   /* e.g. 13000 */
  int runtime_version;
};

struct advise_gpu_gemm_request {
  long long m, n, k;
  int a_transposed, b_transposed; /* row-major storage, as the CPU probe */
  int dtype;                      /* enum advise_gpu_dtype */
  int library;                    /* enum advise_gpu_library */
  double budget_s;
  int verify_samples;
};

struct advise_gpu_gemm_result {
  int status; /* enum advise_gpu_status */
  double seconds_median, seconds_min, seconds_max;
  int samples;
  int verified;
  double max_relative_error;
  char reason[256];
};

/* ADVISE_GPU_BACKEND_ABI of the module. */
int advise_gpu_abi_version(void);
/* 0 and the device's facts, or the cudaError_t that stopped discovery. */
int advise_gpu_discover(struct advise_gpu_device* device);
/* Times one GEMM (CUDA events, warm-up, samples until the budget) and checks it. */
void advise_gpu_time_gemm(const struct advise_gpu_gemm_request* request, struct advise_gpu_gemm_result* result);
/* Device memory bandwidth from a triad, bytes per second; 0 on failure (reason filled). */
double advise_gpu_triad(double budget_s, char* reason, int reason_size);

#ifdef __cplusplus
}
#endif

#endif
