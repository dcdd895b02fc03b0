#include "core/policy/policy.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <tuple>
#include <utility>

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<Anchor, 3> kAnchors{{
    {Anchor::kRegistration, "registration", "登记"},
    {Anchor::kDispatch, "dispatch", "派单"},
    {Anchor::kAcceptance, "acceptance", "接单"},
}};
constexpr EnumTable<Stage, 4> kStages{{
    {Stage::kDispatch, "dispatch", "派单"},
    {Stage::kAccept, "accept", "接单"},
    {Stage::kReturn, "return", "退回"},
    {Stage::kHandle, "handle", "办理"},
}};
constexpr EnumTable<ReturnReason, 7> kReturnReasons{{
    {ReturnReason::kNotOurDuty, "not-our-duty", "非本单位职责"},
    {ReturnReason::kMissingInformation, "missing-information", "信息要素不全、有误"},
    {ReturnReason::kRepeatWithFinalResult, "repeat-with-final-result",
     "重复反映且已有最终办理结果"},
    {ReturnReason::kAnsweredByKnowledgeBase, "answered-by-knowledge-base", "知识库已有明确解释"},
    {ReturnReason::kInLegalProceedings, "in-legal-proceedings", "已进入信访、诉讼、仲裁程序"},
    {ReturnReason::kDifficulty, "difficulty", "办理困难"},
    {ReturnReason::kNeedsAssistance, "needs-assistance", "需要其他单位协助"},
}};
constexpr EnumTable<ReturnEvidence, 6> kEvidence{{
    {ReturnEvidence::kLegalBasis, "legal-basis", "理由和依据"},
    {ReturnEvidence::kSuggestedUnit, "suggested-unit", "转办意见建议"},
    {ReturnEvidence::kItemsToVerify, "items-to-verify", "需核实的全部信息"},
    {ReturnEvidence::kEarlierResults, "earlier-results", "往次办理情况和结果"},
    {ReturnEvidence::kKnowledgeArticle, "knowledge-article", "知识库具体条目"},
    {ReturnEvidence::kDocumentNumber, "document-number", "文件编号等佐证材料"},
}};
constexpr EnumTable<NoVisitReason, 3> kNoVisit{{
    {NoVisitReason::kPolicyExplained, "policy-explained", "对政策不满且已解释"},
    {NoVisitReason::kUnreasonableDemand, "unreasonable-demand", "不合理诉求未得到满足"},
    {NoVisitReason::kAnonymous, "anonymous", "匿名反映"},
}};
constexpr EnumTable<NonAppealable, 6> kNonAppealable{{
    {NonAppealable::kApplicantNeverReached, "applicant-never-reached", "未联系到群众直接办结"},
    {NonAppealable::kStaffAttitude, "staff-attitude", "涉及工作人员态度"},
    {NonAppealable::kProblemRecurred, "problem-recurred", "暂时解决后出现回潮"},
    {NonAppealable::kClosedUnfinished, "closed-unfinished", "未完全解决即办结"},
    {NonAppealable::kOnlyAdvisedCourt, "only-advised-court", "仅建议通过法律途径解决"},
    {NonAppealable::kLeadDidOnlyOwnPart, "lead-did-only-own-part", "牵头单位仅办理本单位事项"},
}};
constexpr EnumTable<ArticleType, 5> kArticleTypes{{
    {ArticleType::kNormativeDocument, "normative-document", "规范性文件"},
    {ArticleType::kServiceGuide, "service-guide", "办事指南"},
    {ArticleType::kInterpretation, "interpretation", "业务解读"},
    {ArticleType::kAnswerScript, "answer-script", "答复口径"},
    {ArticleType::kSuddenEvent, "sudden-event", "突发事件信息"},
}};
constexpr EnumTable<ResultFault, 5> kResultFaults{{
    {ResultFault::kVague, "vague", "办理结果模糊不清"},
    {ResultFault::kReturnReason, "return-reason", "以退回理由作为办理结果"},
    {ResultFault::kBare, "bare", "仅以已解决、已告知政策等内容办结"},
    {ResultFault::kProcessOnly, "process-only", "过程性答复"},
    {ResultFault::kTemplate, "template", "模板式答复"},
}};
constexpr EnumTable<ReplyElement, 7> kReplyElements{{
    {ReplyElement::kContactedAt, "contacted-at", "联系诉求人时间"},
    {ReplyElement::kHandler, "handler", "答复工作人员"},
    {ReplyElement::kHandlerContact, "handler-contact", "工作人员联系方式"},
    {ReplyElement::kProcess, "process", "办理过程"},
    {ReplyElement::kResult, "result", "办理结果"},
    {ReplyElement::kPolicyBasis, "policy-basis", "政策依据"},
    {ReplyElement::kApplicantFeedback, "applicant-feedback", "诉求人反馈情况"},
}};

