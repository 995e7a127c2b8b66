// A framework calibration as the bundled script reports it: which BLAS the framework calls
// (from its build configuration and the libraries it loaded), the warning for the reference
// BLAS, every figure checked (probe_cache_test keeps one in the cache).

#include <boost/test/unit_test.hpp>

#include "probes/framework_calibration.hpp"

using namespace advise;

namespace {

// torch.__config__.show() of Debian's PyTorch: it names no BLAS of its own.
const char* kDebianConfig =
    "PyTorch built with:\n  - GCC 12.2\n  - Build settings: BLAS_INFO=generic, BUILD_TYPE=RelWithDebInfo, "
    "LAPACK_INFO=generic, USE_MKLDNN=ON, USE_OPENMP=ON,\n";

nlohmann::json script_output(const std::vector<std::string>& libraries) {
  return {{"framework", "pytorch"},
          {"version", "1.13.1"},
          {"threads", 2},
          {"config", kDebianConfig},
          {"blas_libraries", libraries},
          {"seconds", 0.5},
          {"costs", {{"dense", 17e-6}, {"step", 31e-6}, {"optimizer_adam", 18e-6}, {"gelu_elements_per_second", 8e8}}}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(framework_calibration)

BOOST_AUTO_TEST_CASE(the_blas_is_told_from_the_loaded_libraries_and_the_build) {
  BOOST_TEST(classify_blas(kDebianConfig, {"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"}) == "openblas");
  BOOST_TEST(classify_blas(kDebianConfig, {"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"}) == "reference");
  BOOST_TEST(classify_blas(kDebianConfig, {"/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3"}) == "blis");
  BOOST_TEST(classify_blas("Build settings: BLAS_INFO=mkl, LAPACK_INFO=mkl", {}) == "mkl");
  BOOST_TEST(classify_blas(kDebianConfig, {}) == "unknown");
}

BOOST_AUTO_TEST_CASE(the_reference_blas_is_warned_about_with_the_fix) {
  const nlohmann::json output = script_output({"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"});
  const FrameworkCalibration calibration = calibration_from_script_json(JsonFields(output, ""));
  BOOST_TEST(calibration.blas == "reference");
  BOOST_TEST(calibration.calls_system_blas());
  const std::string warning = blas_warning(calibration.blas);
  BOOST_TEST(warning.find("reference BLAS") != std::string::npos);
  BOOST_TEST(warning.find("apt install libopenblas0-pthread") != std::string::npos);
  BOOST_TEST(blas_warning("openblas").empty());
  BOOST_TEST(calibration.description() == "PyTorch 1.13.1 (the reference BLAS, 2 threads)");
}

BOOST_AUTO_TEST_CASE(every_figure_is_checked_with_its_path) {
  nlohmann::json output = script_output({});
  output["costs"]["dense"] = -1e-6;
  BOOST_CHECK_EXCEPTION(calibration_from_script_json(JsonFields(output, "")), JsonFieldError,
                        [](const JsonFieldError& e) { return std::string(e.what()).find("costs.dense") == 0; });
  output = script_output({});
  output["costs"]["step"] = 3.0;  // three seconds of framework time a step: a wrong figure
  BOOST_CHECK_EXCEPTION(calibration_from_script_json(JsonFields(output, "")), JsonFieldError,
                        [](const JsonFieldError& e) { return std::string(e.what()).find("costs.step") == 0; });
  output = script_output({});
  output.erase("version");
  BOOST_CHECK_THROW(calibration_from_script_json(JsonFields(output, "")), JsonFieldError);
}

BOOST_AUTO_TEST_SUITE_END()
