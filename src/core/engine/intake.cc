// Intake, triage, consultation and dispatch (INT, TRI, DIS).

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/text.h"

namespace hotline {
namespace {

constexpr std::size_t kMaxSubject = 200;    // code points
constexpr std::size_t kMaxDetail = 20000;   // code points
constexpr std::size_t kMaxShortText = 500;  // names, addresses, notes

constexpr std::size_t kMaxItems = 50;  // matters in one request; more is a client's mistake
// requested_at may lie this far back (a letter, a message read late), no further.
constexpr Seconds kMaxRequestAge{366 * 24 * 3600};

// A control character (C0 except tab and line breaks where `multiline`, DEL,
// C1): nothing a person types, and what Open311 and XML refuse.
bool has_control(std::string_view value, bool multiline) {
  for (std::size_t i = 0; i < value.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(value, i, cp);
    if (n == 0) return true;
    i += n;
    if (multiline && (cp == '\n' || cp == '\r' || cp == '\t')) continue;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true;
  }
  return false;
}

Status check_text(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (!is_valid_utf8(value)) {
    return fail(Error::invalid(std::string(field), "not valid UTF-8", "不是有效的 UTF-8 文本"));
  }
  if (has_control(value, max > kMaxShortText)) {
    return fail(Error::invalid(std::string(field), "contains a control character", "含有控制字符"));
  }
  if (required && trim(value).empty()) {
    return fail(Error::invalid(std::string(field), "required", "不能为空"));
  }
  if (code_points(value) > max) {
    return fail(Error::invalid(std::string(field),
                               "longer than " + std::to_string(max) + " characters",
                               "超过" + std::to_string(max) + "个字符"));
  }
  return {};
}

// One "@" with something on each side, no spaces: what Open311's door checks.
bool plausible_email(std::string_view email) {
  const std::size_t at = email.find('@');
  return at != std::string_view::npos && at != 0 && at + 1 != email.size() &&
         email.find('@', at + 1) == std::string_view::npos &&
         email.find_first_of(" \t\r\n") == std::string_view::npos;
}

bool plausible_phone(std::string_view phone) {
  std::size_t digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == '-' || c == ' ' || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 3 && digits <= 20;
}

// INT-4 [M14, R5, C10]: what a registration must and may contain.
Status validate_details(const RequestDetails& d, const Organisation& org, Instant now) {
  if (auto st = check_text("subject", d.subject, kMaxSubject, false); !st) return st;
  if (auto st = check_text("detail", d.detail, kMaxDetail, true); !st) return st;
  if (d.requested_at > now + Seconds{300}) {
    return fail(Error::invalid("requested_at", "lies in the future", "诉求时间不能晚于当前时间"));
  }
  if (d.requested_at < now - kMaxRequestAge) {
    return fail(Error::invalid("requested_at", "more than a year before registration",
                               "诉求时间早于登记时间一年以上"));
  }
  if (d.items.size() > kMaxItems) {
    return fail(Error::invalid("items", "more than " + std::to_string(kMaxItems) + " items",
                               "诉求事项超过" + std::to_string(kMaxItems) + "项"));
  }
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    const std::string f = "items[" + std::to_string(i) + "]";
    if (auto st = check_text(f + ".text", d.items[i].text, kMaxDetail, true); !st) return st;
    if (auto st = check_text(f + ".category", d.items[i].category, kMaxShortText, false); !st) {
      return st;
    }
  }
  const Applicant& a = d.applicant;
  for (const auto& [field, value] :
       {std::pair{"applicant.name", &a.name}, std::pair{"applicant.phone", &a.phone},
        std::pair{"applicant.address", &a.address}, std::pair{"applicant.email", &a.email},
        std::pair{"applicant.source_account", &a.source_account}}) {
    if (auto st = check_text(field, *value, kMaxShortText, false); !st) return st;
  }
  if (a.anonymous && !a.name.empty()) {
    return fail(Error::invalid("applicant.name", "an anonymous request records no name",
                               "匿名诉求不登记姓名"));
  }
  if (!a.phone.empty() && !plausible_phone(a.phone)) {
    return fail(Error::invalid("applicant.phone", "not a telephone number", "不是有效的电话号码"));
  }
  if (!a.email.empty() && !plausible_email(a.email)) {
    return fail(
        Error::invalid("applicant.email", "not an e-mail address", "不是有效的电子邮箱地址"));
  }
  if (a.complained_unit && !org.find(*a.complained_unit)) {
    return fail(Error::invalid("applicant.complained_unit", "unknown unit " + *a.complained_unit,
                               "单位不存在"));
  }
  if (auto st = check_text("confidentiality_note", d.confidentiality_note, kMaxShortText, false);
      !st) {
    return st;
  }
  if (!d.location.district.empty()) {
    const Unit* u = org.find(d.location.district);
    if (!u || u->kind != UnitKind::kDistrictGovernment) {
      return fail(Error::invalid("location.district", "not a district: " + d.location.district,
                                 "不是本市的区"));
    }
  }
  if (!d.location.street.empty()) {
    const Unit* u = org.find(d.location.street);
    if (!u || u->kind != UnitKind::kStreet) {
      return fail(Error::invalid("location.street", "not a street: " + d.location.street,
                                 "不是街道（乡镇）"));
    }
  }
  if (auto st = check_text("location.address", d.location.address, kMaxShortText, false); !st) {
    return st;
  }
  for (std::size_t i = 0; i < d.attachments.size(); ++i) {
    const auto& att = d.attachments[i];
    const std::string f = "attachments[" + std::to_string(i) + "]";
    if (auto st = check_text(f + ".uri", att.uri, 2000, true); !st) return st;
    if (att.media_type.find('/') == std::string::npos) {
      return fail(Error::invalid(f + ".media_type", "not a media type like image/jpeg",
                                 "媒体类型应形如 image/jpeg"));
    }
  }
  std::set<SpecialLabel> labels(d.special_labels.begin(), d.special_labels.end());
  if (labels.size() != d.special_labels.size()) {
    return fail(Error::invalid("special_labels", "a label is repeated", "标签重复"));
  }
  return {};
}

std::string request_number(Instant now, std::int64_t sequence) {
  const std::string date = format_date(local_date(now));
  char seq[16];
  std::snprintf(seq, sizeof seq, "%08lld", static_cast<long long>(sequence));
  return date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2) + seq;
}

