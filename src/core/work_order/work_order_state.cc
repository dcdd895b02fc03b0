#include "core/work_order/work_order_state.h"

#include <algorithm>

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<WorkOrderStatus, 7> kStatuses{{
    {WorkOrderStatus::kDispatched, "dispatched", "待接单"},
    {WorkOrderStatus::kAccepted, "accepted", "办理中"},
    {WorkOrderStatus::kReturnPending, "return-pending", "退回审核中"},
    {WorkOrderStatus::kAwaitingRedispatch, "awaiting-redispatch", "待转派"},
    {WorkOrderStatus::kReplied, "replied", "已办结待回访"},
    {WorkOrderStatus::kHandlingAgain, "handling-again", "再次办理中"},
    {WorkOrderStatus::kClosed, "closed", "已归档"},
}};
constexpr EnumTable<AppealStatus, 4> kAppeals{{
    {AppealStatus::kNone, "none", "无"},
    {AppealStatus::kFiled, "filed", "申诉审核中"},
    {AppealStatus::kUpheld, "upheld", "申诉成立"},
    {AppealStatus::kRejected, "rejected", "申诉不成立"},
}};

Status corrupt(const WorkOrderState& s, const Event& e) {
  return fail(Error::internal("work order " + s.id + ": event " + std::string(event_name(e.body)) +
                              " cannot follow state " + std::string(to_string(s.status)) +
                              " (version " + std::to_string(e.version) + ")"));
}

// Applies each event type; returns false when the event cannot follow the state.
struct Applier {
  WorkOrderState& s;
  const Event& e;

