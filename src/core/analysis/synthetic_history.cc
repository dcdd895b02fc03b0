#include "core/analysis/synthetic_history.h"

#include <cstdio>

namespace hotline::analysis {
namespace {

constexpr RequestType kTypes[] = {RequestType::kComplaint, RequestType::kComplaint,
                                  RequestType::kInquiry,   RequestType::kAssistance,
                                  RequestType::kReport,    RequestType::kSuggestion};
constexpr Channel kChannels[] = {Channel::kPhone,
                                 Channel::kPhone,
                                 Channel::kPhone,
                                 Channel::kWebsite,
                                 Channel::kWechatMiniProgram,
                                 Channel::kSms};

}  // namespace

SyntheticHistory::SyntheticHistory(SyntheticOptions options)
    : o_(std::move(options)), rng_(o_.seed) {
  if (o_.units.empty()) o_.units = {"district.heping"};
  if (o_.districts.empty()) o_.districts = {"district.heping"};
  if (o_.categories.empty()) o_.categories = {"城乡建设"};
}

bool SyntheticHistory::next(std::vector<Event>& out) {
  out.clear();
  if (day_ >= o_.days) return false;
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; };
  auto between = [&](std::int64_t lo, std::int64_t hi) {
    return Seconds{std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_)};
  };
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  };

  const LocalDate date = o_.start + std::chrono::days{day_};
  char number[32];
  const std::chrono::year_month_day ymd{date};
  std::snprintf(number, sizeof number, "%04d%02u%02u%08d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), in_day_ + 1);
  const std::string request = number;
  const std::string wo = request + "-1";
  const Actor office{"agent.synthetic", Role::kAgent, "office"};
  const Actor system = Actor::system();
  // Spread over the day; each later step strictly after the one before.
  Instant t = at_local(date) + Seconds{(86400LL * in_day_) / o_.requests_per_day} +
              between(0, 86399 / std::max(1, o_.requests_per_day));
  std::int64_t rv = 0, wv = 0;
  auto push = [&](const std::string& stream, std::int64_t& v, const Actor& who, EventBody body,
                  std::string article = {}) {
    out.push_back(Event{stream, ++v, t, who, "synthetic", std::move(article), std::move(body)});
  };

  RequestRegistered reg;
  reg.number = request;
  reg.details.requested_at = t;
  reg.details.channel = kChannels[std::uniform_int_distribution<int>(0, 5)(rng_)];
  reg.details.applicant.anonymous = true;
  reg.details.type = kTypes[std::uniform_int_distribution<int>(0, 5)(rng_)];
  reg.details.subject = "synthetic";
  reg.details.items = {RequestItem{"synthetic", pick(o_.categories)}};
  reg.details.location.district = pick(o_.districts);
  const RequestType type = reg.details.type;
  push(request, rv, office, std::move(reg), "R5");

  std::string lead = pick(o_.units);
  t += between(60, 7200);
  push(request, rv, office, RequestDispatched{{DispatchedOrder{wo, {0}, lead, {}}}, false}, "R6");
  WorkOrderDispatched d;
  d.request = request;
  d.items = {0};
  d.lead_unit = lead;
  d.subject.type = type;
  d.accept_due = Deadline{t + Seconds{7200}, "R9", "2 hours"};
  d.handle_period = PolicyDuration{};
  push(wo, wv, office, d, "R6");
  Instant accept_due = t + Seconds{7200};

  const Actor unit{"staff.synthetic", Role::kUnitStaff, lead};
  if (chance(o_.returned)) {
    t += between(600, 3600);
    push(wo, wv, unit, ReturnApplied{}, "R10");
    t += between(600, 3600);
    push(wo, wv, office, ReturnApproved{}, "R10");
    lead = pick(o_.units);
    t += between(60, 600);
    WorkOrderRedispatched r;
    r.lead_unit = lead;
    r.accept_due = Deadline{t + Seconds{7200}, "R9", "2 hours"};
    push(wo, wv, office, r, "R10");
    accept_due = t + Seconds{7200};
  }
  const Actor handler{"staff.synthetic", Role::kUnitStaff, lead};
  t += chance(o_.late_accept) ? between(7300, 20000) : between(60, 7000);
  push(wo, wv, handler, WorkOrderAccepted{std::nullopt, t > accept_due}, "R9");
  if (chance(o_.supervised)) {
    t += between(60, 3600);
    SupervisionRaised s;
    s.trigger = chance(0.3) ? SupervisionTrigger::kFakeCompletion : SupervisionTrigger::kOverdue;
    s.key = chance(0.3);
    push(wo, wv, Actor{"supervisor.synthetic", Role::kSupervisor, "office"}, s, "M22");
  }
  auto reply = [&] {
    const bool late = chance(o_.late_reply);
    t += late ? between(7 * 86400 + 60, 12 * 86400) : between(3600, 6 * 86400);
    WorkOrderReplied r;
    r.reply.result = "synthetic";
    r.late = late;
    if (chance(o_.reply_findings)) r.notes.push_back(ReplyNote{"vague", "REP-3", "T16", "", ""});
    push(wo, wv, handler, r, "R13");
  };
  auto evaluate = [&](double p_dissatisfied) {
    t += between(3600, 2 * 86400);
    WorkOrderEvaluated v;
    v.satisfaction = chance(p_dissatisfied) ? Satisfaction::kDissatisfied
                     : chance(0.8)          ? Satisfaction::kSatisfied
                                            : Satisfaction::kBasicallySatisfied;
    push(wo, wv, Actor{"visit.synthetic", Role::kVisitAgent, "office"}, v, "R14");
    return v.satisfaction == Satisfaction::kDissatisfied;
  };
  reply();
  if (type == RequestType::kSuggestion) {
    t += between(600, 3600);
    push(wo, wv, system, VisitSkipped{"not-evaluated-type"}, "R14");
  } else if (evaluate(o_.dissatisfied)) {
    bool dissatisfied = true;
    if (chance(o_.sent_back)) {
      t += between(600, 3600);
      push(wo, wv, office, SentBackForHandlingAgain{Deadline{t + Seconds{7 * 86400}, "R14(2)", ""}},
           "R14(2)");
      reply();
      dissatisfied = evaluate(o_.dissatisfied);
    }
    if (dissatisfied) {
      t += between(600, 3600);
      push(wo, wv, office, WorkOrderClosed{}, "R14");
      if (chance(o_.appealed)) {
        t += between(86400, 3 * 86400);
        push(wo, wv, handler, AppealFiled{"synthetic", {}}, "R24");
        t += between(86400, 3 * 86400);
        push(wo, wv, Actor{"supervisor.synthetic", Role::kSupervisor, "office"},
             AppealReviewed{chance(o_.upheld), std::nullopt}, "R24");
      }
    }
  }
  ++produced_;
  if (++in_day_ >= o_.requests_per_day) {
    in_day_ = 0;
    ++day_;
  }
  return true;
}

}  // namespace hotline::analysis
