#pragma once
// Triage wired into the engine (engine_hooks.h): every registered request is
// indexed and clustered as it arrives, and a cluster that crosses the
// policy's threshold puts the open work orders of its requests under
// supervision (SUP-1 [M22(3)]); dispatches that stood and corrections after
// approved returns teach the unit suggestions (DIS-8 [M15, R26]); a unit's
// reply passes the office's reply checks before it is accepted (REP-2, REP-3
// [R13, T16]).
//
// Failures after a change was recorded (the index, the history) cannot undo
// it: they are counted and reported through `on_error`, never thrown.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "core/engine/engine.h"
#include "core/triage/triage_service.h"

namespace hotline::triage {

class TriageHooks final : public ReplyReviewer, public EngineListener {
 public:
  // `applicant_key` turns a phone's digits into what the index keeps (a
  // keyed hash, so the triage store holds no phone numbers); empty: kept as is.
  TriageHooks(TriageService& service, Engine& engine,
              std::function<std::string(std::string_view)> applicant_key = {});

  void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }

  Result<std::vector<ReplyFindingNote>> review(const WorkOrderState& order,
                                               const RequestDetails& request,
                                               const ReplyContent& reply) const override;
  void committed(const std::vector<Event>& events) override;

  std::size_t supervisions_raised() const { return supervisions_; }
  std::size_t errors() const { return errors_; }

 private:
  void registered(const RequestRegistered& r);
  void dispatched(const Event& e, const WorkOrderDispatched& d);
  void redispatched(const Event& e, const WorkOrderRedispatched& r);
  void supervise_cluster(const ClusterAlert& alert);
  // One work order of an alerted cluster, unless the unit has handled it.
  void supervise_order(const std::string& id, std::size_t applicants, int threshold);
  void report(const Error& e);

  TriageService& service_;
  Engine& engine_;
  std::function<std::string(std::string_view)> applicant_key_;
  std::function<void(const Error&)> report_;
  std::atomic<std::size_t> supervisions_{0};
  std::atomic<std::size_t> errors_{0};
};

}  // namespace hotline::triage
