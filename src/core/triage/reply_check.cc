#include "core/triage/reply_check.h"

#include <algorithm>
#include <array>

#include "core/enum_table.h"
#include "core/text.h"
#include "core/triage/text_features.h"

namespace hotline::triage {
namespace {

constexpr EnumTable<ReplyCheck, kReplyCheckCount> kChecks{{
    {ReplyCheck::kMissingContactTime, "missing-contact-time", "缺少联系群众的具体时间"},
    {ReplyCheck::kMissingHandler, "missing-handler", "缺少答复的具体工作人员"},
    {ReplyCheck::kMissingHandlerContact, "missing-handler-contact", "缺少联系方式"},
    {ReplyCheck::kMissingProcess, "missing-process", "缺少处理过程"},
    {ReplyCheck::kMissingResult, "missing-result", "缺少办理结果"},
    {ReplyCheck::kMissingPolicyBasis, "missing-policy-basis", "缺少政策依据"},
    {ReplyCheck::kMissingFeedback, "missing-feedback", "缺少群众反馈情况"},
    {ReplyCheck::kForbiddenPhrase, "forbidden-phrase", "以禁止的内容办结"},
    {ReplyCheck::kPolicyOnly, "policy-only", "仅告知或解释政策"},
    {ReplyCheck::kProcessOnly, "process-only", "过程性答复"},
    {ReplyCheck::kTemplate, "template", "模板式答复"},
    {ReplyCheck::kReturnReasonAsResult, "return-reason-as-result", "以退回理由作为办理结果"},
    {ReplyCheck::kVague, "vague", "办理结果模糊不清"},
    {ReplyCheck::kOffTopic, "off-topic", "文不对题"},
}};

constexpr EnumTable<Severity, 3> kSeverities{{
    {Severity::kBlock, "block", "阻止办结"},
    {Severity::kWarn, "warn", "提示"},
    {Severity::kOff, "off", "不检查"},
}};

template <std::size_t N>
std::string_view first_of(std::string_view text, const std::array<std::string_view, N>& words) {
  std::size_t best = std::string_view::npos;
  std::string_view found;
  for (auto w : words) {
    const auto p = text.find(w);
    if (p != std::string_view::npos && p < best) {
      best = p;
      found = w;
    }
  }
  return found;
}

// The evidence around position `pos`: about `chars` characters either side.
std::string excerpt(std::string_view text, std::size_t pos, std::size_t len,
                    std::size_t chars = 12) {
  std::size_t b = pos;
  for (std::size_t n = 0; b > 0 && n < chars; ++n) {
    do {
      --b;
    } while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80);
  }
  std::size_t e = std::min(text.size(), pos + len);
  for (std::size_t n = 0; e < text.size() && n < chars; ++n) {
    do {
      ++e;
    } while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80);
  }
  return std::string(text.substr(b, e - b));
}

bool is_digit_before(std::string_view text, std::size_t pos) {
  if (pos == 0) return false;
  const auto c = static_cast<unsigned char>(text[pos - 1]);
  if (c >= '0' && c <= '9') return true;
  if (pos >= 3) {
    const std::string_view prev = text.substr(pos - 3, 3);
    static constexpr std::array<std::string_view, 13> kNumerals{
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "两", "廿"};
    for (auto n : kNumerals) {
      if (prev == n) return true;
    }
    // Full-width digits U+FF10..FF19: EF BC 90..99.
    if (static_cast<unsigned char>(prev[0]) == 0xEF &&
        static_cast<unsigned char>(prev[1]) == 0xBC &&
        static_cast<unsigned char>(prev[2]) >= 0x90 &&
        static_cast<unsigned char>(prev[2]) <= 0x99) {
      return true;
    }
  }
  return false;
}

