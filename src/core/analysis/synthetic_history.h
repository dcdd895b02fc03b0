#pragma once
// A synthetic event history for tests and benchmarks (bench/analysis_bench):
// requests registered over a run of days, each dispatched to one unit and
// taken through acceptance, reply, return visit and sometimes return,
// supervision, handling again and appeal — events the fold accepts, with
// lateness, findings and dissatisfaction at configurable rates. Deterministic
// for a seed; no I/O. Applicants are "synthetic" (no personal data).

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/work_order/events.h"

namespace hotline::analysis {

struct SyntheticOptions {
  std::uint64_t seed = 1;
  LocalDate start{};
  int days = 30;
  int requests_per_day = 100;
  std::vector<std::string> units;       // lead units to choose from
  std::vector<std::string> districts;   // unit ids of districts
  std::vector<std::string> categories;  // category paths
  double late_accept = 0.1;
  double late_reply = 0.1;
  double reply_findings = 0.1;
  double returned = 0.05;
  double supervised = 0.05;
  double dissatisfied = 0.15;
  double sent_back = 0.4;  // of the dissatisfied
  double appealed = 0.5;   // of the finally dissatisfied
  double upheld = 0.5;     // of the appealed
};

class SyntheticHistory {
 public:
  explicit SyntheticHistory(SyntheticOptions options);
  // The events of the next request and its work order, each stream in
  // version order and every event later than the one before it; false when
  // all requests were produced.
  bool next(std::vector<Event>& out);
  std::int64_t produced() const { return produced_; }

 private:
  SyntheticOptions o_;
  std::mt19937_64 rng_;
  int day_ = 0;
  int in_day_ = 0;
  std::int64_t produced_ = 0;
};

}  // namespace hotline::analysis
