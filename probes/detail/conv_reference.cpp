#include "probes/detail/conv_reference.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

namespace advise::detail {
namespace {

// The plain tensors of `run` by their indices, and the sizes the passes loop over.
struct PlainView {
  const ConvShape& s;
  std::int64_t oh_n, ow_n, ic_per_group, oc_per_group;

  explicit PlainView(const ConvShape& shape)
      : s(shape), oh_n(shape.out_height()), ow_n(shape.out_width()), ic_per_group(shape.in_channels / shape.groups),
        oc_per_group(shape.out_channels / shape.groups) {}
  double src(const std::vector<float>& v, std::int64_t n, std::int64_t c, std::int64_t y, std::int64_t x) const {
    return static_cast<double>(v[static_cast<std::size_t>(((n * s.in_channels + c) * s.height + y) * s.width + x)]);
  }
  double dst(const std::vector<float>& v, std::int64_t n, std::int64_t c, std::int64_t y, std::int64_t x) const {
    return static_cast<double>(v[static_cast<std::size_t>(((n * s.out_channels + c) * oh_n + y) * ow_n + x)]);
  }
  double weight(const std::vector<float>& v, std::int64_t oc, std::int64_t icg, std::int64_t ky, std::int64_t kx) const {
    return static_cast<double>(v[static_cast<std::size_t>(((oc * ic_per_group + icg) * s.kernel + ky) * s.kernel + kx)]);
  }
};

// dst[n, oc, oy, ox] from the source and the weights.
Reference forward_entry(const ConvRun& run, const PlainView& v, std::int64_t index) {
  const ConvShape& s = v.s;
  const std::int64_t ox = index % v.ow_n, oy = index / v.ow_n % v.oh_n, oc = index / (v.ow_n * v.oh_n) % s.out_channels,
                     n = index / (v.ow_n * v.oh_n * s.out_channels);
  const std::int64_t group = oc / v.oc_per_group;
  Reference r;
  for (std::int64_t icg = 0; icg < v.ic_per_group; ++icg) {
    for (std::int64_t ky = 0; ky < s.kernel; ++ky) {
      for (std::int64_t kx = 0; kx < s.kernel; ++kx) {
        const std::int64_t y = oy * s.stride - s.padding + ky, x = ox * s.stride - s.padding + kx;
        if (y < 0 || y >= s.height || x < 0 || x >= s.width) continue;
        r.add(v.src(run.input(0), n, group * v.ic_per_group + icg, y, x), v.weight(run.input(1), oc, icg, ky, kx));
      }
    }
  }
  return r;
}

// diff_src[n, ic, y, x] from the output gradient and the weights.
Reference backward_data_entry(const ConvRun& run, const PlainView& v, std::int64_t index) {
  const ConvShape& s = v.s;
  const std::int64_t x = index % s.width, y = index / s.width % s.height, ic = index / (s.width * s.height) % s.in_channels,
                     n = index / (s.width * s.height * s.in_channels);
  const std::int64_t group = ic / v.ic_per_group;
  Reference r;
  for (std::int64_t ocg = 0; ocg < v.oc_per_group; ++ocg) {
    const std::int64_t oc = group * v.oc_per_group + ocg;
    for (std::int64_t ky = 0; ky < s.kernel; ++ky) {
      for (std::int64_t kx = 0; kx < s.kernel; ++kx) {
        const std::int64_t ty = y + s.padding - ky, tx = x + s.padding - kx;
        if (ty < 0 || tx < 0 || ty % s.stride != 0 || tx % s.stride != 0) continue;
        const std::int64_t oy = ty / s.stride, ox = tx / s.stride;
        if (oy >= v.oh_n || ox >= v.ow_n) continue;
        r.add(v.dst(run.input(0), n, oc, oy, ox), v.weight(run.input(1), oc, ic % v.ic_per_group, ky, kx));
      }
    }
  }
  return r;
}

// diff_weights[oc, icg, ky, kx] from the source and the output gradient.
Reference backward_weights_entry(const ConvRun& run, const PlainView& v, std::int64_t index) {
  const ConvShape& s = v.s;
  const std::int64_t kx = index % s.kernel, ky = index / s.kernel % s.kernel,
                     icg = index / (s.kernel * s.kernel) % v.ic_per_group,
                     oc = index / (s.kernel * s.kernel * v.ic_per_group);
  const std::int64_t ic = oc / v.oc_per_group * v.ic_per_group + icg;
  Reference r;
  for (std::int64_t n = 0; n < s.batch; ++n) {
    for (std::int64_t oy = 0; oy < v.oh_n; ++oy) {
      for (std::int64_t ox = 0; ox < v.ow_n; ++ox) {
        const std::int64_t y = oy * s.stride - s.padding + ky, x = ox * s.stride - s.padding + kx;
        if (y < 0 || y >= s.height || x < 0 || x >= s.width) continue;
        r.add(v.dst(run.input(1), n, oc, oy, ox), v.src(run.input(0), n, ic, y, x));
      }
    }
  }
  return r;
}

}  // namespace

Reference reference_entry(const ConvRun& run, std::int64_t index) {
  const PlainView view(run.tensors().shape);
  switch (run.pass()) {
    case ConvPass::forward: return forward_entry(run, view, index);
    case ConvPass::backward_data: return backward_data_entry(run, view, index);
    case ConvPass::backward_weights: return backward_weights_entry(run, view, index);
  }
  return {};
}

std::string check(const ConvRun& run, const std::vector<float>& result, int samples, double& max_error) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> pick(0, static_cast<std::int64_t>(result.size()) - 1);
  max_error = 0;
  for (int i = 0; i < samples; ++i) {
    const std::int64_t index = pick(random);
    const Reference r = reference_entry(run, index);
    const double got = result[static_cast<std::size_t>(index)];
    // As for GEMMs (verify.cpp): fp32 sums off by about √terms·2⁻²⁴; 1e-3 catches one wrong unit product.
    const double error = std::abs(got - r.value) / std::max(r.magnitude, 1e-30);
    if (!(error <= 1e-3)) {
      std::ostringstream reason;
      reason << "result check failed at entry " << index << " of the " << to_string(run.pass()) << " output: expected "
             << r.value << ", got " << got;
      max_error = std::isnan(error) ? INFINITY : error;
      return reason.str();
    }
    max_error = std::max(max_error, error);
  }
  return "";
}

}  // namespace advise::detail
