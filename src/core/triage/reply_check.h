#pragma once
// Reply checks (REP-2 [R13, T16(1)], REP-3 [T16(2)-(6), R13]): the full,
// reportable analysis of a unit's reply before the office accepts it. Each
// finding names its rule, the policy's article and the T16 item whose wording
// it applies; the office decides per policy whether a finding blocks
// completion or only warns (ReplyCheckSettings).
//
// A reply may come as structured fields (ReplyContent from the engine) or as
// one free text (the real replies in the data set have only text); an element
// of REP-2 counts as present when its field is filled or the text shows it
// (a contact time next to a contact, a phone number, a policy citation …).
// The text tests are heuristics and say so: a finding is a prompt for the
// reviewer, with the words that triggered it as evidence.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy/policy.h"
#include "core/work_order/events.h"

namespace hotline::triage {

enum class ReplyCheck {
  kMissingContactTime,     // REP-2: 与群众联系的具体时间
  kMissingHandler,         // REP-2: 答复群众具体工作人员
  kMissingHandlerContact,  // REP-2: 联系方式
  kMissingProcess,         // REP-2: 处理过程
  kMissingResult,          // REP-2: 办理结果
  kMissingPolicyBasis,     // REP-2: 政策依据 (R13)
  kMissingFeedback,        // REP-2: 群众反馈情况
  kForbiddenPhrase,        // REP-3: a result the policy forbids outright (T16(4)-(6))
  kPolicyOnly,             // REP-3: only "已告知/已解释相关政策" in other words (T16(4))
  kProcessOnly,            // REP-3: "办理中", "已转xx处理" — no result yet (T16(5))
  kTemplate,               // REP-3: a template or acknowledgement only (T16(6))
  kReturnReasonAsResult,   // REP-3: "not our duty, ask elsewhere" as the result (T16(3))
  kVague,                  // REP-3: a vague result (T16(2))
  kOffTopic,               // REP-3: the reply does not address the request (T16(2))
};
inline constexpr int kReplyCheckCount = 14;
std::string_view to_string(ReplyCheck c);
std::string_view to_chinese(ReplyCheck c);
std::optional<ReplyCheck> parse_reply_check(std::string_view s);
// The SPEC rule a check belongs to: "REP-2" or "REP-3".
std::string_view rule_of(ReplyCheck c);
// The item of T16 whose wording the check applies: "T16(1)" … "T16(6)".
std::string_view wording_of(ReplyCheck c);

enum class Severity { kBlock, kWarn, kOff };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct ReplyCheckSettings {
  // The office's choice per check; a check not listed blocks when the policy
  // requires the element (REP-2) or forbids the phrase (REP-3 outright), and
  // warns otherwise.
  std::map<ReplyCheck, Severity> severity;
  // T16(2): share of the request's subject bigrams found in the reply below
  // which the reply is off-topic (only with a subject of 4+ characters).
  double off_topic_overlap = 0.1;
  // … and when less than this share of the reply's own character pairs
  // (greetings removed) appear anywhere in the request.
  double off_topic_reply_overlap = 0.05;
  // A result with less substance than this (code points, greetings and
  // thanks removed) is vague unless it carries a concrete fact.
  std::size_t vague_below = 30;
};

struct Finding {
  ReplyCheck check = ReplyCheck::kMissingResult;
  std::string rule;     // "REP-2" / "REP-3"
  std::string article;  // the policy's article, e.g. "R13"
  std::string wording;  // "T16(5)"
  Severity severity = Severity::kWarn;
  std::string message;
  std::string message_zh;
  std::string evidence;  // the words that triggered it, if any
};

struct ReplyContext {
  std::string_view request_subject;  // for the off-topic check; empty: skipped
  std::string_view request_detail;
};

std::vector<Finding> check_reply(const ReplyContent& reply, const ReplyPolicy& policy,
                                 const ReplyCheckSettings& settings,
                                 const ReplyContext& context = {});

// True when any finding blocks completion.
bool blocks(const std::vector<Finding>& findings);

// The reply's text without greetings, thanks, dates and acknowledgements
// ("网友：您好！留言已收悉" has none), as code points — exposed for tests.
std::u32string substance(std::string_view text);

}  // namespace hotline::triage