template <typename E>
bool contains(const std::vector<E>& list, E v) {
  for (const E& x : list) {
    if (x == v) return true;
  }
  return false;
}

// Every value of the classification enums, to check a stage table covers
// every work order. Keep in step with core/work_order/classification.h.
constexpr std::array kAllTypes{RequestType::kInquiry,    RequestType::kAssistance,
                               RequestType::kComplaint,  RequestType::kReport,
                               RequestType::kSuggestion, RequestType::kPraise};
constexpr std::array kAllUrgencies{Urgency::kGeneral, Urgency::kUtilities, Urgency::kLifeSafety};
constexpr std::array kAllLabels{UrgencyLabel::kNone, UrgencyLabel::kMostUrgent,
                                UrgencyLabel::kVeryUrgent, UrgencyLabel::kUrgent};
constexpr std::array kAllChannels{Channel::kPhone,
                                  Channel::kWebsite,
                                  Channel::kWechatOfficialAccount,
                                  Channel::kWechatMiniProgram,
                                  Channel::kSms,
                                  Channel::kWeibo,
                                  Channel::kHotline12328,
                                  Channel::kWechat12328,
                                  Channel::kZhengminLingjuliColumn,
                                  Channel::kHotlineTransfer,
                                  Channel::kOpen311};

std::string describe_subject(const DeadlineSubject& s) {
  return "type=" + std::string(to_string(s.type)) +
         " urgency=" + std::string(to_string(s.urgency)) +
         " label=" + std::string(to_string(s.label)) +
         " channel=" + std::string(to_string(s.channel));
}

std::string describe_subject_zh(const DeadlineSubject& s) {
  return "类型" + std::string(to_chinese(s.type)) + "、紧急程度" +
         std::string(to_chinese(s.urgency)) + "、标签" + std::string(to_chinese(s.label)) +
         "、渠道" + std::string(to_chinese(s.channel));
}

// --- forbidden reply results -------------------------------------------------

// Decodes the code point starting at `i`; returns its length (1 for bad bytes).
std::size_t decode_at(std::string_view s, std::size_t i, char32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xE  ? 3
                    : (b >> 3) == 0x1E ? 4
                                       : 1;
  if (i + len > s.size()) len = 1;
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k)
    c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = c;
  return len;
}

bool is_trimmable(char32_t c) {
  if (c < 0x80)
    return c <= 0x20 || (c < 0x7F && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                                       (c >= 'a' && c <= 'z')));
  switch (c) {
    case 0x00A0:
    case 0x00B7:
    case 0x2014:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x2026:
    case 0x22EF:
    case 0x3000:
    case 0x3001:
    case 0x3002:
    case 0x300A:
    case 0x300B:
    case 0x3010:
    case 0x3011:
    case 0xFF01:
    case 0xFF08:
    case 0xFF09:
    case 0xFF0C:
    case 0xFF0E:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF1F:
      return true;
    default:
      return false;
  }
}

