#pragma once
// INT-7 [R14(1)] figures per agent: calls taken (requests an agent
// registered), evaluations of the agent's service after the call and their
// satisfaction, and complaints about the agent's conduct (INT-6 [M14]) with
// how many the office found substantiated. Folded from the event log alone
// (the registering actor, agent-service-evaluated, conduct-complaint-*), so
// any window of the log gives the figures of that window.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/work_order/events.h"

namespace hotline {

struct AgentServiceRow {
  std::string agent;  // account id
  int calls = 0;      // requests the agent registered
  int evaluated = 0;
  int satisfied = 0;
  int basically_satisfied = 0;
  int dissatisfied = 0;
  int conduct_complaints = 0;
  int conduct_complaints_substantiated = 0;  // fully or partly

  // (satisfied + basically satisfied) / evaluated; empty without evaluations.
  std::optional<double> satisfaction_rate() const;
  // evaluated / calls; empty without calls.
  std::optional<double> evaluation_rate() const;
};

class AgentServiceFigures {
 public:
  // Events in log order; events of other kinds are ignored. Events dated
  // outside [from, to) are ignored when a window is set.
  void add(const Event& e);
  void set_window(std::optional<Instant> from, std::optional<Instant> to) {
    from_ = from;
    to_ = to;
  }
  // One row per agent, ordered by agent id.
  std::vector<AgentServiceRow> rows() const;

 private:
  bool in_window(Instant at) const;
  AgentServiceRow& row(const std::string& agent);

  std::optional<Instant> from_;
  std::optional<Instant> to_;
  std::map<std::string, AgentServiceRow> rows_;
  // Open conduct complaints: request number → the staff member complained about.
  std::map<std::string, std::string> complaints_;
};

}  // namespace hotline
