// Conduct on both sides of the line: complaints about hotline staff (INT-6
// [M14]) and the warning and suspension of applicants who occupy the line or
// harass staff (CON-1 [D32, M12]).

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"
#include "core/security/masking.h"
#include "core/text.h"

namespace hotline {
namespace {

constexpr std::size_t kMaxNote = 2000;

Status check_note(std::string_view field, std::string_view value, bool required) {
  if (required && trim(value).empty()) {
    return fail(Error::invalid(std::string(field), "required", "必填"));
  }
  if (value.size() > kMaxNote) {
    return fail(Error::invalid(std::string(field), "too long", "内容过长"));
  }
  if (!is_valid_utf8(value)) {
    return fail(Error::invalid(std::string(field), "not valid UTF-8", "不是有效的 UTF-8 文本"));
  }
  return {};
}

Error option_off() {
  return Error::refused("CON-1", "D32", "the policy does not provide for suspending applicants",
                        "本政策未启用暂停诉求人占用热线资源的规定");
}

}  // namespace

// ---- INT-6 -----------------------------------------------------------------

Result<RequestState> Engine::file_conduct_complaint(const CommandContext& ctx,
                                                    RequestDetails details,
                                                    ConductComplaintFiled complaint) {
  if (auto st = authorize(ctx.actor, Action::kFileConductComplaint, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  if (auto st = check_note("staff_member", complaint.staff_member, true); !st) {
    return fail(st.error());
  }
  if (!complaint.about_request.empty()) {
    auto earlier = request(complaint.about_request);
    if (!earlier) {
      return fail(Error::invalid("about_request", "no such request",
                                 "诉求编号不存在：" + complaint.about_request));
    }
  }
  // M14 第二款 诉求人有权投诉举报: a complaint (投诉) about the office itself.
  details.type = RequestType::kComplaint;
  details.applicant.complained_unit.reset();
  const Instant now = clock_.now();
  if (complaint.occurred_at && *complaint.occurred_at > now + Seconds{300}) {
    return fail(Error::invalid("occurred_at", "lies in the future", "发生时间不能晚于当前时间"));
  }
  // Registered like any request (INT-4, INT-5), then marked in the same
  // append, so no dispatcher ever sees it as an ordinary request.
  auto registered = register_request_events(ctx, std::move(details));
  if (!registered) return fail(registered.error());
  auto& [empty, events] = *registered;
  events.push_back({std::move(complaint), "M14", "", std::nullopt});
  return commit(ctx, empty, std::move(events));
}

Result<RequestState> Engine::handle_conduct_complaint(const CommandContext& ctx,
                                                      const std::string& number,
                                                      ConductComplaintHandled handling) {
  if (auto st = authorize(ctx.actor, Action::kHandleConductComplaint, nullptr, organisation_);
      !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (!state->is_conduct_complaint()) {
    return fail(Error::refused("INT-6", "M14", "request " + number + " is not a conduct complaint",
                               "该诉求不是对热线工作人员的投诉"));
  }
  if (state->conduct_handling) {
    return fail(
        Error::refused("INT-6", "M14", "the complaint has been handled already", "该投诉已处理"));
  }
  // Nobody handles a complaint about themselves.
  if (ctx.actor.id == state->conduct_complaint->staff_member) {
    return fail(Error::refused("INT-6", "M14",
                               "the staff member complained about may not handle the complaint",
                               "被投诉的工作人员不得处理对本人的投诉"));
  }
  if (auto st = check_note("measures", handling.measures, true); !st) return fail(st.error());
  if (auto st = check_note("told_applicant", handling.told_applicant, true); !st) {
    return fail(st.error());
  }
  return commit(ctx, *state, {{std::move(handling), "M14", "", std::nullopt}});
}

// ---- CON-1 -----------------------------------------------------------------

Result<ApplicantConductState> Engine::conduct_record(const RequestState& request,
                                                     const ConductPolicy** policy) {
  const ConductPolicy& cp = policies_.default_policy().conduct;
  if (!cp.present) return fail(option_off());
  if (policy) *policy = &cp;
  const std::string phone = normalize_phone(request.details.applicant.phone);
  if (phone.empty()) {
    return fail(Error::refused("CON-1", cp.article,
                               "the request records no phone number to identify the applicant by",
                               "该诉求未登记电话号码，无法识别诉求人"));
  }
  if (applicant_keyer_ == nullptr) {
    return fail(Error::refused("CON-1", cp.article,
                               "applicants are identified by a keyed hash of their phone, and "
                               "this platform runs without a personal-data key",
                               "未配置个人信息密钥，无法识别诉求人"));
  }
  const std::string stream = applicant_stream(applicant_keyer_->key_of(phone));
  auto events = store_.load(stream);
  if (!events) return fail(events.error());
  auto state = fold_applicant_conduct(*events);
  if (!state) return state;
  state->stream = stream;
  return state;
}

Result<ApplicantConductState> Engine::commit(const CommandContext& ctx,
                                             const ApplicantConductState& state,
                                             std::vector<NewEvent> events) {
  ApplicantConductState next = state;
  StreamAppend append{state.stream, state.version, {}};
  for (auto& e : events) {
    Event event = make_event(ctx, state.stream, next.version + 1, std::move(e));
    if (auto st = apply(next, event); !st) return fail(st.error());
    append.events.push_back(std::move(event));
  }
  if (auto st = this->append({append}, {}, ctx.audit); !st) return fail(st.error());
  return next;
}

Result<ApplicantConductState> Engine::warn_applicant(const CommandContext& ctx,
                                                     const std::string& number,
                                                     ApplicantMisconduct behaviour) {
  if (auto st = authorize(ctx.actor, Action::kWarnApplicant, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto req = request(number);
  if (!req) return fail(req.error());
  const ConductPolicy* cp = nullptr;
  auto record = conduct_record(*req, &cp);
  if (!record) return record;
  if (auto st = require_reason(ctx.reason, "提醒的事由"); !st) return fail(st.error());
  return commit(ctx, *record, {{ApplicantWarned{behaviour, number}, "M12", "", std::nullopt}});
}

Result<ApplicantConductState> Engine::suspend_applicant(const CommandContext& ctx,
                                                        const std::string& number,
                                                        ApplicantMisconduct behaviour,
                                                        Instant until) {
  if (auto st = authorize(ctx.actor, Action::kSuspendApplicant, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto req = request(number);
  if (!req) return fail(req.error());
  const ConductPolicy* cp = nullptr;
  auto record = conduct_record(*req, &cp);
  if (!record) return record;
  const Instant now = clock_.now();
  if (record->active_suspension(now) != nullptr) {
    return fail(Error::refused("CON-1", cp->article, "the applicant is suspended already",
                               "该诉求人已在暂停期内"));
  }
  // D32 经热线工作人员提醒: the recorded warnings come first.
  const int needed = cp->warnings_before_suspension.value;
  if (record->warnings_since_last_suspension() < needed) {
    return fail(Error::refused(
        "CON-1", cp->warnings_before_suspension.article,
        "a suspension needs " + std::to_string(needed) + " recorded warning(s) first",
        "暂停前须经" + std::to_string(needed) + "次以上有记录的提醒"));
  }
  if (auto st = require_reason(ctx.reason, "暂停的理由"); !st) return fail(st.error());
  if (until <= now) {
    return fail(Error::invalid("until", "the end of a suspension lies in the future",
                               "暂停截止时间须晚于当前时间"));
  }
  auto longest = deadlines_.add(now, cp->longest_suspension.value);
  if (!longest) return fail(longest.error());
  if (until > *longest) {
    return fail(
        Error::refused("CON-1", cp->longest_suspension.article,
                       "a suspension lasts at most " + cp->longest_suspension.value.describe(),
                       "暂停期限不得超过" + cp->longest_suspension.value.describe()));
  }
  auto review = deadlines_.add(now, cp->review_within.value);
  if (!review) return fail(review.error());
  ApplicantSuspended suspended{
      behaviour, number, Deadline{until, cp->longest_suspension.article, "end of the suspension"},
      Deadline{*review, cp->review_within.article,
               cp->review_within.value.describe() + " from the suspension"}};
  return commit(ctx, *record, {{std::move(suspended), cp->article, "", std::nullopt}});
}

Result<ApplicantConductState> Engine::review_suspension(const CommandContext& ctx,
                                                        const std::string& number, bool upheld) {
  if (auto st = authorize(ctx.actor, Action::kReviewSuspension, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto req = request(number);
  if (!req) return fail(req.error());
  const ConductPolicy* cp = nullptr;
  auto record = conduct_record(*req, &cp);
  if (!record) return record;
  if (record->suspensions.empty() || record->suspensions.back().upheld) {
    return fail(Error::refused("CON-1", cp->review_within.article,
                               "no suspension of this applicant awaits review",
                               "该诉求人没有待复核的暂停决定"));
  }
  // A review is a second look: not by whoever suspended.
  if (record->suspensions.back().by == ctx.actor.id) {
    return fail(Error::refused("CON-1", cp->review_within.article,
                               "the suspension is reviewed by someone other than who decided it",
                               "暂停决定须由作出决定以外的人员复核"));
  }
  if (auto st = require_reason(ctx.reason, "复核意见"); !st) return fail(st.error());
  return commit(ctx, *record,
                {{SuspensionReviewed{upheld}, cp->review_within.article, "", std::nullopt}});
}

Result<ApplicantConductState> Engine::applicant_conduct(const std::string& number) {
  auto req = request(number);
  if (!req) return fail(req.error());
  return conduct_record(*req, nullptr);
}

Status Engine::check_not_suspended(const RequestDetails& details, Instant now) {
  const ConductPolicy& cp = policies_.default_policy().conduct;
  if (!cp.present || applicant_keyer_ == nullptr) return {};
  const std::string phone = normalize_phone(details.applicant.phone);
  if (phone.empty()) return {};
  // Emergencies always get through (M13(1), R6).
  if (contains(cp.always_through, details.urgency)) return {};
  for (const auto& item : details.items) {
    if (item.urgency && contains(cp.always_through, *item.urgency)) return {};
  }
  auto events = store_.load(applicant_stream(applicant_keyer_->key_of(phone)));
  if (!events) return fail(events.error());
  if (events->empty()) return {};
  auto record = fold_applicant_conduct(*events);
  if (!record) return fail(record.error());
  const RecordedSuspension* s = record->active_suspension(now);
  if (s == nullptr) return {};
  const std::string until = format_iso8601(s->ends());
  return fail(Error::refused("CON-1", cp.article,
                             "the applicant's use of the hotline is suspended until " + until +
                                 "; emergencies are still taken",
                             "该诉求人占用热线资源已被暂停至" + until + "（" +
                                 std::string(to_chinese(s->suspension.behaviour)) +
                                 "）；紧急事项不受限制"));
}

}  // namespace hotline
