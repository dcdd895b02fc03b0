#include "core/work_order/request_state.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<RequestStatus, 5> kStatuses{{
    {RequestStatus::kRegistered, "registered", "已登记"},
    {RequestStatus::kInConsultation, "in-consultation", "会商中"},
    {RequestStatus::kToDispatch, "to-dispatch", "待派单"},
    {RequestStatus::kDispatched, "dispatched", "已派单"},
    {RequestStatus::kConcluded, "concluded", "已直接办结"},
}};

struct Applier {
  RequestState& s;
  const Event& e;

  bool operator()(const RequestRegistered& r) const {
    if (s.version != 0) return false;
    s.number = r.number;
    s.details = r.details;
    s.registered_at = e.at;
    s.dispatch_due = r.dispatch_due;
    s.status = RequestStatus::kRegistered;
    s.registered_by = e.actor;
    return true;
  }
  // INT-6 [M14]: only right after registration, and concluded by the office.
  bool operator()(const ConductComplaintFiled& c) const {
    if (s.version != 1 || s.conduct_complaint) return false;
    s.conduct_complaint = c;
    return true;
  }
  bool operator()(const ConductComplaintHandled& h) const {
    if (!s.conduct_complaint || s.conduct_handling || s.status != RequestStatus::kRegistered) {
      return false;
    }
    s.conduct_handling = h;
    s.conduct_handled_at = e.at;
    s.status = RequestStatus::kConcluded;
    return true;
  }
  // INT-7 [R14(1)]: once per request.
  bool operator()(const AgentServiceEvaluated& a) const {
    if (s.agent_evaluation) return false;
    s.agent_evaluation = a;
    return true;
  }
  bool operator()(const RequestTriaged& t) const {
    if (s.status != RequestStatus::kRegistered && s.status != RequestStatus::kToDispatch) {
      return false;
    }
    s.triage = t;
    s.status = t.outcome == TriageOutcome::kToDispatch ? RequestStatus::kToDispatch
                                                       : RequestStatus::kConcluded;
    return true;
  }
  bool operator()(const ConsultationOpened& c) const {
    if (s.status != RequestStatus::kRegistered && s.status != RequestStatus::kToDispatch) {
      return false;
    }
    s.consultation = c;
    s.status = RequestStatus::kInConsultation;
    return true;
  }
  bool operator()(const ConsultationConcluded& c) const {
    if (s.status != RequestStatus::kInConsultation) return false;
    s.consultation_result = c;
    s.status = RequestStatus::kToDispatch;
    return true;
  }
  bool operator()(const RequestDispatched& d) const {
    if (s.status != RequestStatus::kRegistered && s.status != RequestStatus::kToDispatch) {
      return false;
    }
    s.orders = d.orders;
    s.dispatched_late = d.late;
    s.status = RequestStatus::kDispatched;
    return true;
  }
  bool operator()(const RequestReclassified& r) const {
    for (const auto& c : r.categories) {
      if (c.item < 0 || static_cast<std::size_t>(c.item) >= s.details.items.size()) return false;
      s.details.items[static_cast<std::size_t>(c.item)].category = c.category;
    }
    if (r.type) s.details.type = *r.type;
    if (r.urgency) s.details.urgency = *r.urgency;
    return true;
  }
  // ICN-2 [M9]: a hand-over concludes the request here; joint handling
  // leaves it where it is (it may be dispatched as well).
  bool operator()(const HotlineTransferSent& t) const {
    if (s.open_transfer(t.hotline) != nullptr) return false;
    const bool open = s.status == RequestStatus::kRegistered ||
                      s.status == RequestStatus::kToDispatch ||
                      (t.joint && s.status == RequestStatus::kDispatched);
    if (!open) return false;
    HotlineTransfer rec;
    rec.hotline = t.hotline;
    rec.joint = t.joint;
    rec.note = t.note;
    rec.sent_at = e.at;
    rec.sent_by = e.actor.id;
    rec.status_before = s.status;
    s.transfers.push_back(std::move(rec));
    if (!t.joint) s.status = RequestStatus::kConcluded;
    return true;
  }
  bool operator()(const HotlineTransferAnswered& a) const {
    HotlineTransfer* rec = nullptr;
    for (auto& t : s.transfers) {
      if (t.hotline == a.hotline && t.open()) rec = &t;
    }
    if (rec == nullptr || a.result == TransferResult::kPending) return false;
    if (!rec->their_reference.empty() && !a.their_reference.empty() &&
        rec->their_reference != a.their_reference) {
      return false;
    }
    if (!a.their_reference.empty()) rec->their_reference = a.their_reference;
    rec->result = a.result;
    rec->answer_note = a.note;
    rec->answered_at = e.at;
    if (a.result == TransferResult::kRefused && !rec->joint &&
        s.status == RequestStatus::kConcluded) {
      s.status = rec->status_before;
    }
    return true;
  }
  template <typename Other>
  bool operator()(const Other&) const {
    return false;  // work order and applicant events never appear in a request's stream
  }
};

}  // namespace

std::string_view to_string(RequestStatus s) { return enum_name(kStatuses, s); }
std::string_view to_chinese(RequestStatus s) { return enum_chinese(kStatuses, s); }

const HotlineTransfer* RequestState::open_transfer(std::string_view hotline) const {
  for (const auto& t : transfers) {
    if (t.hotline == hotline && t.open()) return &t;
  }
  return nullptr;
}

Status apply(RequestState& state, const Event& event) {
  if (event.version != state.version + 1 || !std::visit(Applier{state, event}, event.body)) {
    return fail(Error::internal("request " + event.stream + ": event " +
                                std::string(event_name(event.body)) + " (version " +
                                std::to_string(event.version) + ") cannot follow state " +
                                std::string(to_string(state.status))));
  }
  state.version = event.version;
  return {};
}

Result<RequestState> fold_request(const std::vector<Event>& events) {
  RequestState state;
  for (const auto& e : events) {
    if (auto st = apply(state, e); !st) return fail(st.error());
  }
  return state;
}

}  // namespace hotline
