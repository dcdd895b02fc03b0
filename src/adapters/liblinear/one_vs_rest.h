#pragma once
// One-vs-rest linear models trained with liblinear (Debian's liblinear 2.3):
// one binary L2-regularised logistic regression or L2-loss SVM per label,
// the labels spread over threads (liblinear itself is single-threaded).
// The weights are copied out of liblinear, so prediction needs only this
// struct and no liblinear call.

#include <cstddef>
#include <string>
#include <vector>

#include "adapters/liblinear/tfidf_vectoriser.h"
#include "core/result.h"

namespace hotline::ml {

enum class LinearSolver {
  kLogisticRegression,  // liblinear L2R_LR (primal, deterministic)
  kSvm,                 // liblinear L2R_L2LOSS_SVC_DUAL (faster; random order)
};

struct OneVsRest {
  std::size_t features = 0, labels = 0;
  std::vector<float> weights;  // features × labels, row-major by feature
  std::vector<float> bias;     // per label

  // The decision value of every label for `x`.
  std::vector<double> decide(const SparseVector& x) const;
};

// `y[i]` is the label index (0..labels-1) of `x[i]`. C is the inverse of the
// regularisation strength.
Result<OneVsRest> train_one_vs_rest(const std::vector<SparseVector>& x, const std::vector<int>& y,
                                    std::size_t features, std::size_t labels, LinearSolver solver,
                                    double c, int threads);

}  // namespace hotline::ml
