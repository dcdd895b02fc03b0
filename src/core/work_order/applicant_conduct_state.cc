#include "core/work_order/applicant_conduct_state.h"

namespace hotline {
namespace {

struct Applier {
  ApplicantConductState& s;
  const Event& e;

  bool operator()(const ApplicantWarned& w) const {
    s.warnings.push_back({w, e.at, e.actor.id, e.reason});
    return true;
  }
  bool operator()(const ApplicantSuspended& v) const {
    if (s.active_suspension(e.at) != nullptr) return false;  // one at a time
    s.suspensions.push_back({v, e.at, e.actor.id, e.reason, std::nullopt, std::nullopt, ""});
    return true;
  }
  bool operator()(const SuspensionReviewed& r) const {
    if (s.suspensions.empty() || s.suspensions.back().upheld) return false;
    RecordedSuspension& last = s.suspensions.back();
    last.upheld = r.upheld;
    last.reviewed_by = e.actor.id;
    if (!r.upheld && e.at < last.suspension.until.due) last.lifted_at = e.at;
    return true;
  }
  template <typename Other>
  bool operator()(const Other&) const {
    return false;  // request and work order events never appear here
  }
};

}  // namespace

std::string applicant_stream(std::string_view key) { return "applicant-" + std::string(key); }

const RecordedSuspension* ApplicantConductState::active_suspension(Instant now) const {
  for (const auto& s : suspensions) {
    if (s.at <= now && now < s.ends()) return &s;
  }
  return nullptr;
}

int ApplicantConductState::warnings_since_last_suspension() const {
  const Instant since = suspensions.empty() ? Instant{} : suspensions.back().ends();
  int n = 0;
  for (const auto& w : warnings) {
    if (suspensions.empty() || w.at >= since) ++n;
  }
  return n;
}

Status apply(ApplicantConductState& state, const Event& event) {
  if (event.version != state.version + 1 || !std::visit(Applier{state, event}, event.body)) {
    return fail(Error::internal("applicant record " + event.stream + ": event " +
                                std::string(event_name(event.body)) + " (version " +
                                std::to_string(event.version) + ") cannot follow"));
  }
  if (state.stream.empty()) state.stream = event.stream;
  state.version = event.version;
  return {};
}

Result<ApplicantConductState> fold_applicant_conduct(const std::vector<Event>& events) {
  ApplicantConductState state;
  for (const auto& e : events) {
    if (auto st = apply(state, e); !st) return fail(st.error());
  }
  return state;
}

}  // namespace hotline
