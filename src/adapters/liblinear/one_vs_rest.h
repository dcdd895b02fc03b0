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
//
// `nb_alpha` > 0 scales the features of each label's binary problem by their
// log-count ratio (NB-SVM, Wang & Manning 2012): r_kj = ln(p_kj / |p_k|₁) −
// ln(q_kj / |q_k|₁), p_k = alpha + the sum of feature j over messages of
// label k, q_k the same over the other messages. A term typical of one label
// weighs more in that label's model. The trained weights are multiplied by r,
// so prediction (and the model file) stays a plain dot product.
Result<OneVsRest> train_one_vs_rest(const std::vector<SparseVector>& x, const std::vector<int>& y,
                                    std::size_t features, std::size_t labels, LinearSolver solver,
                                    double c, int threads, double nb_alpha = 0);

}  // namespace hotline::ml