// Start of the last code point of a non-empty UTF-8 string.
std::size_t last_start(std::string_view s) {
  std::size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::string_view trim(std::string_view s) {
  char32_t c = 0;
  while (!s.empty()) {
    std::size_t len = decode_at(s, 0, &c);
    if (!is_trimmable(c)) break;
    s.remove_prefix(len);
  }
  while (!s.empty()) {
    std::size_t start = last_start(s);
    decode_at(s, start, &c);
    if (!is_trimmable(c)) break;
    s = s.substr(0, start);
  }
  return s;
}

// The pattern as matched: a trailing ellipsis ("……", "...") means "and any
// text", like `*`; punctuation at the ends is trimmed as in results, keeping
// a leading or trailing `*`.
std::string normalise_pattern(std::string_view p) {
  bool open_start = false;
  bool open_end = false;
  for (;;) {
    if (p.ends_with("…")) {
      p.remove_suffix(std::string_view("…").size());
    } else if (p.ends_with("...")) {
      p.remove_suffix(3);
    } else if (p.ends_with('*')) {
      p.remove_suffix(1);
    } else {
      break;
    }
    open_end = true;
  }
  while (p.starts_with('*')) {
    p.remove_prefix(1);
    open_start = true;
  }
  std::string out(trim(p));
  if (out.empty()) return open_start || open_end ? "*" : "";
  if (open_start) out.insert(out.begin(), '*');
  if (open_end) out += '*';
  return out;
}

// `*` matches any (possibly empty) run of bytes. Byte-wise matching is safe
// for valid UTF-8: a literal can only match at code point boundaries.
bool glob(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// --- validation ----------------------------------------------------------------

Error invalid_policy(const Policy& policy, std::string field, const std::string& message,
                     const std::string& message_zh) {
  Error e;
  e.code = ErrorCode::kPolicyInvalid;
  e.field = std::move(field);
  std::string where = policy.name.empty() ? std::string("policy") : "policy " + policy.name;
  e.message = where + ": " + e.field + ": " + message;
  e.message_zh = "政策配置" + (policy.name.empty() ? std::string() : "“" + policy.name + "”") +
                 "有误（" + e.field + "）：" + message_zh;
  return e;
}

std::string index_field(std::string_view table, std::size_t i) {
  return std::string(table) + "[" + std::to_string(i) + "]";
}

std::string at_line(int line) {
  return line > 0 ? " (line " + std::to_string(line) + ")" : std::string();
}

Status check_table(const Policy& policy, std::string_view table,
                   const std::vector<DeadlineRule>& rules, std::initializer_list<Anchor> anchors) {
  if (rules.empty()) {
    return fail(invalid_policy(policy, std::string(table), "the table has no rows", "时限表为空"));
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const DeadlineRule& r = rules[i];
    std::string field = index_field(table, i);
    if (r.article.empty()) {
      return fail(invalid_policy(policy, field + ".article",
                                 "the row has no article" + at_line(r.source_line),
                                 "该行未注明条款依据"));
    }
    if (r.within.amount < 0) {
      return fail(invalid_policy(policy, field + ".within",
                                 "negative period" + at_line(r.source_line), "时限不得为负数"));
    }
    bool anchor_ok = false;
    std::string allowed;
    for (Anchor a : anchors) {
      anchor_ok = anchor_ok || a == r.from;
      allowed += (allowed.empty() ? "" : ", ") + std::string(to_string(a));
    }
    if (!anchor_ok) {
      return fail(invalid_policy(
          policy, field + ".from",
          "a " + std::string(table) + " period cannot count from " +
              std::string(to_string(r.from)) + "; allowed: " + allowed + at_line(r.source_line),
          "该时限不能从“" + std::string(enum_chinese(kAnchors, r.from)) + "”起算"));
    }
  }
  // Coverage, by trying every combination of the enums: a table must give
  // every work order a period. Every matching row binds and the earliest
  // deadline applies, so the order of the rows does not matter.
  for (RequestType t : kAllTypes) {
    for (Urgency u : kAllUrgencies) {
      for (UrgencyLabel l : kAllLabels) {
        for (Channel c : kAllChannels) {
          DeadlineSubject s{t, u, l, c};
          const bool found = std::any_of(rules.begin(), rules.end(),
                                         [&](const DeadlineRule& r) { return r.matches(s); });
          if (!found) {
            return fail(invalid_policy(
                policy, std::string(table),
                "no row matches " + describe_subject(s) +
                    "; end the table with a row without conditions",
                "没有适用于（" + describe_subject_zh(s) + "）的时限，请在表末增加不设条件的行"));
          }
        }
      }
    }
  }
  return {};
}

Status need_article(const Policy& policy, const std::string& field, const std::string& article) {
  if (!article.empty()) return {};
  return fail(invalid_policy(policy, field + ".article", "no article is cited", "未注明条款依据"));
}

Status check_duration(const Policy& policy, const std::string& field,
                      const Cited<PolicyDuration>& d) {
  if (d.value.amount < 0) {
    return fail(invalid_policy(policy, field, "negative period", "时限不得为负数"));
  }
  return need_article(policy, field, d.article);
}

Status check_count(const Policy& policy, const std::string& field, const Cited<int>& n, int min,
                   int max) {
  if (n.value < min || n.value > max) {
    return fail(invalid_policy(policy, field,
                               "must be between " + std::to_string(min) + " and " +
                                   std::to_string(max) + ", not " + std::to_string(n.value),
                               "应在" + std::to_string(min) + "至" + std::to_string(max) + "之间"));
  }
  return need_article(policy, field, n.article);
}

// A true flag changes what the platform does, so it must say why.
Status check_flag(const Policy& policy, const std::string& field, const Cited<bool>& b) {
  return b.value ? need_article(policy, field, b.article) : Status{};
}

// A non-empty list of rules needs the article it comes from.
template <typename List>
Status check_list(const Policy& policy, const std::string& field, const List& list,
                  const std::string& article) {
  if (list.empty() || !article.empty()) return {};
  return fail(
      invalid_policy(policy, field, "the list has no article beside it", "该列表未注明条款依据"));
}

bool valid_profile_name(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

#define HOTLINE_TRY(expr)        \
  do {                           \
    if (auto s_ = (expr); !s_) { \
      return s_;                 \
    }                            \
  } while (false)

}  // namespace

std::string_view to_string(Anchor a) { return enum_name(kAnchors, a); }
std::string_view to_string(Stage s) { return enum_name(kStages, s); }
std::optional<Anchor> parse_anchor(std::string_view s) { return enum_parse(kAnchors, s); }
std::optional<Stage> parse_stage(std::string_view s) { return enum_parse(kStages, s); }

std::string_view to_string(ReturnReason r) { return enum_name(kReturnReasons, r); }
std::string_view to_chinese(ReturnReason r) { return enum_chinese(kReturnReasons, r); }
std::optional<ReturnReason> parse_return_reason(std::string_view s) {
  return enum_parse(kReturnReasons, s);
}
std::string_view to_string(ReturnEvidence e) { return enum_name(kEvidence, e); }
std::optional<ReturnEvidence> parse_return_evidence(std::string_view s) {
  return enum_parse(kEvidence, s);
}
std::string_view to_string(NoVisitReason r) { return enum_name(kNoVisit, r); }
std::optional<NoVisitReason> parse_no_visit_reason(std::string_view s) {
  return enum_parse(kNoVisit, s);
}
std::string_view to_string(NonAppealable r) { return enum_name(kNonAppealable, r); }
std::optional<NonAppealable> parse_non_appealable(std::string_view s) {
  return enum_parse(kNonAppealable, s);
}
std::string_view to_string(ArticleType t) { return enum_name(kArticleTypes, t); }
std::optional<ArticleType> parse_article_type(std::string_view s) {
  return enum_parse(kArticleTypes, s);
}
std::string_view to_string(ReplyElement e) { return enum_name(kReplyElements, e); }
std::string_view to_chinese(ReplyElement e) { return enum_chinese(kReplyElements, e); }
std::optional<ReplyElement> parse_reply_element(std::string_view s) {
  return enum_parse(kReplyElements, s);
}

bool DeadlineRule::matches(const DeadlineSubject& s) const {
  return (types.empty() || contains(types, s.type)) &&
         (urgencies.empty() || contains(urgencies, s.urgency)) &&
         (labels.empty() || contains(labels, s.label)) &&
         (channels.empty() || contains(channels, s.channel));
}

std::optional<ReplyPolicy::Match> ReplyPolicy::forbidden_match(std::string_view result) const {
  // REP-3 [T16(4)]: "问题已解决" and "经核实，您反映的问题已解决" are "已解决"
  // in other words: the filler is removed (longest words first) before matching.
  std::vector<std::string_view> filler(filler_words.begin(), filler_words.end());
  std::sort(filler.begin(), filler.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string stripped(result);
  for (std::string_view w : filler) {
    if (w.empty()) continue;
    for (std::size_t p = stripped.find(w); p != std::string::npos; p = stripped.find(w, p)) {
      stripped.erase(p, w.size());
    }
  }
  // Punctuation left inside by the removal ("经核实，您反映的问题已解决" →
  // "，已解决") is trimmed with the ends.
  const std::string_view text = trim(result);
  const std::string_view bare = trim(stripped);
  for (const auto& [fault, rule] : faults) {
    for (const std::string& pattern : rule.results) {
      std::string p = normalise_pattern(pattern);
      if (!p.empty() && (glob(p, text) || glob(p, bare))) {
        return Match{fault, &pattern, &rule.article};
      }
    }
  }
  return std::nullopt;
}

std::string ReplyPolicy::article_for(ResultFault fault, std::string_view fallback) const {
  const auto it = faults.find(fault);
  if (it == faults.end() || it->second.article.empty()) return std::string(fallback);
  return it->second.article;
}

std::string_view to_string(ResultFault f) { return enum_name(kResultFaults, f); }
std::optional<ResultFault> parse_result_fault(std::string_view s) {
  return enum_parse(kResultFaults, s);
}

const std::vector<DeadlineRule>& Policy::rules(Stage stage) const {
  switch (stage) {
    case Stage::kDispatch:
      return dispatch;
    case Stage::kAccept:
      return accept;
    case Stage::kReturn:
      return return_policy.window;
    case Stage::kHandle:
      return handle;
  }
  return handle;
}

Result<std::vector<const DeadlineRule*>> Policy::rules_for(Stage stage,
                                                           const DeadlineSubject& subject) const {
  std::vector<const DeadlineRule*> out;
  for (const DeadlineRule& rule : rules(stage)) {
    if (rule.matches(subject)) out.push_back(&rule);
  }
  if (!out.empty()) return out;
  return fail(Error::not_found("policy " + name + ": " + std::string(to_string(stage)) +
                                   " rule for " + describe_subject(subject),
                               "政策“" + name + "”中没有适用于（" + describe_subject_zh(subject) +
                                   "）的" + std::string(enum_chinese(kStages, stage)) + "时限"));
}

Result<const Policy*> PolicySet::find(std::string_view name) const {
  if (auto it = profiles.find(std::string(name)); it != profiles.end()) return &it->second;
  std::string known;
  for (const auto& [n, p] : profiles) known += (known.empty() ? "" : ", ") + n;
  if (known.empty()) known = "none";
  Error e = Error::not_found("policy profile \"" + std::string(name) + "\" (known: " + known + ")",
                             "未找到政策配置“" + std::string(name) + "”（已有：" + known + "）");
  e.field = "profile";
  return fail(std::move(e));
}

const Policy& PolicySet::default_policy() const {
  // load_policy_dir guarantees the default exists; a set built by hand
  // without it falls back to its first profile rather than crashing.
  if (auto it = profiles.find(default_profile); it != profiles.end()) return it->second;
  if (!profiles.empty()) return profiles.begin()->second;
  static const Policy kEmpty;
  return kEmpty;
}

Status validate(const Policy& p) {
  if (!valid_profile_name(p.name)) {
    return fail(invalid_policy(
        p, "profile.name", "the name \"" + p.name + "\" must be lower-case letters, digits and '-'",
        "配置名称只能包含小写字母、数字和“-”"));
  }
  if (p.source.empty()) {
    return fail(invalid_policy(p, "profile.source", "the source regulation is missing",
                               "未注明所依据的规定"));
  }

  HOTLINE_TRY(check_table(p, "dispatch", p.dispatch, {Anchor::kRegistration}));
  HOTLINE_TRY(check_table(p, "accept", p.accept, {Anchor::kDispatch}));
  HOTLINE_TRY(check_table(p, "handle", p.handle, {Anchor::kDispatch, Anchor::kAcceptance}));

  const ReturnPolicy& r = p.return_policy;
  HOTLINE_TRY(check_table(p, "return.window", r.window, {Anchor::kDispatch, Anchor::kAcceptance}));
  if (r.complex_window) HOTLINE_TRY(check_duration(p, "return.complex_window", *r.complex_window));
  std::set<ReturnReason> seen;
  for (std::size_t i = 0; i < r.reasons.size(); ++i) {
    std::string field = index_field("return.reasons", i);
    if (!seen.insert(r.reasons[i].reason).second) {
      return fail(invalid_policy(
          p, field,
          "the reason " + std::string(to_string(r.reasons[i].reason)) + " is listed twice",
          "退回理由“" + std::string(to_chinese(r.reasons[i].reason)) + "”重复"));
    }
    HOTLINE_TRY(need_article(p, field, r.reasons[i].article));
  }
  HOTLINE_TRY(
      check_flag(p, "return.designated_unit_may_not_return", r.designated_unit_may_not_return));
  HOTLINE_TRY(
      check_list(p, "return.labels_needing_consent", r.labels_needing_consent, r.labels_article));
  if (r.returns_before_supervision) {
    HOTLINE_TRY(
        check_count(p, "return.returns_before_supervision", *r.returns_before_supervision, 1, 100));
  }

  const ExtensionPolicy& x = p.extension;
  if (x.apply_before.empty()) {
    return fail(invalid_policy(p, "extension.apply_before", "no period is given",
                               "未规定提前申请延期的时限"));
  }
  for (std::size_t i = 0; i < x.apply_before.size(); ++i) {
    HOTLINE_TRY(check_duration(p, index_field("extension.apply_before", i), x.apply_before[i]));
  }
  HOTLINE_TRY(check_count(p, "extension.max_count", x.max_count, 0, 100));
  HOTLINE_TRY(check_flag(p, "extension.each_equals_original", x.each_equals_original));
  if (x.max_each) HOTLINE_TRY(check_duration(p, "extension.max_each", *x.max_each));
  if (!x.excluded_types.empty() || !x.excluded_urgencies.empty() || !x.excluded_labels.empty()) {
    if (x.exclusion_article.empty()) {
      return fail(invalid_policy(p, "extension.exclusion_article",
                                 "exclusions are listed without an article",
                                 "不得延期的情形未注明条款依据"));
    }
  }
  HOTLINE_TRY(check_flag(p, "extension.requires_applicant_consent", x.requires_applicant_consent));
  HOTLINE_TRY(
      check_flag(p, "extension.allowed_when_handling_again", x.allowed_when_handling_again));

  HOTLINE_TRY(check_list(p, "reply.required", p.reply.required, p.reply.required_article));
  for (const auto& [fault, rule] : p.reply.faults) {
    const std::string field = "reply.faults." + std::string(to_string(fault));
    HOTLINE_TRY(need_article(p, field, rule.article));
    for (std::size_t i = 0; i < rule.results.size(); ++i) {
      std::string norm = normalise_pattern(rule.results[i]);
      if (norm.empty() || norm == "*") {
        return fail(invalid_policy(p, index_field(field + ".results", i),
                                   "the phrase is empty or matches every reply",
                                   "禁用答复内容为空或会匹配所有答复"));
      }
    }
  }
  for (std::size_t i = 0; i < p.reply.filler_words.size(); ++i) {
    if (trim(p.reply.filler_words[i]).empty()) {
      return fail(invalid_policy(p, index_field("reply.filler_words", i), "an empty word",
                                 "无实义词语不能为空"));
    }
  }

  HOTLINE_TRY(check_flag(p, "reply.unified_reply_by_lead", p.reply.unified_reply_by_lead));

  const EvaluationPolicy& ev = p.evaluation;
  HOTLINE_TRY(
      check_list(p, "evaluation.not_evaluated", ev.not_evaluated, ev.not_evaluated_article));
  HOTLINE_TRY(check_count(p, "evaluation.max_handling_again", ev.max_handling_again, 0, 100));
  HOTLINE_TRY(
      check_list(p, "evaluation.no_visit_reasons", ev.no_visit_reasons, ev.no_visit_article));
  HOTLINE_TRY(check_flag(p, "evaluation.close_without_contact", ev.close_without_contact));
  HOTLINE_TRY(check_flag(p, "extension.allowed_with_statutory_deadline",
                         x.allowed_with_statutory_deadline));
  if (p.forwarding.article.empty()) {
    return fail(invalid_policy(p, "forwarding.article", "no article is cited", "未注明条款依据"));
  }

  const AppealPolicy& ap = p.appeal;
  // Day 1..28 exists in every month.
  if (ap.monthly_deadline_day) {
    HOTLINE_TRY(check_count(p, "appeal.monthly_deadline_day", *ap.monthly_deadline_day, 1, 28));
  }
  HOTLINE_TRY(check_flag(p, "appeal.postpone_past_holidays", ap.postpone_past_holidays));
  HOTLINE_TRY(check_list(p, "appeal.non_appealable", ap.non_appealable, ap.non_appealable_article));

  const KnowledgeBasePolicy& kb = p.knowledge_base;
  HOTLINE_TRY(check_duration(p, "knowledge_base.update_within", kb.update_within));
  HOTLINE_TRY(
      check_duration(p, "knowledge_base.emergency_update_within", kb.emergency_update_within));
  HOTLINE_TRY(check_duration(p, "knowledge_base.prenotice_before", kb.prenotice_before));
  for (const auto& row : kArticleTypes) {
    ArticleType t = std::get<0>(row);
    std::string field = "knowledge_base.validity." + std::string(to_string(t));
    auto it = kb.validity.find(t);
    if (it == kb.validity.end()) {
      return fail(invalid_policy(p, field, "no validity period for this article type",
                                 "未规定“" + std::string(std::get<2>(row)) + "”的有效期"));
    }
    HOTLINE_TRY(check_duration(p, field, it->second));
    if (it->second.value.amount == 0) {
      return fail(invalid_policy(p, field, "a validity period cannot be zero", "有效期不能为零"));
    }
  }
  if (kb.monthly_kb_report_last_day) {
    HOTLINE_TRY(check_count(p, "knowledge_base.monthly_kb_report_last_day",
                            *kb.monthly_kb_report_last_day, 1, 28));
  }
  if (kb.monthly_training_report_last_day) {
    HOTLINE_TRY(check_count(p, "knowledge_base.monthly_training_report_last_day",
                            *kb.monthly_training_report_last_day, 1, 28));
  }
  if (kb.monthly_report_units) {
    const std::string field = "knowledge_base.monthly_report_units";
    const auto& units = kb.monthly_report_units->value;
    if (!kb.monthly_kb_report_last_day && !kb.monthly_training_report_last_day) {
      return fail(invalid_policy(p, field,
                                 "names units for monthly reports the profile does not ask for",
                                 "未规定月报表时限，却列出了报送单位"));
    }
    if (units.empty()) {
      return fail(invalid_policy(p, field, "is empty: leave it out for every handling unit",
                                 "报送单位为空"));
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (std::find(units.begin(), units.begin() + static_cast<std::ptrdiff_t>(i), units[i]) !=
          units.begin() + static_cast<std::ptrdiff_t>(i)) {
        return fail(invalid_policy(p, field, units[i] + " is named twice", "报送单位重复"));
      }
    }
    HOTLINE_TRY(need_article(p, field, kb.monthly_report_units->article));
  }

  const SupervisionPolicy& sv = p.supervision;
  HOTLINE_TRY(check_flag(p, "supervision.on_overdue_acceptance", sv.on_overdue_acceptance));
  HOTLINE_TRY(check_flag(p, "supervision.on_overdue_handling", sv.on_overdue_handling));
  HOTLINE_TRY(check_flag(p, "supervision.on_missing_reply_elements", sv.on_missing_reply_elements));
  HOTLINE_TRY(
      check_flag(p, "supervision.on_confirmed_dissatisfaction", sv.on_confirmed_dissatisfaction));
  if (sv.on_concentrated_requests.has_value() != sv.concentrated_requests_window.has_value()) {
    return fail(
        invalid_policy(p, "supervision.concentrated_requests_window",
                       "on_concentrated_requests and concentrated_requests_window go together",
                       "集中反映的人数阈值与统计时段须同时设定"));
  }
  if (sv.on_concentrated_requests) {
    HOTLINE_TRY(check_count(p, "supervision.on_concentrated_requests", *sv.on_concentrated_requests,
                            2, 100000));
    const auto& w = *sv.concentrated_requests_window;
    HOTLINE_TRY(check_duration(p, "supervision.concentrated_requests_window", w));
    using U = PolicyDuration::Unit;
    if (w.value.amount <= 0 || (w.value.unit != U::kCalendarDays && w.value.unit != U::kHours)) {
      return fail(invalid_policy(p, "supervision.concentrated_requests_window",
                                 "a positive number of days or hours, not " + w.value.describe(),
                                 "统计时段应为若干天或小时"));
    }
  }

  double f = p.warning.remaining_fraction.value;
  if (!(f > 0.0 && f < 1.0)) {
    return fail(invalid_policy(p, "warning.remaining_fraction",
                               "must be greater than 0 and less than 1, not " + std::to_string(f),
                               "临近超时提醒比例应大于0且小于1"));
  }
  HOTLINE_TRY(need_article(p, "warning.remaining_fraction", p.warning.remaining_fraction.article));
  return {};
}

#undef HOTLINE_TRY

}  // namespace hotline
