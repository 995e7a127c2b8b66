// The GPU backend's failure paths, which every machine without a GPU takes.

#include <boost/test/unit_test.hpp>

#include "probes/gpu_backend_loader.hpp"
#include "probes/gpu_probe.hpp"

using namespace advise;

BOOST_AUTO_TEST_SUITE(gpu_backend_loader)

BOOST_AUTO_TEST_CASE(each_discovery_error_has_a_users_reason) {
  BOOST_TEST(describe_discovery_error(35) == "no NVIDIA driver (none is installed, or it is older than the CUDA runtime)");
  BOOST_TEST(describe_discovery_error(34) == "no NVIDIA driver (only the CUDA stub library was found)");
  BOOST_TEST(describe_discovery_error(100) == "no CUDA device");
  BOOST_TEST(describe_discovery_error(101) == "no CUDA device usable (invalid device ordinal)");
  BOOST_TEST(describe_discovery_error(3) == "the NVIDIA driver failed to initialise");
  BOOST_TEST(describe_discovery_error(46) == "the CUDA device is busy or unavailable (exclusive compute mode?)");
  BOOST_TEST(describe_discovery_error(999) == "CUDA reported an unknown error while looking for a device");
  BOOST_TEST(describe_discovery_error(2) == "CUDA error 2 while looking for a device");
  BOOST_TEST(describe_discovery_error(0) == "");
}

BOOST_AUTO_TEST_CASE(missing_cuda_libraries_are_named_as_such) {
  BOOST_TEST(describe_load_error("/x/libadvise_gpu_backend.so",
                                 "libcublasLt.so.13: cannot open shared object file: No such file or directory") ==
             "CUDA libraries not found (libcublasLt.so.13: cannot open shared object file: No such file or directory)");
  BOOST_TEST(describe_load_error("/x/libadvise_gpu_backend.so", "libcudart.so.13: cannot open shared object file") ==
             "CUDA libraries not found (libcudart.so.13: cannot open shared object file)");
}

BOOST_AUTO_TEST_CASE(a_missing_module_means_a_build_without_gpu_support) {
  std::string reason;
  BOOST_TEST(!GpuBackend::load("/nonexistent/libadvise_gpu_backend.so", reason));
  BOOST_TEST(reason == "this build has no GPU backend (/nonexistent/libadvise_gpu_backend.so is missing)");
}

BOOST_AUTO_TEST_CASE(a_library_that_is_not_a_backend_is_refused) {
  std::string reason;
  BOOST_TEST(!GpuBackend::load("libm.so.6", reason));
  BOOST_TEST(reason == "libm.so.6 is not an advise GPU backend (its entry points are missing)");
}

#ifdef ADVISE_GPU_BACKEND_MODULE
BOOST_AUTO_TEST_CASE(the_real_module_loads_and_says_why_there_is_no_gpu_if_there_is_none) {
  std::string reason;
  std::unique_ptr<GpuProbe> gpu = GpuProbe::open(ADVISE_GPU_BACKEND_MODULE, reason);
  if (gpu) {
    BOOST_TEST(gpu->facts().sm_count > 0);  // a machine with a GPU
    BOOST_TEST(gpu->facts().peak_flops.at("fp32") > 0);
  } else {
    BOOST_TEST_MESSAGE("no GPU here: " << reason);
    BOOST_TEST(!reason.empty());
    BOOST_TEST(reason.find("CUDA error") == std::string::npos);  // a known cause, in words
  }
}
#endif

BOOST_AUTO_TEST_CASE(peak_from_architecture) {
  // H100 SXM at its 1.83 GHz boost: 132 SMs x 128 fp32 lanes x 2 FLOP = 61.84 TFLOP/s fp32;
  // dense bf16 on the tensor cores 989.4 TFLOP/s (NVIDIA's H100 datasheet: 989), tf32 half that.
  const auto h100 = gpu_peak_from_architecture(9, 0, 132, 1.83e9);
  BOOST_TEST(h100.at("fp32") == 61.83936e12, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(h100.at("bf16") == 989.42976e12, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(h100.at("tf32") == 494.71488e12, boost::test_tools::tolerance(1e-12));
  // V100: fp16 tensor cores, no bf16 or tf32.
  const auto v100 = gpu_peak_from_architecture(7, 0, 80, 1.53e9);
  BOOST_TEST(v100.count("fp16") == 1u);
  BOOST_TEST(v100.count("bf16") == 0u);
  BOOST_TEST(v100.count("tf32") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
