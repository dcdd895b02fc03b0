#pragma once
// Confidences from decision values: softmax(d / T). One temperature T,
// fitted on messages the model was not trained on, turns one-vs-rest
// scores into probabilities that match how often the model is right
// (temperature scaling, Guo et al. 2017).

#include <vector>

namespace hotline::ml {

std::vector<double> softmax(const std::vector<double>& decision, double temperature);

// The T minimising the log-loss of `truth[i]` (a label index) under
// softmax(decisions[i] / T); 1 when there is nothing to fit.
double fit_temperature(const std::vector<std::vector<double>>& decisions,
                       const std::vector<int>& truth);

}  // namespace hotline::ml
