#pragma once
// Scenario files: JSON lines of timestamped actions replayed on a fake clock
// (`hotline simulate`). Each rule family has one under scenarios/, readable
// line by line against the regulation. A line:
//
//   {"at": "2026-03-02T09:00:00+08:00", "by": "unit-staff@district.heping",
//    "do": "apply-extension", "on": "$r1-1", "args": {...}, "reason": "…",
//    "expect": {"refused": "EXT-1", "article": "R12"}, "note": "R12 …"}
//
// "do" is a command of the command table (application/command_table.h), "check" (compare the
// state of "on" with "expect") or "sweep". "$r1" names the request a
// "register" line gave "ref": "r1"; "$r1-2" its second work order. Blank
// lines and lines starting with '#' are ignored.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "application/work_orders.h"
#include "core/clock.h"

namespace hotline {

struct ScenarioStep {
  int line = 0;
  std::optional<Instant> at;
  std::string action;
  std::string target;
  std::string by;
  std::string reason;
  std::string ref;
  std::optional<std::int64_t> expected_version;
  nlohmann::json args = nlohmann::json::object();
  nlohmann::json expect;  // null: "ok"
};

// Strict: unknown members, bad times and unknown actions name the line.
Result<std::vector<ScenarioStep>> parse_scenario(std::string_view text, std::string_view file_name);

struct ScenarioReport {
  nlohmann::json output;              // requests, work orders, refusals, supervisions
  std::vector<std::string> failures;  // expectations not met, with their line
};

// Replays the steps through the work-order use cases of the composition root
// (the server's rules, hooks, role checks and audit). Time only moves
// forward; each step's outcome is checked against its expectation.
Result<ScenarioReport> run_scenario(const std::vector<ScenarioStep>& steps, WorkOrders& work_orders,
                                    FakeClock& clock, std::string_view file_name);

}  // namespace hotline
