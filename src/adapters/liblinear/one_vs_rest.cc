#include "adapters/liblinear/one_vs_rest.h"

#include <linear.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>

namespace hotline::ml {
namespace {

// liblinear prints progress to standard output, which carries predictions.
void quiet(const char*) {}

struct ModelDeleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

}  // namespace

std::vector<double> OneVsRest::decide(const SparseVector& x) const {
  std::vector<double> d(bias.begin(), bias.end());
  for (const auto& [id, value] : x) {
    if (id >= features) continue;
    const float* row = &weights[static_cast<std::size_t>(id) * labels];
    for (std::size_t k = 0; k < labels; ++k) d[k] += static_cast<double>(row[k]) * value;
  }
  return d;
}

Result<OneVsRest> train_one_vs_rest(const std::vector<SparseVector>& x, const std::vector<int>& y,
                                    std::size_t features, std::size_t labels, LinearSolver solver,
                                    double c, int threads, double nb_alpha) {
  if (x.empty() || x.size() != y.size() || labels < 2 || !(c > 0) || threads < 1 || nb_alpha < 0) {
    return fail(Error::invalid("options", "training needs messages, two labels, C > 0, alpha >= 0",
                               "训练需要消息、至少两个标签、C > 0 且 alpha 不为负"));
  }
  set_print_string_function(&quiet);
  // liblinear rows: 1-based indices, a bias feature (index features+1), -1 ends.
  std::vector<std::vector<feature_node>> nodes(x.size());
  std::vector<feature_node*> rows(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    nodes[i].reserve(x[i].size() + 2);
    for (const auto& [id, value] : x[i]) {
      nodes[i].push_back({static_cast<int>(id) + 1, static_cast<double>(value)});
    }
    nodes[i].push_back({static_cast<int>(features) + 1, 1.0});
    nodes[i].push_back({-1, 0.0});
    rows[i] = nodes[i].data();
  }
  // Per label, the sum of each feature over its messages (NB scaling).
  std::vector<std::vector<double>> label_sum;
  std::vector<double> total;
  if (nb_alpha > 0) {
    label_sum.assign(labels, std::vector<double>(features, 0.0));
    total.assign(features, 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (y[i] < 0 || static_cast<std::size_t>(y[i]) >= labels) continue;
      for (const auto& [id, value] : x[i]) {
        if (id >= features) continue;
        label_sum[static_cast<std::size_t>(y[i])][id] += value;
        total[id] += value;
      }
    }
  }
  OneVsRest m;
  m.features = features;
  m.labels = labels;
  m.weights.assign(features * labels, 0.0f);
  m.bias.assign(labels, 0.0f);

  parameter param{};
  param.solver_type = solver == LinearSolver::kSvm ? L2R_L2LOSS_SVC_DUAL : L2R_LR;
  param.eps = solver == LinearSolver::kSvm ? 0.1 : 0.01;  // liblinear's defaults
  param.C = c;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    std::vector<double> target(x.size());
    std::vector<double> ratio;
    std::vector<std::vector<feature_node>> scaled;
    std::vector<feature_node*> scaled_rows;
    for (std::size_t k; (k = next++) < labels;) {
      for (std::size_t i = 0; i < y.size(); ++i) target[i] = y[i] == static_cast<int>(k) ? 1 : -1;
      problem prob{};
      prob.l = static_cast<int>(x.size());
      prob.n = static_cast<int>(features) + 1;
      prob.y = target.data();
      prob.x = rows.data();
      if (nb_alpha > 0) {
        const auto& p = label_sum[k];
        double p_norm = 0, q_norm = 0;
        for (std::size_t f = 0; f < features; ++f) {
          p_norm += nb_alpha + p[f];
          q_norm += nb_alpha + (total[f] - p[f]);
        }
        ratio.resize(features);
        for (std::size_t f = 0; f < features; ++f) {
          ratio[f] = std::log((nb_alpha + p[f]) / p_norm) -
                     std::log((nb_alpha + std::max(0.0, total[f] - p[f])) / q_norm);
        }
        // The rows again, scaled (the bias feature and the end mark are not).
        scaled = nodes;
        scaled_rows.resize(scaled.size());
        for (std::size_t i = 0; i < scaled.size(); ++i) {
          for (auto& node : scaled[i]) {
            if (node.index >= 1 && static_cast<std::size_t>(node.index) <= features) {
              node.value *= ratio[static_cast<std::size_t>(node.index) - 1];
            }
          }
          scaled_rows[i] = scaled[i].data();
        }
        prob.x = scaled_rows.data();
      }
      prob.bias = -1;  // the bias feature is already in the rows
      if (check_parameter(&prob, &param) != nullptr) {
        failed = true;
        return;
      }
      std::unique_ptr<model, ModelDeleter> trained(::train(&prob, &param));
      // A label absent from the data gives a one-class model: no evidence for it.
      if (!trained || trained->nr_class != 2) continue;
      // liblinear's weights favour its first label, the first one it saw.
      const double sign = trained->label[0] == 1 ? 1.0 : -1.0;
      for (std::size_t f = 0; f < features; ++f) {
        const double r = nb_alpha > 0 ? ratio[f] : 1.0;
        m.weights[f * labels + k] = static_cast<float>(sign * trained->w[f] * r);
      }
      m.bias[k] = static_cast<float>(sign * trained->w[features]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failed) return fail(Error::invalid("options", "liblinear refused the parameters"));
  return m;
}

}  // namespace hotline::ml
