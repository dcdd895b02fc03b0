#include "core/analysis/agent_service.h"

namespace hotline {

std::optional<double> AgentServiceRow::satisfaction_rate() const {
  if (evaluated == 0) return std::nullopt;
  return static_cast<double>(satisfied + basically_satisfied) / evaluated;
}

std::optional<double> AgentServiceRow::evaluation_rate() const {
  if (calls == 0) return std::nullopt;
  return static_cast<double>(evaluated) / calls;
}

bool AgentServiceFigures::in_window(Instant at) const {
  return (!from_ || at >= *from_) && (!to_ || at < *to_);
}

AgentServiceRow& AgentServiceFigures::row(const std::string& agent) {
  AgentServiceRow& r = rows_[agent];
  r.agent = agent;
  return r;
}

void AgentServiceFigures::add(const Event& e) {
  if (const auto* c = std::get_if<ConductComplaintFiled>(&e.body)) {
    // Remembered whatever its date: the handling may fall in the window.
    complaints_[e.stream] = c->staff_member;
    if (in_window(e.at)) ++row(c->staff_member).conduct_complaints;
    return;
  }
  if (!in_window(e.at)) return;
  if (std::holds_alternative<RequestRegistered>(e.body)) {
    if (e.actor.role == Role::kAgent) ++row(e.actor.id).calls;
  } else if (const auto* a = std::get_if<AgentServiceEvaluated>(&e.body)) {
    AgentServiceRow& r = row(a->agent);
    ++r.evaluated;
    switch (a->satisfaction) {
      case Satisfaction::kSatisfied:
        ++r.satisfied;
        break;
      case Satisfaction::kBasicallySatisfied:
        ++r.basically_satisfied;
        break;
      case Satisfaction::kDissatisfied:
        ++r.dissatisfied;
        break;
    }
  } else if (const auto* h = std::get_if<ConductComplaintHandled>(&e.body)) {
    auto it = complaints_.find(e.stream);
    if (it != complaints_.end() && h->finding != ComplaintFinding::kUnsubstantiated) {
      ++row(it->second).conduct_complaints_substantiated;
    }
  }
}

std::vector<AgentServiceRow> AgentServiceFigures::rows() const {
  std::vector<AgentServiceRow> out;
  out.reserve(rows_.size());
  for (const auto& [agent, r] : rows_) out.push_back(r);
  return out;
}

}  // namespace hotline