  bool operator()(const WorkOrderDispatched& d) const {
    if (s.version != 0) return false;
    s.id = e.stream;
    s.request = d.request;
    s.status = WorkOrderStatus::kDispatched;
    s.items = d.items;
    s.lead_unit = d.lead_unit;
    s.assisting_units = d.assisting_units;
    s.policy_profile = d.policy_profile;
    s.subject = d.subject;
    s.special_labels = d.special_labels;
    s.designated = d.designated;
    s.functional_matter = d.functional_matter;
    s.statutory_handle_due = d.statutory_handle_due;
    s.dispatched_at = e.at;
    s.accept_due = d.accept_due;
    s.return_due = d.return_due;
    s.return_due_complex = d.return_due_complex;
    s.handle_due = d.handle_due;
    s.handle_period = d.handle_period;
    s.handle_started_at = e.at;
    return true;
  }
  bool operator()(const WorkOrderAccepted& a) const {
    if (s.status != WorkOrderStatus::kDispatched) return false;
    s.status = WorkOrderStatus::kAccepted;
    s.accepted_at = e.at;
    if (a.handle_due) {
      s.handle_due = a.handle_due;
      s.handle_started_at = e.at;
    }
    return true;
  }
  bool operator()(const WorkOrderForwarded& f) const {
    if (s.status != WorkOrderStatus::kAccepted && s.status != WorkOrderStatus::kHandlingAgain) {
      return false;
    }
    s.handling_unit = f.to_unit;
    return true;
  }
  bool operator()(const ReturnApplied& r) const {
    if (s.status != WorkOrderStatus::kDispatched && s.status != WorkOrderStatus::kAccepted) {
      return false;
    }
    s.status_before_return = s.status;
    s.status = WorkOrderStatus::kReturnPending;
    s.pending_return = r;
    s.pending_return_unit = e.actor.unit;
    s.return_applied_at = e.at;
    s.return_reasons.push_back(r.reason);
    ++s.returns_applied;
    return true;
  }
  bool operator()(const ReturnApproved& r) const {
    if (s.status != WorkOrderStatus::kReturnPending) return false;
    ++s.returns_approved;
    s.earlier_units.push_back(s.lead_unit);
    s.pending_return.reset();
    s.return_applied_at.reset();
    s.status = WorkOrderStatus::kAwaitingRedispatch;
    (void)r;  // a named unit is dispatched to by the WorkOrderRedispatched that follows
    return true;
  }
  bool operator()(const ReturnRejected&) const {
    if (s.status != WorkOrderStatus::kReturnPending) return false;
    s.pending_return.reset();
    s.status = s.status_before_return;  // RET-2: the deadline is not restarted
    // ACC-3 [M22(1)]: a unit that applied in time to return has not refused
    // the work order; the acceptance deadline stood still while the office
    // reviewed (the unit could not accept meanwhile) and resumes now.
    if (s.status == WorkOrderStatus::kDispatched && s.return_applied_at &&
        *s.return_applied_at <= s.accept_due.due && e.at > *s.return_applied_at) {
      s.accept_due.due += e.at - *s.return_applied_at;
      s.accept_due.rule += ", paused during the return review";
    }
    s.return_applied_at.reset();
    return true;
  }
  bool operator()(const WorkOrderRedispatched& d) const {
    if (s.status != WorkOrderStatus::kAwaitingRedispatch) return false;
    s.status = WorkOrderStatus::kDispatched;
    s.lead_unit = d.lead_unit;
    s.assisting_units = d.assisting_units;
    s.handling_unit.clear();
    s.policy_profile = d.policy_profile;
    s.dispatched_at = e.at;
    s.accepted_at.reset();
    s.accept_due = d.accept_due;
    s.return_due = d.return_due;
    s.return_due_complex = d.return_due_complex;
    s.handle_due = d.handle_due;  // RET-2: the handling deadline restarts
    s.handle_period = d.handle_period;
    s.handle_started_at = e.at;
    s.extensions_applied = 0;
    s.extensions_approved = 0;
    s.pending_extension.reset();
    s.assisting_results.clear();
    return true;
  }
  bool operator()(const ExtensionApplied& x) const {
    if (s.status != WorkOrderStatus::kAccepted || s.pending_extension) return false;
    s.pending_extension = x;
    ++s.extensions_applied;
    return true;
  }
  bool operator()(const ExtensionApproved& x) const {
    if (!s.pending_extension) return false;
    s.pending_extension.reset();
    ++s.extensions_approved;
    s.handle_due = x.handle_due;
    return true;
  }
  bool operator()(const ExtensionRefused&) const {
    if (!s.pending_extension) return false;
    s.pending_extension.reset();
    return true;
  }
  bool operator()(const AssistingResultSubmitted& r) const {
    if (!s.is_open()) return false;
    s.assisting_results[e.actor.unit] = r.result;
    return true;
  }
  bool operator()(const WorkOrderReplied& r) const {
    if (s.status != WorkOrderStatus::kAccepted && s.status != WorkOrderStatus::kHandlingAgain) {
      return false;
    }
    s.status = WorkOrderStatus::kReplied;
    s.last_reply = r;
    s.replied_at = e.at;
    s.pending_extension.reset();
    ++s.replies;
    return true;
  }
  bool operator()(const WorkOrderEvaluated& v) const {
    if (s.status != WorkOrderStatus::kReplied) return false;
    s.last_evaluation = v;
    s.evaluated_at = e.at;
    ++s.evaluations;
    if (v.satisfaction == Satisfaction::kDissatisfied) {
      ++s.dissatisfied_evaluations;
    } else {
      s.status = WorkOrderStatus::kClosed;
    }
    return true;
  }
  bool operator()(const VisitSkipped&) const {
    if (s.status != WorkOrderStatus::kReplied) return false;
    s.visit_skipped = true;
    s.status = WorkOrderStatus::kClosed;
    return true;
  }
  bool operator()(const SentBackForHandlingAgain& b) const {
    if (s.status != WorkOrderStatus::kReplied) return false;
    s.status = WorkOrderStatus::kHandlingAgain;
    s.handling_again = true;
    ++s.handled_again;
    s.handle_due = b.handle_due;
    s.handle_started_at = e.at;
    return true;
  }
  bool operator()(const WorkOrderClosed&) const {
    if (s.status != WorkOrderStatus::kReplied) return false;
    s.status = WorkOrderStatus::kClosed;
    return true;
  }
  bool operator()(const AppealFiled&) const {
    if (s.appeal != AppealStatus::kNone || s.dissatisfied_evaluations == 0) return false;
    s.appeal = AppealStatus::kFiled;
    s.appeal_filed_at = e.at;
    return true;
  }
  bool operator()(const AppealReviewed& r) const {
    if (s.appeal != AppealStatus::kFiled) return false;
    s.appeal = r.upheld ? AppealStatus::kUpheld : AppealStatus::kRejected;
    return true;
  }
  bool operator()(const SupervisionRaised& r) const {
    s.supervisions.push_back({r, e.at, e.reason, e.article, std::nullopt, {}});
    return true;
  }
  bool operator()(const SupervisionReported& r) const {
    for (auto it = s.supervisions.rbegin(); it != s.supervisions.rend(); ++it) {
      if (it->supervision.level == r.level && !it->reported_at) {
        it->reported_at = e.at;
        it->report = r.report;
        return true;
      }
    }
    return false;  // nothing of that level awaits a report
  }
  bool operator()(const HandlingRaisedOneLevel& r) const {
    if (s.status != WorkOrderStatus::kDispatched || s.lead_unit != r.from_unit) return false;
    s.lead_unit = r.to_unit;
    s.handling_unit.clear();
    s.raised_one_level = r;
    return true;
  }
  bool operator()(const ReferredForDiscipline& r) const {
    if (r.record_through < 1 || r.record_through > s.version) return false;
    s.referrals.push_back({r, e.at, e.reason, e.article});
    return true;
  }
  bool operator()(const DeadlineWarned& w) const {
    s.warned.insert({w.stage, w.due.time_since_epoch().count()});
    return true;
  }
  bool operator()(const DeadlineMissed& m) const {
    s.missed.insert({m.stage, m.due.time_since_epoch().count()});
    return true;
  }
  // VIS-4 [T17]: a spot check of a closed work order; a finding against the
  // unit sends it back for handling again and awaits a new evaluation.
  bool operator()(const SpotCheckVisited& v) const {
    if (s.status != WorkOrderStatus::kClosed) return false;
    s.spot_checks.push_back({v, e.at, e.actor.id});
    if (!v.handle_due) return true;
    s.status = WorkOrderStatus::kHandlingAgain;
    s.handle_due = v.handle_due;
    s.handle_started_at = e.at;
    ++s.spot_check_send_backs;
    s.last_evaluation.reset();  // the next reply is visited afresh
    return true;
  }
  // Request and applicant events never appear in a work order's stream.
  bool operator()(const ConductComplaintFiled&) const { return false; }
  bool operator()(const ConductComplaintHandled&) const { return false; }
  bool operator()(const AgentServiceEvaluated&) const { return false; }
  bool operator()(const ApplicantWarned&) const { return false; }
  bool operator()(const ApplicantSuspended&) const { return false; }
  bool operator()(const SuspensionReviewed&) const { return false; }
  bool operator()(const HotlineTransferSent&) const { return false; }
  bool operator()(const HotlineTransferAnswered&) const { return false; }
  bool operator()(const RequestRegistered&) const { return false; }
  bool operator()(const RequestTriaged&) const { return false; }
  bool operator()(const ConsultationOpened&) const { return false; }
  bool operator()(const ConsultationConcluded&) const { return false; }
  bool operator()(const RequestDispatched&) const { return false; }
  bool operator()(const RequestReclassified&) const { return false; }
};

}  // namespace

