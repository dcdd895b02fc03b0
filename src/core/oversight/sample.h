#pragma once
// EVA-4 [R22]: which closed work orders social supervisors see. R22 asks for
// a social supervision mechanism and names no numbers, so the sample's size
// is the office's setting under R22 (data/oversight.toml, with its source):
// of the work orders closed in a month, n = ceil(rate × closed) clamped to
// [minimum, maximum] (all of them when fewer are closed). The n chosen are
// those with the smallest keyed hash of (seed, month, work-order id): no
// randomness and no clock, so two calls over the same history agree, and
// nobody can steer a work order in or out without the seed. Once a month is
// over its sample is fixed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/projection.h"
#include "core/result.h"

namespace hotline::oversight {

struct SamplingRule {
  double rate = 0.05;
  std::int64_t minimum = 5;
  std::int64_t maximum = 50;
  std::string seed = "hotline";
  std::string article = "R22";
  std::string source;  // where the numbers come from, for the record
};
// The first broken rule, naming the key: rate in (0, 1], 0 ≤ minimum ≤ maximum.
Status validate(const SamplingRule& rule);

// FNV-1a, 64 bits: stable across platforms and runs.
std::uint64_t stable_hash(std::string_view text);

// The sample of `month` ("2026-11") from the projection's work orders closed
// in it (by their local closing day), those in memory and those it archived,
// sorted by work-order id.
Result<std::vector<std::string>> sample_closed(const analysis::AnalysisProjection& projection,
                                               std::string_view month, const SamplingRule& rule);

// The same from ids already known to be closed in the month (for tests and
// for stores without a projection).
std::vector<std::string> choose_sample(std::vector<std::string> closed, std::string_view month,
                                       const SamplingRule& rule);

}  // namespace hotline::oversight