// A date or a time of day: "4月16日", "16日", "下午2点", "10时", "当天".
bool has_time_expression(std::string_view w) {
  for (std::string_view unit : {"月", "日", "号", "时", "点"}) {
    for (std::size_t p = w.find(unit); p != std::string_view::npos; p = w.find(unit, p + 1)) {
      if (is_digit_before(w, p)) return true;
    }
  }
  for (std::string_view word : {"上午", "下午", "晚上", "当天", "当日", "今日", "次日", "同日"}) {
    if (w.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// Byte window [pos - before, pos + after), widened to whole characters.
std::string_view window(std::string_view text, std::size_t pos, std::size_t before,
                        std::size_t after) {
  std::size_t b = pos > before ? pos - before : 0;
  while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
  std::size_t e = std::min(text.size(), pos + after);
  while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  return text.substr(b, e - b);
}

// Words of contacting the applicant (not of visiting a site or a company).
constexpr std::array<std::string_view, 10> kContactWords{"联系", "电话", "致电", "沟通", "回访",
                                                         "面谈", "约见", "见面", "来电", "当面"};

// REP-2: a contact with the applicant and when it was.
std::optional<std::string> contact_time_evidence(std::string_view text) {
  for (auto w : kContactWords) {
    for (std::size_t p = text.find(w); p != std::string_view::npos; p = text.find(w, p + 1)) {
      const std::string_view around = window(text, p, 90, 45);
      if (has_time_expression(around)) return std::string(around);
    }
  }
  return std::nullopt;
}

// A phone number: seven or more digits, dashes allowed inside.
std::optional<std::string> phone_evidence(std::string_view text) {
  std::size_t run = 0, start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (run == 0) start = i;
      ++run;
      if (run >= 7) {
        // Not a date like 20190416: a phone run is followed by no 年/月/日.
        std::size_t e = i + 1;
        while (e < text.size() && ((text[e] >= '0' && text[e] <= '9') || text[e] == '-')) ++e;
        const std::string_view after = text.substr(e, 3);
        if (after != "年" && after != "月" && after != "日") {
          return excerpt(text, start, e - start, 6);
        }
      }
    } else if (c == '-' && run > 0) {
      continue;  // 0731-88888888
    } else if (text.substr(i, 3) == "—" && run > 0) {
      i += 2;
    } else {
      run = 0;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 22> kHandlerWords{
    "工作人员", "经办人", "联系人", "负责人", "同志", "科长", "主任", "队长",
    "所长",     "站长",   "局长",   "书记",   "镇长", "村长", "社区", "网格员",
    "民警",     "客服",   "专员",   "干部",   "先生", "女士"};
constexpr std::array<std::string_view, 18> kProcessWords{
    "经调查", "经核实", "经查", "现场", "实地", "核查", "调查", "走访", "了解",
    "协调",   "召开",   "约谈", "检查", "核实", "查看", "督促", "责令", "会同"};
constexpr std::array<std::string_view, 12> kBasisWords{
    "根据", "依据", "按照", "《", "规定", "条例", "办法", "政策", "文件", "法律", "法规", "标准"};
constexpr std::array<std::string_view, 12> kFeedbackWords{
    "表示满意", "表示理解", "表示认可", "表示感谢", "无异议", "满意",
    "认可",     "理解",     "反馈",     "同意",     "接受",   "不再"};
constexpr std::array<std::string_view, 16> kProcessOnlyWords{
    "已转",   "转交",   "转至",   "转办", "交办", "移交",   "正在",   "办理中",
    "处理中", "调查中", "核查中", "交由", "已交", "将尽快", "会尽快", "待调查"};
// Words of a completed act or a decision. Short results made of them
// ("施工单位已停止夜间施工", "暂不调整") are results, not templates; the scenario
// files reply this way and run through the same reply checks as the server.
constexpr std::array<std::string_view, 34> kResultWords{
    "已完成", "已整改", "完毕",   "已清理", "已修复", "已解决", "已办结", "已落实", "已拆除",
    "已恢复", "已安装", "已退还", "已退款", "已处罚", "已立案", "经查",   "经核实", "经调查",
    "已于",   "予以",   "不存在", "属实",   "已停止", "已清除", "已纳入", "已增加", "已更换",
    "已清运", "补办",   "责令",   "退费",   "维持",   "不调整", "不予"};
constexpr auto kReturnReasonWords = std::to_array<std::string_view>(
    {"不属于我",   "不属于本",   "非我单位",   "非本单位",   "不在我",      "不在本",
     "不属于职责", "职责范围外", "建议您向",   "建议您到",   "建议您直接",  "建议你向",
     "建议你到",   "建议你直接", "建议直接",   "请您向",     "请您到",      "请你向",
     "请你到",     "请咨询",     "请具体咨询", "可直接拨打", "通过司法途径"});
constexpr std::array<std::string_view, 10> kPolicyOnlyWords{
    "已告知",     "已解释",   "解释了相关", "告知了相关", "已向您解释",
    "已向其解释", "已作解释", "已做解释",   "进行了解释", "做好解释"};
constexpr std::array<std::string_view, 10> kVagueWords{
    "相关部门", "有关部门", "适时", "研究", "尽快", "逐步", "加强", "高度重视", "进一步", "积极"};

// Greetings, thanks and acknowledgements that carry no result.
constexpr std::array<std::string_view, 24> kBoilerplate{"尊敬的网友",
                                                        "尊敬的",
                                                        "网友",
                                                        "网民",
                                                        "您好",
                                                        "你好",
                                                        "留言已收悉",
                                                        "来信已收悉",
                                                        "已收悉",
                                                        "收悉",
                                                        "感谢您的留言",
                                                        "感谢您的来信",
                                                        "感谢您对我们工作的关心、监督与支持",
                                                        "感谢您对我们工作的理解和支持",
                                                        "感谢您对我们工作的支持",
                                                        "感谢您对我们工作的关心",
                                                        "感谢您的理解",
                                                        "感谢您的支持",
                                                        "感谢留言",
                                                        "感谢",
                                                        "谢谢",
                                                        "祝您",
                                                        "生活愉快",
                                                        "您的留言"};

std::string flatten(const ReplyContent& r) {
  std::string all;
  for (const std::string* s : {&r.handler, &r.handler_contact, &r.process, &r.result,
                               &r.policy_basis, &r.applicant_feedback}) {
    if (trim(*s).empty()) continue;
    if (!all.empty()) all += '\n';
    all += *s;
  }
  return all;
}

// REP-3: the fault of T16(2)-(6) a check finds.
ResultFault fault_of(ReplyCheck c) {
  switch (c) {
    case ReplyCheck::kReturnReasonAsResult:
      return ResultFault::kReturnReason;
    case ReplyCheck::kForbiddenPhrase:
    case ReplyCheck::kPolicyOnly:
      return ResultFault::kBare;
    case ReplyCheck::kProcessOnly:
      return ResultFault::kProcessOnly;
    case ReplyCheck::kTemplate:
      return ResultFault::kTemplate;
    default:
      return ResultFault::kVague;
  }
}

std::string_view wording_of(ResultFault f) {
  switch (f) {
    case ResultFault::kVague:
      return "T16(2)";
    case ResultFault::kReturnReason:
      return "T16(3)";
    case ResultFault::kBare:
      return "T16(4)";
    case ResultFault::kProcessOnly:
      return "T16(5)";
    case ResultFault::kTemplate:
      return "T16(6)";
  }
  return "T16(2)";
}

bool has_digit(const std::u32string& s) {
  return std::any_of(s.begin(), s.end(), [](char32_t c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(ReplyCheck c) { return enum_name(kChecks, c); }
std::string_view to_chinese(ReplyCheck c) { return enum_chinese(kChecks, c); }
std::optional<ReplyCheck> parse_reply_check(std::string_view s) { return enum_parse(kChecks, s); }
std::string_view to_string(Severity s) { return enum_name(kSeverities, s); }
std::optional<Severity> parse_severity(std::string_view s) { return enum_parse(kSeverities, s); }

std::string_view rule_of(ReplyCheck c) {
  switch (c) {
    case ReplyCheck::kMissingContactTime:
    case ReplyCheck::kMissingHandler:
    case ReplyCheck::kMissingHandlerContact:
    case ReplyCheck::kMissingProcess:
    case ReplyCheck::kMissingResult:
    case ReplyCheck::kMissingPolicyBasis:
    case ReplyCheck::kMissingFeedback:
      return "REP-2";
    default:
      return "REP-3";
  }
}

std::string_view wording_of(ReplyCheck c) {
  switch (c) {
    case ReplyCheck::kForbiddenPhrase:
    case ReplyCheck::kPolicyOnly:
      return "T16(4)";
    case ReplyCheck::kProcessOnly:
      return "T16(5)";
    case ReplyCheck::kTemplate:
      return "T16(6)";
    case ReplyCheck::kReturnReasonAsResult:
      return "T16(3)";
    case ReplyCheck::kVague:
    case ReplyCheck::kOffTopic:
    case ReplyCheck::kMissingResult:
      return "T16(2)";
    default:
      return "T16(1)";
  }
}

std::u32string substance(std::string_view text) {
  std::string s(text);
  for (auto b : kBoilerplate) {
    for (std::size_t p = s.find(b); p != std::string::npos; p = s.find(b, p)) s.erase(p, b.size());
  }
  std::u32string n = normalize_for_matching(s);
  // Dates: digits followed by 年, 月, 日 or 号.
  std::u32string out;
  for (std::size_t i = 0; i < n.size();) {
    std::size_t j = i;
    while (j < n.size() && n[j] >= '0' && n[j] <= '9') ++j;
    if (j > i && j < n.size() &&
        (n[j] == U'年' || n[j] == U'月' || n[j] == U'日' || n[j] == U'号')) {
      i = j + 1;
      continue;
    }
    if (j > i) {
      out.append(n, i, j - i);
      i = j;
      continue;
    }
    out.push_back(n[i++]);
  }
  // The applicant's user name in quotes ("UU0081176") is not substance either.
  if (out.size() >= 2 && out[0] == 'u' && out[1] == 'u') {
    std::size_t k = 2;
    while (k < out.size() && out[k] >= '0' && out[k] <= '9') ++k;
    out.erase(0, k);
  }
  return out;
}

std::vector<Finding> check_reply(const ReplyContent& reply, const ReplyPolicy& policy,
                                 const ReplyCheckSettings& settings, const ReplyContext& context) {
  std::vector<Finding> out;
  const std::string all = flatten(reply);
  const std::string_view text = all;
  // The result as written; in text-only replies the whole text is the result.
  const std::string_view result = trim(reply.result).empty() ? text : trim(reply.result);
  const std::u32string core = substance(result);

  auto required = [&](ReplyElement e) {
    return std::find(policy.required.begin(), policy.required.end(), e) != policy.required.end();
  };
  // The fault of a forbidden result is the one its pattern is listed under.
  const auto forbidden = policy.forbidden_match(result);
  auto add = [&](ReplyCheck c, bool hard, std::string message, std::string message_zh,
                 std::string evidence = {}) {
    Severity sev = hard ? Severity::kBlock : Severity::kWarn;
    if (const auto it = settings.severity.find(c); it != settings.severity.end()) sev = it->second;
    if (sev == Severity::kOff) return;
    Finding f;
    f.check = c;
    f.rule = std::string(rule_of(c));
    // Each REP-3 finding cites its own item (T16(2) … T16(6) under T; R13 under R).
    const ResultFault fault =
        c == ReplyCheck::kForbiddenPhrase && forbidden ? forbidden->fault : fault_of(c);
    f.article = f.rule == "REP-2"
                    ? (policy.required_article.empty() ? "R13" : policy.required_article)
                    : policy.article_for(fault);
    f.wording = std::string(
        f.rule == "REP-2" || c == ReplyCheck::kMissingResult ? wording_of(c) : wording_of(fault));
    f.severity = sev;
    f.message = std::move(message);
    f.message_zh = std::move(message_zh);
    f.evidence = std::move(evidence);
    out.push_back(std::move(f));
  };
  const bool no_contact = reply.applicant_not_replied;

  // ---- REP-2 [R13, T16(1)]: the elements --------------------------------
  if (!no_contact && !reply.contacted_at && !contact_time_evidence(text)) {
    add(ReplyCheck::kMissingContactTime, required(ReplyElement::kContactedAt),
        "the reply does not say when the applicant was contacted",
        "答复未体现与群众联系的具体时间");
  }
  if (trim(reply.handler).empty() && first_of(text, kHandlerWords).empty()) {
    add(ReplyCheck::kMissingHandler, required(ReplyElement::kHandler),
        "the reply does not name who handled it", "答复未写明答复群众的具体工作人员");
  }
  if (trim(reply.handler_contact).empty() && !phone_evidence(text)) {
    add(ReplyCheck::kMissingHandlerContact, required(ReplyElement::kHandlerContact),
        "the reply gives no way to reach the handler", "答复未留联系方式");
  }
  if (trim(reply.process).empty() && first_of(text, kProcessWords).empty()) {
    add(ReplyCheck::kMissingProcess, required(ReplyElement::kProcess),
        "the reply does not describe how the matter was handled", "答复未写明处理过程");
  }
  if (core.empty()) {
    add(ReplyCheck::kMissingResult, required(ReplyElement::kResult),
        "the reply has no result (greetings and acknowledgements only)",
        "答复没有办理结果（仅有问候、收悉或致谢）", std::string(trim(result)));
  }
  if (trim(reply.policy_basis).empty() && first_of(text, kBasisWords).empty()) {
    add(ReplyCheck::kMissingPolicyBasis, required(ReplyElement::kPolicyBasis),
        "the reply cites no policy basis", "答复未说明政策依据");
  }
  if (!no_contact && trim(reply.applicant_feedback).empty() &&
      first_of(text, kFeedbackWords).empty()) {
    add(ReplyCheck::kMissingFeedback, required(ReplyElement::kApplicantFeedback),
        "the reply does not record the applicant's feedback", "答复未写明群众反馈情况");
  }

  // ---- REP-3 [T16(2)-(6), R13]: quality ---------------------------------
  if (forbidden) {
    add(ReplyCheck::kForbiddenPhrase, true,
        "the result may not be only '" + *forbidden->pattern + "'",
        "不得以“" + *forbidden->pattern + "”等内容办结", std::string(trim(result)));
  }
  const bool has_result_words = !first_of(result, kResultWords).empty();
  if (!forbidden && core.size() < 60) {
    if (const auto w = first_of(result, kPolicyOnlyWords); !w.empty() && !has_result_words) {
      add(ReplyCheck::kPolicyOnly, false, "the result only says the policy was explained",
          "办理结果仅为已告知或已解释相关政策", excerpt(result, result.find(w), w.size()));
    }
  }
  bool process_only = false;
  if (!forbidden && !has_result_words && core.size() < 120) {
    if (const auto w = first_of(result, kProcessOnlyWords); !w.empty()) {
      process_only = true;
      add(ReplyCheck::kProcessOnly, false,
          "the reply reports a step of the process (forwarded, in progress), not a result",
          "过程性答复（已转办、办理中），没有办理结果", excerpt(result, result.find(w), w.size()));
    }
  }
  bool template_reply = false;
  // A short result that states what was done ("楼道灯已修复") is a result, not a template.
  if (!forbidden && !core.empty() && core.size() < 12 && !process_only && !has_result_words) {
    template_reply = true;
    add(ReplyCheck::kTemplate, false, "a template or acknowledgement, not a reply",
        "模板式答复，没有实质内容", std::string(trim(result)));
  }
  if (!has_result_words) {
    if (const auto w = first_of(result, kReturnReasonWords); !w.empty()) {
      add(ReplyCheck::kReturnReasonAsResult, false,
          "the result is a reason for returning the work order (not our duty, ask elsewhere)",
          "以退回理由（非本单位职责、建议向其他部门反映）作为办理结果",
          excerpt(result, result.find(w), w.size()));
    }
  }
  // Long replies are judged by people: the heuristic looks at short ones only.
  if (!forbidden && !process_only && !template_reply && !core.empty() && core.size() < 150 &&
      !has_result_words && !has_digit(core) && result.find("《") == std::string_view::npos) {
    const auto w = first_of(result, kVagueWords);
    if (core.size() < settings.vague_below || !w.empty()) {
      add(ReplyCheck::kVague, false, "the result is vague: no concrete fact, figure or date",
          "办理结果模糊不清：没有具体事实、数据或时间",
          w.empty() ? std::string(trim(result)) : excerpt(result, result.find(w), w.size()));
    }
  }
  if (!context.request_subject.empty() && !core.empty()) {
    // T16(2) 文不对题: the reply shares (almost) none of the subject's words,
    // and (almost) none of its own substance appears in the request.
    const auto subject = distinct_terms(normalize_for_matching(context.request_subject));
    if (subject.size() >= 3) {
      const auto replied = distinct_terms(normalize_for_matching(text));
      std::size_t shared = 0;
      for (auto t : subject) shared += std::binary_search(replied.begin(), replied.end(), t);
      const double subject_overlap =
          static_cast<double>(shared) / static_cast<double>(subject.size());
      std::u32string asked = normalize_for_matching(context.request_subject);
      asked += U'\0';
      asked += normalize_for_matching(context.request_detail);
      const auto request = distinct_terms(asked);
      const auto own = distinct_terms(core);
      std::size_t echoed = 0;
      for (auto t : own) echoed += std::binary_search(request.begin(), request.end(), t);
      const double reply_overlap =
          own.empty() ? 1.0 : static_cast<double>(echoed) / static_cast<double>(own.size());
      if (subject_overlap < settings.off_topic_overlap &&
          reply_overlap < settings.off_topic_reply_overlap) {
        add(ReplyCheck::kOffTopic, false,
            "the reply shares almost nothing with the request (subject or detail)",
            "答复内容与诉求几乎无关（文不对题）", std::string(context.request_subject));
      }
    }
  }
  return out;
}

bool blocks(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kBlock; });
}

}  // namespace hotline::triage