int rank(Urgency u) {
  switch (u) {
    case Urgency::kLifeSafety:
      return 2;
    case Urgency::kUtilities:
      return 1;
    case Urgency::kGeneral:
      return 0;
  }
  return 0;
}

// TYP-2 [R6, R9, R11]: urgency belongs to each item; a work order is as
// urgent as its most urgent item, and the request (for its dispatch deadline)
// as its most urgent item of all. An item without its own urgency has the
// request's. `items` empty: all items.
Urgency urgency_of(const RequestDetails& d, const std::vector<int>& items) {
  std::optional<Urgency> most;
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    const bool chosen =
        items.empty() || std::find(items.begin(), items.end(), static_cast<int>(i)) != items.end();
    if (!chosen) continue;
    const Urgency u = d.items[i].urgency.value_or(d.urgency);
    if (!most || rank(u) > rank(*most)) most = u;
  }
  return most.value_or(d.urgency);
}

DeadlineSubject subject_of(const RequestDetails& d, const std::vector<int>& items = {}) {
  return DeadlineSubject{d.type, urgency_of(d, items), d.label, d.channel};
}

// TRI-5 [M13(5)]: the applicant's phone digits, without a +86 / 0086 prefix.
std::string phone_digits(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() == 15 && digits.starts_with("0086")) digits.erase(0, 4);
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  return digits;
}

// INT-6 [M14]: a complaint about hotline staff stays with the office.
Status not_conduct_complaint(const RequestState& s, std::string_view what, std::string_view zh) {
  if (!s.is_conduct_complaint()) return {};
  return fail(Error::refused(
      "INT-6", "M14",
      "request " + s.number + " complains about hotline staff: the office handles it; it is not " +
          std::string(what),
      "该诉求为对热线工作人员的投诉，由热线工作机构处理，不得" + std::string(zh)));
}

}  // namespace

