// The gradient tests' one check: central finite differences in double
// against an analytic gradient (used by the layer, network and knob tests).
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>

namespace bnlab_test {

// Largest |analytic - numeric| / max(1, |analytic|, |numeric|) over v's n
// entries; f() is the loss at the current v.
inline double fd_error(double* v, int n, const double* analytic, const std::function<double()>& f) {
  double worst = 0;
  const double h = 1e-6;
  for (int i = 0; i < n; ++i) {
    const double keep = v[i];
    v[i] = keep + h;
    const double fp = f();
    v[i] = keep - h;
    const double fm = f();
    v[i] = keep;
    const double num = (fp - fm) / (2 * h);
    worst = std::max(worst, std::abs(num - analytic[i]) / std::max({1.0, std::abs(num), std::abs(analytic[i])}));
  }
  return worst;
}

}  // namespace bnlab_test
