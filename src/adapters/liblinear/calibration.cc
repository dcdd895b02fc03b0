#include "adapters/liblinear/calibration.h"

#include <algorithm>
#include <cmath>

namespace hotline::ml {

std::vector<double> softmax(const std::vector<double>& decision, double temperature) {
  std::vector<double> p(decision.size());
  if (decision.empty()) return p;
  const double top = *std::max_element(decision.begin(), decision.end());
  double sum = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    p[k] = std::exp((decision[k] - top) / temperature);
    sum += p[k];
  }
  for (auto& v : p) v /= sum;
  return p;
}

double fit_temperature(const std::vector<std::vector<double>>& decisions,
                       const std::vector<int>& truth) {
  if (decisions.empty()) return 1.0;
  auto loss = [&](double log_t) {
    const double t = std::exp(log_t);
    double sum = 0;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
      const auto p = softmax(decisions[i], t);
      sum -= std::log(std::max(p[static_cast<std::size_t>(truth[i])], 1e-12));
    }
    return sum;
  };
  // The log-loss is unimodal in log T: golden-section search on [e^-6, e^4].
  double lo = -6, hi = 4;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
  double fa = loss(a), fb = loss(b);
  for (int i = 0; i < 40; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = loss(b);
    }
  }
  return std::exp((lo + hi) / 2);
}

}  // namespace hotline::ml