Result<RequestState> Engine::register_request(const CommandContext& ctx, RequestDetails details) {
  if (auto st = authorize(ctx.actor, Action::kRegister, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = check_registering_unit(ctx, details); !st) return fail(st.error());
  // CON-1 [D32]: a suspended applicant's calls are not taken, emergencies aside.
  if (auto st = check_not_suspended(details, clock_.now()); !st) return fail(st.error());
  // INT-4: a retry of an intake that was registered (its answer lost, or its
  // node dead before it could answer) gets that request, not a second one.
  if (!ctx.intake_key.empty()) {
    auto earlier = store_.request_for_intake_key(ctx.intake_key);
    if (!earlier) return fail(earlier.error());
    if (*earlier) return request(**earlier);
  }
  auto registered = register_request_events(ctx, std::move(details));
  if (!registered) return fail(registered.error());
  auto committed = commit(ctx, registered->first, std::move(registered->second));
  if (!committed && committed.error().code == ErrorCode::kConflict && !ctx.intake_key.empty()) {
    // The same key registered at the same time elsewhere: that one stands.
    auto earlier = store_.request_for_intake_key(ctx.intake_key);
    if (earlier && *earlier) return request(**earlier);
  }
  return committed;
}

Result<std::pair<RequestState, std::vector<Engine::NewEvent>>> Engine::register_request_events(
    const CommandContext& ctx, RequestDetails details) {
  const Instant now = clock_.now();
  if (details.requested_at == Instant{}) details.requested_at = now;
  if (details.items.empty()) details.items.push_back({details.detail, ""});
  if (auto st = validate_details(details, organisation_, now); !st) return fail(st.error());

  auto seq = store_.next_sequence("request");
  if (!seq) return fail(seq.error());
  RequestRegistered registered;
  registered.number = request_number(now, *seq);
  registered.intake_key = ctx.intake_key;
  // DIS-1 [R6]: the office's own dispatch deadline, under the default profile.
  // Urgency per item (TYP-2): the most urgent item sets the dispatch deadline.
  auto dispatch_due =
      deadlines_.compute(policies_.default_policy(), Stage::kDispatch, subject_of(details),
                         Anchors{now, std::nullopt, std::nullopt});
  if (!dispatch_due) return fail(dispatch_due.error());
  registered.dispatch_due = *dispatch_due;
  registered.details = std::move(details);
  RequestState empty;
  empty.number = registered.number;
  std::vector<NewEvent> events;
  events.push_back({std::move(registered), "M14", "", std::nullopt});
  return std::pair{std::move(empty), std::move(events)};
}

Result<RequestState> Engine::triage(const CommandContext& ctx, const std::string& number,
                                    RequestTriaged outcome) {
  if (auto st = authorize(ctx.actor, Action::kTriage, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (auto st = not_conduct_complaint(*state, "triaged", "分类处理"); !st) return fail(st.error());
  if (state->status != RequestStatus::kRegistered && state->status != RequestStatus::kToDispatch) {
    return fail(Error::refused(
        "TRI-8", "M13",
        "request " + number + " is " + std::string(to_string(state->status)) +
            " and can no longer be triaged",
        "该诉求当前状态为" + std::string(to_chinese(state->status)) + "，不能再分类处理"));
  }
  std::string article;
  switch (outcome.outcome) {
    case TriageOutcome::kEmergencyTransfer: {
      article = "M13(1)";
      static const std::set<std::string> kEmergency{"110", "119", "120", "122"};
      if (!kEmergency.count(outcome.target)) {
        return fail(Error::invalid("target", "an emergency transfer goes to 110, 119, 120 or 122",
                                   "紧急事项应转接110、119、120或122"));
      }
      break;
    }
    case TriageOutcome::kLegalChannel:
      article = "M13(2)";
      break;
    case TriageOutcome::kConfidentialMatter:
      article = "M13(3)";
      break;
    case TriageOutcome::kUnlawfulDemand:
      article = "M13(4)";
      break;
    case TriageOutcome::kDuplicate: {
      article = "M13(5)";
      if (outcome.reference.empty() || outcome.reference == number) {
        return fail(Error::invalid("reference", "a duplicate names the earlier request",
                                   "重复诉求须填写此前的诉求编号"));
      }
      auto earlier = request(outcome.reference);
      if (!earlier) {
        return fail(Error::invalid("reference", "no earlier request " + outcome.reference,
                                   "此前的诉求编号不存在"));
      }
      // M13(5) 诉求人…又提出同一诉求: the earlier request is the same
      // applicant's; another applicant's request on the same problem is a
      // concentrated request (SUP-1), not a duplicate.
      const std::string mine = phone_digits(state->details.applicant.phone);
      const std::string theirs = phone_digits(earlier->details.applicant.phone);
      if (mine.empty() || mine != theirs) {
        return fail(Error::refused(
            "TRI-5", article,
            "request " + outcome.reference + " is not an earlier request of the same applicant" +
                (mine.empty() ? " (this request records no phone to tell)" : ""),
            "诉求" + outcome.reference + "不是同一诉求人此前提出的诉求，不能按重复诉求处理"));
      }
      break;
    }
    case TriageOutcome::kOutsideScope:
      article = "D17(6)";
      break;
    case TriageOutcome::kAnsweredDirectly:
      article = "M15";
      // TRI-7 [M15, R6]: only an inquiry is answered on the spot.
      if (state->details.type != RequestType::kInquiry) {
        return fail(Error::refused(
            "TRI-7", "R6",
            "only an inquiry can be answered directly; this request is a " +
                std::string(to_string(state->details.type)),
            "只有咨询类诉求可以当场解答，该诉求为" + std::string(to_chinese(state->details.type))));
      }
      break;
    case TriageOutcome::kToDispatch:
      article = "R6";
      break;
  }
  const bool needs_target = outcome.outcome == TriageOutcome::kLegalChannel ||
                            outcome.outcome == TriageOutcome::kOutsideScope;
  if (needs_target && trim(outcome.target).empty()) {
    return fail(Error::invalid("target", "name the channel the applicant was told",
                               "须填写告知诉求人的渠道"));
  }
  // TRI-8: no outcome is a silent drop: what the applicant was told is recorded.
  if (outcome.outcome != TriageOutcome::kToDispatch && trim(outcome.told_applicant).empty()) {
    return fail(Error::refused("TRI-8", article, "record what the applicant was told or answered",
                               "须记录告知诉求人的内容"));
  }
  if (auto st = check_text("told_applicant", outcome.told_applicant, kMaxDetail, false); !st) {
    return fail(st.error());
  }
  return commit(ctx, *state, {{std::move(outcome), article, "", std::nullopt}});
}

Result<RequestState> Engine::open_consultation(const CommandContext& ctx, const std::string& number,
                                               ConsultationOpened consultation) {
  if (auto st = authorize(ctx.actor, Action::kConsult, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (auto st = not_conduct_complaint(*state, "consulted on", "会商"); !st) return fail(st.error());
  if (state->status != RequestStatus::kRegistered && state->status != RequestStatus::kToDispatch) {
    return fail(
        Error::refused("DIS-5", "R8", "consultation only before dispatch", "会商只能在派单前进行"));
  }
  if (consultation.units.size() < 2) {
    return fail(Error::invalid("units", "a consultation involves at least two units",
                               "会商至少涉及两个单位"));
  }
  for (const auto& u : consultation.units) {
    if (!organisation_.find(u))
      return fail(Error::invalid("units", "unknown unit " + u, "单位不存在：" + u));
  }
  return commit(ctx, *state, {{std::move(consultation), "R8", "", std::nullopt}});
}

Result<RequestState> Engine::conclude_consultation(const CommandContext& ctx,
                                                   const std::string& number,
                                                   ConsultationConcluded result) {
  if (auto st = authorize(ctx.actor, Action::kConsult, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (state->status != RequestStatus::kInConsultation) {
    return fail(Error::refused("DIS-5", "R8", "no consultation is open", "该诉求没有进行中的会商"));
  }
  const Unit* lead = organisation_.find(result.lead_unit);
  if (!lead || !lead->is_undertaking()) {
    return fail(Error::invalid("lead_unit", "not an undertaking unit: " + result.lead_unit,
                               "不是承办单位"));
  }
  for (const auto& u : result.assisting_units) {
    if (!organisation_.find(u) || u == result.lead_unit) {
      return fail(Error::invalid("assisting_units", "invalid assisting unit " + u, "协办单位无效"));
    }
  }
  if (trim(result.decided_by).empty()) {
    return fail(Error::invalid("decided_by", "say who decided (R8)", "须填写确定承办单位的机关"));
  }
  return commit(ctx, *state, {{std::move(result), "R8", "", std::nullopt}});
}

Result<WorkOrderDispatched> Engine::plan_order(const RequestState& request,
                                               const DispatchPlanOrder& order, Instant now,
                                               bool designated) const {
  const Unit* lead = organisation_.find(order.lead_unit);
  if (!lead || !lead->active || !lead->is_undertaking()) {
    return fail(Error::invalid("lead_unit", "not an active undertaking unit: " + order.lead_unit,
                               "不是有效的承办单位：" + order.lead_unit));
  }
  // DIS-6 [R8]: a functional department's matter is not pushed down to streets.
  if (order.functional_matter && lead->is_grassroots()) {
    return fail(Error::refused("DIS-6", "R8",
                               "a matter of a functional department may not be dispatched to the "
                               "grassroots unit " +
                                   lead->name,
                               "应当由职能部门承办的诉求事项不得分派给基层（" + lead->name + "）"));
  }
  std::set<std::string> seen{order.lead_unit};
  for (const auto& u : order.assisting_units) {
    const Unit* unit = organisation_.find(u);
    if (!unit || !unit->is_undertaking()) {
      return fail(
          Error::invalid("assisting_units", "not an undertaking unit: " + u, "协办单位无效：" + u));
    }
    if (!seen.insert(u).second) {
      return fail(Error::invalid("assisting_units", "unit named twice: " + u, "单位重复：" + u));
    }
  }
  auto policy = policy_for_unit(order.lead_unit);
  if (!policy) return fail(policy.error());
  const Policy& p = **policy;

  WorkOrderDispatched d;
  d.request = request.number;
  d.items = order.items;
  d.lead_unit = order.lead_unit;
  d.assisting_units = order.assisting_units;
  d.policy_profile = p.name;
  d.subject = subject_of(request.details, order.items);
  d.special_labels = request.details.special_labels;
  d.designated = designated;
  d.functional_matter = order.functional_matter;
  const Anchors anchors{request.registered_at, now, std::nullopt};
  auto accept = deadlines_.compute(p, Stage::kAccept, d.subject, anchors);
  if (!accept) return fail(accept.error());
  auto ret = deadlines_.compute(p, Stage::kReturn, d.subject, anchors);
  if (!ret) return fail(ret.error());
  auto handle = deadlines_.compute(p, Stage::kHandle, d.subject, anchors);
  if (!handle) return fail(handle.error());
  // The handling period (for extensions and handling again) is the one of the
  // rule that binds; when it counts from acceptance, as if accepted now.
  auto handle_rule =
      deadlines_.binding(p, Stage::kHandle, d.subject, Anchors{request.registered_at, now, now});
  if (!handle_rule) return fail(handle_rule.error());
  if (!handle_rule->rule) return fail(Error::internal("no handling rule binds " + p.name));
  if (!*accept || !*ret) {
    return fail(
        Error{ErrorCode::kPolicyInvalid,
              "policy " + p.name +
                  ": acceptance and return windows must count from registration or dispatch",
              "政策配置错误：接单和退回时限须从登记或派单起算", p.file, "", ""});
  }
  d.accept_due = **accept;
  d.return_due = **ret;
  if (p.return_policy.complex_window) {
    auto complex = deadlines_.after(*p.return_policy.complex_window, now);
    if (!complex) return fail(complex.error());
    d.return_due_complex = *complex;
  }
  d.handle_due = *handle;
  d.handle_period = handle_rule->rule->within;
  // HND-1 [M16, R11]: a deadline set by law overrides the policy's.
  if (order.statutory_handle_due) {
    if (trim(order.statutory_basis).empty()) {
      return fail(Error::invalid("statutory_basis", "name the law that sets the deadline",
                                 "须注明规定办理时限的法律法规"));
    }
    if (*order.statutory_handle_due <= now) {
      return fail(Error::invalid("statutory_handle_due", "lies in the past", "法定时限已过"));
    }
    d.statutory_handle_due = Deadline{*order.statutory_handle_due, "R11", order.statutory_basis};
    d.statutory_basis = order.statutory_basis;
    d.handle_due = d.statutory_handle_due;
  }
  return d;
}

Result<std::vector<WorkOrderState>> Engine::dispatch(const CommandContext& ctx,
                                                     const std::string& number,
                                                     std::vector<DispatchPlanOrder> plan) {
  if (auto st = authorize(ctx.actor, Action::kDispatch, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return fail(state.error());
  if (auto st = not_conduct_complaint(*state, "dispatched", "派单"); !st) return fail(st.error());
  if (state->status == RequestStatus::kInConsultation) {
    return fail(Error::refused("DIS-5", "R8", "the request is in consultation; conclude it first",
                               "该诉求正在会商，会商确定承办单位后方可派单"));
  }
  if (state->status != RequestStatus::kRegistered && state->status != RequestStatus::kToDispatch) {
    return fail(Error::refused(
        "DIS-1", "R6", "request " + number + " is " + std::string(to_string(state->status)),
        "该诉求当前状态为" + std::string(to_chinese(state->status)) + "，不能派单"));
  }
  if (plan.empty())
    return fail(Error::invalid("orders", "dispatch at least one work order", "至少派发一张工单"));
  // DIS-3 [M15, D13]: every item goes to exactly one work order, one per unit.
  const int item_count = static_cast<int>(state->details.items.size());
  if (plan.size() == 1 && plan[0].items.empty()) {
    for (int i = 0; i < item_count; ++i) plan[0].items.push_back(i);
  }
  std::vector<int> owner(static_cast<std::size_t>(item_count), -1);
  std::set<std::string> leads;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    const std::string f = "orders[" + std::to_string(k) + "]";
    if (plan[k].items.empty()) {
      return fail(Error::invalid(f + ".items", "name the items of this work order",
                                 "须指明该工单包含的诉求事项"));
    }
    for (int i : plan[k].items) {
      if (i < 0 || i >= item_count) {
        return fail(Error::invalid(f + ".items", "no item " + std::to_string(i), "诉求事项不存在"));
      }
      if (owner[static_cast<std::size_t>(i)] != -1) {
        return fail(Error::invalid(f + ".items",
                                   "item " + std::to_string(i) + " is in two work orders",
                                   "同一诉求事项不能派入两张工单"));
      }
      owner[static_cast<std::size_t>(i)] = static_cast<int>(k);
    }
    if (!leads.insert(plan[k].lead_unit).second) {
      return fail(Error::refused(
          "DIS-3", "M15", "items for the same unit belong in one work order: " + plan[k].lead_unit,
          "同一承办单位的事项应在同一工单中派发"));
    }
  }
  for (int i = 0; i < item_count; ++i) {
    if (owner[static_cast<std::size_t>(i)] == -1) {
      return fail(Error::refused("DIS-3", "M15", "item " + std::to_string(i) + " is not dispatched",
                                 "第" + std::to_string(i + 1) + "项诉求未派发"));
    }
  }
  // DIS-5 [M17, R8, R10(3)]: a consultation's decision is followed and binds.
  const auto& decided = state->consultation_result;
  if (decided && (plan.size() != 1 || plan[0].lead_unit != decided->lead_unit)) {
    return fail(Error::refused("DIS-5", "R8",
                               "consultation designated " + decided->lead_unit + " as lead unit",
                               "会商已确定主办单位为" + decided->lead_unit + "，应按会商结果派单"));
  }
  if (decided && plan[0].assisting_units.empty())
    plan[0].assisting_units = decided->assisting_units;

  const Instant now = clock_.now();
  RequestDispatched dispatched;
  dispatched.late = state->dispatch_due && now > state->dispatch_due->due;
  std::vector<StreamAppend> batch;
  std::vector<WorkOrderSummary> summaries;
  std::vector<WorkOrderState> orders;
  for (std::size_t k = 0; k < plan.size(); ++k) {
    auto order = plan_order(*state, plan[k], now, decided.has_value());
    if (!order) {
      Error e = order.error();
      if (!e.field.empty() && e.field.find("orders[") != 0) {
        e.field = "orders[" + std::to_string(k) + "]." + e.field;
      }
      return fail(e);
    }
    const std::string id = number + "-" + std::to_string(k + 1);
    dispatched.orders.push_back({id, order->items, order->lead_unit, order->assisting_units});
    WorkOrderState wo;
    wo.id = id;
    const std::string article = order->accept_due.article;
    Event event = make_event(ctx, id, 1, {std::move(*order), article, "", std::nullopt});
    if (auto st = apply(wo, event); !st) return fail(st.error());
    batch.push_back({id, 0, {std::move(event)}});
    summaries.push_back(summarize(wo));
    orders.push_back(std::move(wo));
  }
  RequestState next = *state;
  Event request_event =
      make_event(ctx, number, state->version + 1, {std::move(dispatched), "R6", "", std::nullopt});
  if (auto st = apply(next, request_event); !st) return fail(st.error());
  batch.insert(batch.begin(), StreamAppend{number, state->version, {std::move(request_event)}});
  if (auto st = append(batch, summaries, ctx.audit); !st) return fail(st.error());
  return orders;
}

}  // namespace hotline