std::string_view to_string(WorkOrderStatus s) { return enum_name(kStatuses, s); }
std::string_view to_chinese(WorkOrderStatus s) { return enum_chinese(kStatuses, s); }
std::optional<WorkOrderStatus> parse_work_order_status(std::string_view s) {
  return enum_parse(kStatuses, s);
}
std::string_view to_string(AppealStatus s) { return enum_name(kAppeals, s); }

bool WorkOrderState::involves_unit(std::string_view unit) const {
  return lead_unit == unit || handling_unit == unit ||
         std::find(assisting_units.begin(), assisting_units.end(), unit) != assisting_units.end();
}

bool WorkOrderState::has_supervision(SupervisionTrigger trigger, std::string_view stage) const {
  return std::any_of(supervisions.begin(), supervisions.end(), [&](const RecordedSupervision& r) {
    return r.supervision.trigger == trigger && r.supervision.stage == stage;
  });
}

int WorkOrderState::supervision_level() const {
  int level = 0;
  for (const auto& r : supervisions) level = std::max(level, r.supervision.level);
  return level;
}

const RecordedSupervision* WorkOrderState::awaiting_report() const {
  for (auto it = supervisions.rbegin(); it != supervisions.rend(); ++it) {
    if (it->supervision.level > 0 && !it->reported_at) return &*it;
  }
  return nullptr;
}

bool WorkOrderState::overdue(Stage stage) const {
  return std::any_of(missed.begin(), missed.end(), [&](const auto& m) { return m.first == stage; });
}

Status apply(WorkOrderState& state, const Event& event) {
  if (event.version != state.version + 1) {
    return fail(Error::internal("work order " + event.stream + ": version " +
                                std::to_string(event.version) + " follows " +
                                std::to_string(state.version)));
  }
  if (!std::visit(Applier{state, event}, event.body)) return corrupt(state, event);
  state.version = event.version;
  return {};
}

Result<WorkOrderState> fold_work_order(const std::vector<Event>& events) {
  WorkOrderState state;
  for (const auto& e : events) {
    if (auto st = apply(state, e); !st) return fail(st.error());
  }
  return state;
}

}  // namespace hotline
