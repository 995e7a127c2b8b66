#pragma once
// Sets what the stand-in GPU backend module (fake_gpu_backend.cpp) answers, for one test:
// ADVISE_FAKE_GPU while the object lives, cleared after.

#include <cstdlib>

namespace advise::testing {

struct FakeGpu {
  explicit FakeGpu(const char* settings) { ::setenv("ADVISE_FAKE_GPU", settings, 1); }
  ~FakeGpu() { ::unsetenv("ADVISE_FAKE_GPU"); }
  FakeGpu(const FakeGpu&) = delete;
  FakeGpu& operator=(const FakeGpu&) = delete;
};

}  // namespace advise::testing
