#include "adapters/toml/policy_file.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "adapters/toml/toml_document.h"
#include "core/work_order/events.h"

namespace hotline {
namespace {

// Every value of each enum a policy file may name, for "allowed: ..." in
// error messages. Keep in step with the headers that declare them.
constexpr std::array kRequestTypes{RequestType::kInquiry,    RequestType::kAssistance,
                                   RequestType::kComplaint,  RequestType::kReport,
                                   RequestType::kSuggestion, RequestType::kPraise};
constexpr std::array kUrgencies{Urgency::kGeneral, Urgency::kUtilities, Urgency::kLifeSafety};
constexpr std::array kLabels{UrgencyLabel::kMostUrgent, UrgencyLabel::kVeryUrgent,
                             UrgencyLabel::kUrgent, UrgencyLabel::kNone};
constexpr std::array kSpecialLabels{
    SpecialLabel::kInternetPlusInspection, SpecialLabel::kBusinessEnvironmentSupervisor,
    SpecialLabel::kChinaGovWebsiteMessage, SpecialLabel::kEnterpriseServiceLineTransfer};
constexpr std::array kChannels{Channel::kPhone,
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
constexpr std::array kAnchors{Anchor::kRegistration, Anchor::kDispatch, Anchor::kAcceptance};
constexpr std::array kReasons{ReturnReason::kNotOurDuty,
                              ReturnReason::kMissingInformation,
                              ReturnReason::kRepeatWithFinalResult,
                              ReturnReason::kAnsweredByKnowledgeBase,
                              ReturnReason::kInLegalProceedings,
                              ReturnReason::kDifficulty,
                              ReturnReason::kNeedsAssistance};
constexpr std::array kEvidence{ReturnEvidence::kLegalBasis,       ReturnEvidence::kSuggestedUnit,
                               ReturnEvidence::kItemsToVerify,    ReturnEvidence::kEarlierResults,
                               ReturnEvidence::kKnowledgeArticle, ReturnEvidence::kDocumentNumber};
constexpr std::array kResultFaults{ResultFault::kVague, ResultFault::kReturnReason,
                                   ResultFault::kBare, ResultFault::kProcessOnly,
                                   ResultFault::kTemplate};
constexpr std::array kNoVisit{NoVisitReason::kPolicyExplained, NoVisitReason::kUnreasonableDemand,
                              NoVisitReason::kAnonymous};
constexpr std::array kNonAppealable{
    NonAppealable::kApplicantNeverReached, NonAppealable::kStaffAttitude,
    NonAppealable::kProblemRecurred,       NonAppealable::kClosedUnfinished,
    NonAppealable::kOnlyAdvisedCourt,      NonAppealable::kLeadDidOnlyOwnPart};
constexpr std::array kArticleTypes{ArticleType::kNormativeDocument, ArticleType::kServiceGuide,
                                   ArticleType::kInterpretation, ArticleType::kAnswerScript,
                                   ArticleType::kSuddenEvent};
constexpr std::array kReplyElements{ReplyElement::kContactedAt,      ReplyElement::kHandler,
                                    ReplyElement::kHandlerContact,   ReplyElement::kProcess,
                                    ReplyElement::kResult,           ReplyElement::kPolicyBasis,
                                    ReplyElement::kApplicantFeedback};

template <typename E, std::size_t N>
std::string allowed_names(const std::array<E, N>& all) {
  std::string out;
  for (E v : all) out += (out.empty() ? "" : ", ") + std::string(to_string(v));
  return out;
}

// Ends the walk of a file at its first mistake; caught in parse_policy, so
// no exception leaves the adapter.
struct Mistake {
  Error error;
};

// A value's type as "expected X, found Y" names it, in English and Chinese.
std::pair<std::string_view, std::string_view> type_names(toml::node_type t) {
  using T = toml::node_type;
  constexpr std::tuple<T, std::string_view, std::string_view> kNames[] = {
      {T::table, "a table", "表"},
      {T::array, "an array", "数组"},
      {T::string, "a string", "字符串"},
      {T::integer, "an integer", "整数"},
      {T::floating_point, "a number with a fraction", "小数"},
      {T::boolean, "a boolean", "布尔值"},
      {T::date, "a date", "日期时间"},
      {T::time, "a time", "日期时间"},
      {T::date_time, "a date-time", "日期时间"},
  };
  for (const auto& [type, name, zh] : kNames) {
    if (type == t) return {name, zh};
  }
  return {"nothing", "空"};
}

// "file:line: path: what is wrong": policy errors also name the key's path.
Error policy_error(std::string_view file, int line, const std::string& path, std::string message,
                   std::string message_zh) {
  if (!path.empty()) {
    const std::string where = path + ": ";
    message.insert(0, where);
    message_zh.insert(0, where);
  }
  return file_error(file, static_cast<std::uint32_t>(std::max(line, 1)), std::move(message),
                    std::move(message_zh));
}

// The 1-based line of `node` as the int this file keeps lines in. toml++
// counts lines in uint32_t; a policy file (read whole into memory) never gets
// near INT_MAX lines, so the cast keeps the value.
int line_at(const toml::node& node) { return static_cast<int>(line_of(node)); }

// The file being read: where mistakes are reported and which line each
// field came from (to place errors found later by validate()).
class Context {
 public:
  explicit Context(std::string_view file) : file_(file) {}

  [[noreturn]] void fail_at(int line, const std::string& path, std::string message,
                            std::string message_zh) const {
    throw Mistake{policy_error(file_, line, path, std::move(message), std::move(message_zh))};
  }
  void note_line(const std::string& path, int line) { lines_[path] = line; }
  // The line recorded for `path` or, failing that, its nearest parent.
  int line_for(std::string path) const {
    while (!path.empty()) {
      if (auto it = lines_.find(path); it != lines_.end()) return it->second;
      std::size_t cut = path.find_last_of(".[");
      if (cut == std::string::npos) break;
      path.resize(cut);
    }
    return 1;
  }
  const std::string& file() const { return file_; }
  void add_note(const std::string& path, std::string note) { notes_[path] = std::move(note); }
  std::map<std::string, std::string> take_notes() { return std::move(notes_); }

 private:
  std::string file_;
  std::map<std::string, int> lines_;
  std::map<std::string, std::string> notes_;
};

// One TOML table being read: remembers which keys were read so that any
// other key is refused (a misspelt key must not be silently ignored).
class Table {
 public:
  Table(Context& ctx, const toml::table& t, std::string path)
      : ctx_(ctx), table_(t), path_(std::move(path)) {
    ctx_.note_line(path_, line());
  }

  int line() const { return line_at(table_); }
  const std::string& path() const { return path_; }
  Context& ctx() { return ctx_; }
  std::string child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const toml::node* find(std::string_view key) {
    read_.insert(std::string(key));
    const toml::node* n = table_.get(key);
    if (n) ctx_.note_line(child(key), line_at(*n));
    return n;
  }
  const toml::node& need(std::string_view key) {
    const toml::node* n = find(key);
    if (!n) {
      ctx_.fail_at(line(), child(key), "the required key \"" + std::string(key) + "\" is missing",
                   "缺少必填项“" + std::string(key) + "”");
    }
    return *n;
  }

  // Refuses keys that were never read.
  void finish() const {
    const std::vector<std::string_view> known(read_.begin(), read_.end());
    if (auto s = check_keys(table_, known, path_, ctx_.file()); !s) throw Mistake{s.error()};
  }

 private:
  Context& ctx_;
  const toml::table& table_;
  std::string path_;
  std::set<std::string> read_;
};

[[noreturn]] void wrong_type(Context& ctx, const toml::node& n, const std::string& path,
                             std::string_view expected, std::string_view expected_zh) {
  const auto [found, found_zh] = type_names(n.type());
  ctx.fail_at(line_at(n), path,
              "expected " + std::string(expected) + ", found " + std::string(found),
              "应为" + std::string(expected_zh) + "，实为" + std::string(found_zh));
}

std::string as_string(Context& ctx, const toml::node& n, const std::string& path) {
  if (const auto* s = n.as_string()) return s->get();
  wrong_type(ctx, n, path, "a string", "字符串");
}

const toml::table& as_table(Context& ctx, const toml::node& n, const std::string& path) {
  if (const auto* t = n.as_table()) return *t;
  wrong_type(ctx, n, path, "a table", "表");
}

const toml::array& as_array(Context& ctx, const toml::node& n, const std::string& path) {
  if (const auto* a = n.as_array()) return *a;
  wrong_type(ctx, n, path, "an array", "数组");
}

std::string need_string(Table& t, std::string_view key) {
  return as_string(t.ctx(), t.need(key), t.child(key));
}

std::string opt_string(Table& t, std::string_view key) {
  const toml::node* n = t.find(key);
  return n ? as_string(t.ctx(), *n, t.child(key)) : std::string();
}

PolicyDuration to_duration(Context& ctx, const toml::node& n, const std::string& path) {
  std::string text = as_string(ctx, n, path);
  auto d = parse_policy_duration(text);
  if (!d) {
    // parse_policy_duration names its field "duration"; say where instead.
    ctx.fail_at(line_at(n), path, d.error().message.substr(d.error().message.find(": ") + 2),
                d.error().message_zh.substr(d.error().message_zh.find("：") + 3));
  }
  return *d;
}

template <typename E, std::size_t N, typename ParseFn>
E to_enum(Context& ctx, const toml::node& n, const std::string& path, const std::array<E, N>& all,
          ParseFn parse, std::string_view what) {
  std::string text = as_string(ctx, n, path);
  if (auto v = parse(text)) return *v;
  std::string allowed = allowed_names(all);
  ctx.fail_at(line_at(n), path,
              "unknown " + std::string(what) + " \"" + text + "\"; allowed: " + allowed,
              "无法识别的取值“" + text + "”，可选：" + allowed);
}

template <typename E, std::size_t N, typename ParseFn>
std::vector<E> enum_list(Table& t, std::string_view key, const std::array<E, N>& all, ParseFn parse,
                         std::string_view what, bool required = false) {
  std::vector<E> out;
  const toml::node* n = required ? &t.need(key) : t.find(key);
  if (!n) return out;
  std::string path = t.child(key);
  const toml::array& arr = as_array(t.ctx(), *n, path);
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string item = path + "[" + std::to_string(i) + "]";
    E v = to_enum(t.ctx(), arr[i], item, all, parse, what);
    if (std::find(out.begin(), out.end(), v) != out.end()) {
      t.ctx().fail_at(line_at(arr[i]), item,
                      "\"" + std::string(to_string(v)) + "\" is listed twice",
                      "“" + std::string(to_string(v)) + "”重复列出");
    }
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> read_strings_value(Context& ctx, const toml::node& n,
                                            const std::string& path) {
  const toml::array& arr = as_array(ctx, n, path);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    out.push_back(as_string(ctx, arr[i], path + "[" + std::to_string(i) + "]"));
  }
  return out;
}

// An optional list of strings; empty when the key is absent.
std::vector<std::string> string_list(Table& t, std::string_view key) {
  const toml::node* n = t.find(key);
  if (!n) return {};
  return read_strings_value(t.ctx(), *n, t.child(key));
}

// A cited value: { value = ..., article = "R12", note = "..." }.
template <typename T, typename ReadValue>
Cited<T> read_cited(Table& parent, std::string_view key, ReadValue read_value) {
  std::string path = parent.child(key);
  Table t(parent.ctx(), as_table(parent.ctx(), parent.need(key), path), path);
  Cited<T> c;
  c.value = read_value(t.ctx(), t.need("value"), t.child("value"));
  c.article = need_string(t, "article");
  if (std::string note = opt_string(t, "note"); !note.empty()) t.ctx().add_note(path, note);
  t.finish();
  return c;
}

PolicyDuration read_duration_value(Context& ctx, const toml::node& n, const std::string& path) {
  return to_duration(ctx, n, path);
}

int read_int_value(Context& ctx, const toml::node& n, const std::string& path) {
  const auto* i = n.as_integer();
  if (!i) wrong_type(ctx, n, path, "an integer", "整数");
  std::int64_t v = i->get();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    ctx.fail_at(line_at(n), path, "the number is out of range", "数值超出范围");
  }
  return static_cast<int>(v);
}

bool read_bool_value(Context& ctx, const toml::node& n, const std::string& path) {
  if (const auto* b = n.as_boolean()) return b->get();
  wrong_type(ctx, n, path, "true or false", "true 或 false");
}

double read_double_value(Context& ctx, const toml::node& n, const std::string& path) {
  if (const auto* f = n.as_floating_point()) return f->get();
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  wrong_type(ctx, n, path, "a number", "数字");
}

Cited<PolicyDuration> cited_duration(Table& t, std::string_view key) {
  return read_cited<PolicyDuration>(t, key, read_duration_value);
}
Cited<int> cited_int(Table& t, std::string_view key) {
  return read_cited<int>(t, key, read_int_value);
}
Cited<bool> cited_bool(Table& t, std::string_view key) {
  return read_cited<bool>(t, key, read_bool_value);
}
Cited<std::vector<std::string>> cited_strings(Table& t, std::string_view key) {
  return read_cited<std::vector<std::string>>(t, key, read_strings_value);
}

template <typename T>
void opt_cited(Table& t, std::string_view key, Cited<T>& out,
               Cited<T> (*read)(Table&, std::string_view)) {
  if (t.find(key)) out = read(t, key);
}
template <typename T>
void opt_cited(Table& t, std::string_view key, std::optional<Cited<T>>& out,
               Cited<T> (*read)(Table&, std::string_view)) {
  if (t.find(key)) out = read(t, key);
}

// A sub-table that must be present: `[extension]` etc.
template <typename Fn>
void section(Table& root, std::string_view key, Fn read) {
  std::string path = root.child(key);
  Table t(root.ctx(), as_table(root.ctx(), root.need(key), path), path);
  read(t);
  t.finish();
}

DeadlineRule read_rule(Context& ctx, const toml::node& n, const std::string& path) {
  Table t(ctx, as_table(ctx, n, path), path);
  DeadlineRule r;
  r.source_line = t.line();
  r.types = enum_list(t, "types", kRequestTypes, parse_request_type, "request type");
  r.urgencies = enum_list(t, "urgencies", kUrgencies, parse_urgency, "urgency");
  r.labels = enum_list(t, "labels", kLabels, parse_urgency_label, "urgency label");
  r.channels = enum_list(t, "channels", kChannels, parse_channel, "channel");
  r.within = to_duration(ctx, t.need("within"), t.child("within"));
  r.from = to_enum(ctx, t.need("from"), t.child("from"), kAnchors, parse_anchor, "anchor");
  r.article = need_string(t, "article");
  r.note = opt_string(t, "note");
  t.finish();
  return r;
}

std::vector<DeadlineRule> rule_table(Table& parent, std::string_view key) {
  std::string path = parent.child(key);
  const toml::array& arr = as_array(parent.ctx(), parent.need(key), path);
  std::vector<DeadlineRule> rules;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    rules.push_back(read_rule(parent.ctx(), arr[i], path + "[" + std::to_string(i) + "]"));
  }
  return rules;
}

// ---- [assessment] (EVA-1, APL-1, ANA-2): optional; every number cited ----

constexpr std::array kAssessmentIndicators{
    AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
    AssessmentIndicator::kReplyQuality,     AssessmentIndicator::kHandlingQuality,
    AssessmentIndicator::kSatisfaction,     AssessmentIndicator::kFirstContact};
constexpr std::array kDeductionBases{DeductionBasis::kCirculation, DeductionBasis::kKeySupervision};

double positive_number(Context& ctx, const toml::node& n, const std::string& path,
                       bool allow_zero) {
  double v = read_double_value(ctx, n, path);
  if (!(v > 0 || (allow_zero && v == 0)) || v > 1e6) {
    ctx.fail_at(line_at(n), path, allow_zero ? "must be 0 or more" : "must be more than 0",
                allow_zero ? "须不小于0" : "须大于0");
  }
  return v;
}

// CON-1 [D32, M12]: optional; without it nobody is ever suspended.
void read_conduct(Table& root, ConductPolicy& c) {
  if (!root.find("conduct")) return;
  section(root, "conduct", [&](Table& t) {
    c.present = true;
    c.article = need_string(t, "article");
    c.warnings_before_suspension = cited_int(t, "warnings_before_suspension");
    if (c.warnings_before_suspension.value < 1) {
      t.ctx().fail_at(t.line(), t.child("warnings_before_suspension"),
                      "at least one warning comes before a suspension (D32)",
                      "暂停前至少须提醒一次（D32）");
    }
    c.longest_suspension = cited_duration(t, "longest_suspension");
    c.review_within = cited_duration(t, "review_within");
    c.always_through = enum_list(t, "always_through", kUrgencies, parse_urgency, "urgency");
    c.always_through_article = need_string(t, "always_through_article");
    if (std::string note = opt_string(t, "note"); !note.empty()) t.ctx().add_note(t.path(), note);
  });
}

// ICN-1 [D31, T2], ICN-2 [M9]: optional; without it sub-centres and other
// cities' hotlines register nothing.
void read_interconnection(Table& root, InterconnectionPolicy& p) {
  if (!root.find("interconnection")) return;
  section(root, "interconnection", [&](Table& t) {
    p.present = true;
    p.sub_centre_channels =
        enum_list(t, "sub_centre_channels", kChannels, parse_channel, "channel");
    p.sub_centre_article = need_string(t, "sub_centre_article");
    p.partner_channels = enum_list(t, "partner_channels", kChannels, parse_channel, "channel");
    p.partner_article = need_string(t, "partner_article");
    if (std::string note = opt_string(t, "note"); !note.empty()) t.ctx().add_note(t.path(), note);
  });
}

void read_assessment(Table& root, AssessmentPolicy& a) {
  if (!root.find("assessment")) return;
  section(root, "assessment", [&](Table& t) {
    Context& ctx = t.ctx();
    a.present = true;
    a.article = need_string(t, "article");
    a.title = need_string(t, "title");
    a.scale = read_cited<double>(t, "scale",
                                 [](Context& c, const toml::node& n, const std::string& path) {
                                   return positive_number(c, n, path, false);
                                 })
                  .value;
    Cited<bool> exempt = cited_bool(t, "exempt_upheld_appeals");
    a.exempt_upheld_appeals = exempt.value;
    a.exemption_article = exempt.article;
    if (t.find("not_by_satisfaction_alone")) {
      section(t, "not_by_satisfaction_alone", [&](Table& n) {
        a.not_by_satisfaction_alone = string_list(n, "categories");
        a.not_by_satisfaction_alone_article = need_string(n, "article");
        if (std::string note = opt_string(n, "note"); !note.empty()) ctx.add_note(n.path(), note);
      });
    }
    const std::string ipath = t.child("indicator");
    const toml::array& indicators = as_array(ctx, t.need("indicator"), ipath);
    if (indicators.empty()) {
      ctx.fail_at(t.line(), ipath, "at least one indicator is needed", "至少需要一项评价指标");
    }
    for (std::size_t i = 0; i < indicators.size(); ++i) {
      const std::string path = ipath + "[" + std::to_string(i) + "]";
      Table it(ctx, as_table(ctx, indicators[i], path), path);
      WeightedIndicator w;
      w.indicator = to_enum(ctx, it.need("indicator"), it.child("indicator"), kAssessmentIndicators,
                            parse_assessment_indicator, "indicator");
      for (const WeightedIndicator& seen : a.indicators) {
        if (seen.indicator == w.indicator) {
          ctx.fail_at(it.line(), it.child("indicator"), "the indicator is listed twice",
                      "评价指标重复列出");
        }
      }
      w.weight = positive_number(ctx, it.need("weight"), it.child("weight"), false);
      w.article = need_string(it, "article");
      w.note = opt_string(it, "note");
      it.finish();
      a.indicators.push_back(std::move(w));
    }
    if (const toml::node* dn = t.find("deduction")) {
      const std::string dpath = t.child("deduction");
      const toml::array& deductions = as_array(ctx, *dn, dpath);
      for (std::size_t i = 0; i < deductions.size(); ++i) {
        const std::string path = dpath + "[" + std::to_string(i) + "]";
        Table dt(ctx, as_table(ctx, deductions[i], path), path);
        Deduction d;
        d.basis = to_enum(ctx, dt.need("basis"), dt.child("basis"), kDeductionBases,
                          parse_deduction_basis, "deduction basis");
        d.points = positive_number(ctx, dt.need("points"), dt.child("points"), false);
        if (const toml::node* cap = dt.find("cap")) {
          d.cap = positive_number(ctx, *cap, dt.child("cap"), true);
        }
        d.article = need_string(dt, "article");
        d.note = opt_string(dt, "note");
        dt.finish();
        a.deductions.push_back(std::move(d));
      }
    }
    section(t, "hotspot", [&](Table& h) {
      auto days = cited_int(h, "baseline_days");
      auto min = cited_int(h, "min_count");
      auto z =
          read_cited<double>(h, "z", [](Context& c, const toml::node& n, const std::string& path) {
            return positive_number(c, n, path, false);
          });
      if (days.value < 1 || days.value > 366) {
        ctx.fail_at(h.line(), h.child("baseline_days"), "must be 1 to 366 days", "须为1至366天");
      }
      if (min.value < 1) {
        ctx.fail_at(h.line(), h.child("min_count"), "must be at least 1", "须不小于1");
      }
      a.hotspot = HotspotSettings{days.value, min.value, z.value, days.article};
    });
  });
}

Policy read_policy(Context& ctx, const toml::table& root_table) {
  Policy p;
  p.file = ctx.file();
  Table root(ctx, root_table, "");

  section(root, "profile", [&](Table& t) {
    p.name = need_string(t, "name");
    p.title = need_string(t, "title");
    p.source = need_string(t, "source");
  });
  p.dispatch = rule_table(root, "dispatch");
  p.accept = rule_table(root, "accept");
  p.handle = rule_table(root, "handle");

  section(root, "return", [&](Table& t) {
    ReturnPolicy& r = p.return_policy;
    r.window = rule_table(t, "window");
    opt_cited(t, "complex_window", r.complex_window, cited_duration);
    if (const toml::node* n = t.find("reasons")) {
      std::string path = t.child("reasons");
      const toml::array& arr = as_array(ctx, *n, path);
      for (std::size_t i = 0; i < arr.size(); ++i) {
        std::string item = path + "[" + std::to_string(i) + "]";
        Table rt(ctx, as_table(ctx, arr[i], item), item);
        ReturnReasonRule rr;
        rr.reason = to_enum(ctx, rt.need("reason"), rt.child("reason"), kReasons,
                            parse_return_reason, "return reason");
        rr.evidence = enum_list(rt, "evidence", kEvidence, parse_return_evidence, "evidence");
        rr.article = need_string(rt, "article");
        if (const toml::node* once = rt.find("once_per_work_order")) {
          rr.once_per_work_order = read_bool_value(ctx, *once, rt.child("once_per_work_order"));
        }
        rt.finish();
        r.reasons.push_back(std::move(rr));
      }
    }
    r.forbidden_reason_article = opt_string(t, "forbidden_reason_article");
    opt_cited(t, "designated_unit_may_not_return", r.designated_unit_may_not_return, cited_bool);
    r.labels_needing_consent = enum_list(t, "labels_needing_consent", kSpecialLabels,
                                         parse_special_label, "special label");
    r.labels_article = opt_string(t, "labels_article");
    opt_cited(t, "returns_before_supervision", r.returns_before_supervision, cited_int);
  });

  section(root, "extension", [&](Table& t) {
    ExtensionPolicy& x = p.extension;
    // One cited period, or a list of them when several rules bind (R12 and T14).
    if (const toml::node* n = t.find("apply_before"); n && n->is_array()) {
      const std::string path = t.child("apply_before");
      const toml::array& arr = *n->as_array();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string item = path + "[" + std::to_string(i) + "]";
        Table it(ctx, as_table(ctx, arr[i], item), item);
        Cited<PolicyDuration> c;
        c.value = to_duration(ctx, it.need("value"), it.child("value"));
        c.article = need_string(it, "article");
        if (std::string note = opt_string(it, "note"); !note.empty()) ctx.add_note(item, note);
        it.finish();
        x.apply_before.push_back(std::move(c));
      }
    } else {
      x.apply_before.push_back(cited_duration(t, "apply_before"));
    }
    x.max_count = cited_int(t, "max_count");
    opt_cited(t, "each_equals_original", x.each_equals_original, cited_bool);
    opt_cited(t, "max_each", x.max_each, cited_duration);
    x.excluded_types =
        enum_list(t, "excluded_types", kRequestTypes, parse_request_type, "request type");
    x.excluded_urgencies = enum_list(t, "excluded_urgencies", kUrgencies, parse_urgency, "urgency");
    x.excluded_labels =
        enum_list(t, "excluded_labels", kLabels, parse_urgency_label, "urgency label");
    x.exclusion_article = opt_string(t, "exclusion_article");
    opt_cited(t, "requires_applicant_consent", x.requires_applicant_consent, cited_bool);
    opt_cited(t, "allowed_when_handling_again", x.allowed_when_handling_again, cited_bool);
    opt_cited(t, "allowed_with_statutory_deadline", x.allowed_with_statutory_deadline, cited_bool);
  });

  section(root, "reply", [&](Table& t) {
    p.reply.required =
        enum_list(t, "required", kReplyElements, parse_reply_element, "reply element", true);
    p.reply.required_article = need_string(t, "required_article");
    p.reply.filler_words = string_list(t, "filler_words");
    opt_cited(t, "unified_reply_by_lead", p.reply.unified_reply_by_lead, cited_bool);
    // [reply.faults]: one entry per fault of T16(2)-(6), each with its article
    // and the results it refuses outright.
    if (const toml::node* n = t.find("faults")) {
      const std::string path = t.child("faults");
      Table ft(ctx, as_table(ctx, *n, path), path);
      for (const auto& [key, node] : *n->as_table()) {
        auto fault = parse_result_fault(key.str());
        if (!fault) {
          std::string allowed = allowed_names(kResultFaults);
          ctx.fail_at(line_at(node), ft.child(key.str()),
                      "unknown fault \"" + std::string(key.str()) + "\"; allowed: " + allowed,
                      "无法识别的答复问题“" + std::string(key.str()) + "”，可选：" + allowed);
        }
        const std::string item = ft.child(key.str());
        Table rt(ctx, as_table(ctx, *ft.find(key.str()), item), item);
        ResultFaultRule rule;
        rule.article = need_string(rt, "article");
        rule.results = string_list(rt, "results");
        rule.note = opt_string(rt, "note");
        if (!rule.note.empty()) ctx.add_note(item, rule.note);
        rt.finish();
        p.reply.faults[*fault] = std::move(rule);
      }
      ft.finish();
    }
  });

  section(root, "evaluation", [&](Table& t) {
    EvaluationPolicy& e = p.evaluation;
    e.not_evaluated =
        enum_list(t, "not_evaluated", kRequestTypes, parse_request_type, "request type");
    e.not_evaluated_article = opt_string(t, "not_evaluated_article");
    opt_cited(t, "max_handling_again", e.max_handling_again, cited_int);
    e.no_visit_reasons =
        enum_list(t, "no_visit_reasons", kNoVisit, parse_no_visit_reason, "no-visit reason");
    e.no_visit_article = opt_string(t, "no_visit_article");
    opt_cited(t, "close_without_contact", e.close_without_contact, cited_bool);
  });

  // DIS-6, DIS-7: internal forwarding; optional, default M6.
  if (root.find("forwarding")) {
    section(root, "forwarding", [&](Table& t) {
      p.forwarding.article = need_string(t, "article");
      p.forwarding.note = opt_string(t, "note");
      if (!p.forwarding.note.empty()) ctx.add_note("forwarding.article", p.forwarding.note);
    });
  }

  section(root, "appeal", [&](Table& t) {
    AppealPolicy& a = p.appeal;
    opt_cited(t, "monthly_deadline_day", a.monthly_deadline_day, cited_int);
    opt_cited(t, "postpone_past_holidays", a.postpone_past_holidays, cited_bool);
    a.non_appealable = enum_list(t, "non_appealable", kNonAppealable, parse_non_appealable,
                                 "non-appealable reason");
    a.non_appealable_article = opt_string(t, "non_appealable_article");
    a.review_article = need_string(t, "review_article");
  });

  section(root, "knowledge_base", [&](Table& t) {
    KnowledgeBasePolicy& kb = p.knowledge_base;
    kb.update_within = cited_duration(t, "update_within");
    kb.emergency_update_within = cited_duration(t, "emergency_update_within");
    kb.prenotice_before = cited_duration(t, "prenotice_before");
    section(t, "validity", [&](Table& v) {
      // Every key of [knowledge_base.validity] is an article type.
      for (const auto& [key, node] : *t.need("validity").as_table()) {
        auto type = parse_article_type(key.str());
        if (!type) {
          std::string allowed = allowed_names(kArticleTypes);
          ctx.fail_at(
              line_at(node), v.child(key.str()),
              "unknown article type \"" + std::string(key.str()) + "\"; allowed: " + allowed,
              "无法识别的知识类型“" + std::string(key.str()) + "”，可选：" + allowed);
        }
        kb.validity[*type] = cited_duration(v, key.str());
      }
    });
    opt_cited(t, "monthly_kb_report_last_day", kb.monthly_kb_report_last_day, cited_int);
    opt_cited(t, "monthly_training_report_last_day", kb.monthly_training_report_last_day,
              cited_int);
    opt_cited(t, "monthly_report_units", kb.monthly_report_units, cited_strings);
  });

  section(root, "supervision", [&](Table& t) {
    SupervisionPolicy& s = p.supervision;
    opt_cited(t, "on_overdue_acceptance", s.on_overdue_acceptance, cited_bool);
    opt_cited(t, "on_overdue_handling", s.on_overdue_handling, cited_bool);
    opt_cited(t, "on_missing_reply_elements", s.on_missing_reply_elements, cited_bool);
    opt_cited(t, "on_confirmed_dissatisfaction", s.on_confirmed_dissatisfaction, cited_bool);
    opt_cited(t, "on_concentrated_requests", s.on_concentrated_requests, cited_int);
    opt_cited(t, "concentrated_requests_window", s.concentrated_requests_window, cited_duration);
    // SUP-2: [[supervision.level]], in order from 1.
    if (const toml::node* ln = t.find("level")) {
      const std::string lpath = t.child("level");
      const toml::array& levels = as_array(t.ctx(), *ln, lpath);
      for (std::size_t i = 0; i < levels.size(); ++i) {
        const std::string path = lpath + "[" + std::to_string(i) + "]";
        Table lt(t.ctx(), as_table(t.ctx(), levels[i], path), path);
        SupervisionLevel level;
        level.level = read_int_value(lt.ctx(), lt.need("level"), lt.child("level"));
        if (level.level != static_cast<int>(i) + 1) {
          t.ctx().fail_at(lt.line(), lt.child("level"), "levels must be numbered 1, 2, … in order",
                          "督办层级须按1、2……依次编号");
        }
        level.method = need_string(lt, "method");
        if (!parse_supervision_method(level.method)) {
          t.ctx().fail_at(lt.line(), lt.child("method"),
                          "unknown method; known: work-order, written, on-site, special",
                          "无法识别的督办方式，可选：work-order、written、on-site、special");
        }
        level.follow_up = cited_duration(lt, "follow_up");
        level.note = opt_string(lt, "note");
        lt.finish();
        s.levels.push_back(std::move(level));
      }
    }
    if (t.find("one_level_up")) {
      section(t, "one_level_up", [&](Table& u) {
        s.one_level_up_matters = string_list(u, "matters");
        s.one_level_up_article = need_string(u, "article");
        if (std::string note = opt_string(u, "note"); !note.empty())
          t.ctx().add_note(u.path(), note);
      });
    }
    if (t.find("discipline")) {
      section(t, "discipline", [&](Table& d) {
        s.discipline_body = need_string(d, "body");
        s.discipline_article = need_string(d, "article");
        if (std::string note = opt_string(d, "note"); !note.empty())
          t.ctx().add_note(d.path(), note);
      });
    }
  });

  section(root, "warning", [&](Table& t) {
    p.warning.remaining_fraction = read_cited<double>(t, "remaining_fraction", read_double_value);
  });

  read_assessment(root, p.assessment);
  read_conduct(root, p.conduct);
  read_interconnection(root, p.interconnection);

  root.finish();
  p.notes = ctx.take_notes();
  return p;
}

}  // namespace

Result<Policy> parse_policy(std::string_view toml_text, std::string_view file_name) {
  Context ctx(file_name);
  try {
    auto root = parse_toml_document(toml_text, file_name, SyntaxErrorAt::kLine);
    if (!root) return fail(root.error());
    Policy p = read_policy(ctx, *root);
    if (auto ok = validate(p); !ok) {
      Error e = ok.error();
      std::string path = e.field;
      Error placed =
          policy_error(file_name, ctx.line_for(path), path,
                       e.message.substr(e.message.rfind(path + ": ") == std::string::npos
                                            ? 0
                                            : e.message.rfind(path + ": ") + path.size() + 2),
                       e.message_zh);
      placed.message_zh = placed.field + "：" + e.message_zh;
      return fail(std::move(placed));
    }
    return p;
  } catch (const Mistake& m) {
    return fail(m.error);
  } catch (const std::exception& e) {
    return fail(policy_error(file_name, 1, "", std::string("cannot read the policy: ") + e.what(),
                             "无法读取政策配置"));
  } catch (...) {
    return fail(policy_error(file_name, 1, "", "cannot read the policy", "无法读取政策配置"));
  }
}

Result<Policy> load_policy_file(const std::filesystem::path& file) {
  std::string name = file.string();
  try {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      return fail(policy_error(name, 1, "", "cannot open the file", "无法打开政策配置文件"));
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
      return fail(policy_error(name, 1, "", "cannot read the file", "无法读取政策配置文件"));
    }
    return parse_policy(text.str(), name);
  } catch (const std::exception& e) {
    return fail(policy_error(name, 1, "", std::string("cannot read the file: ") + e.what(),
                             "无法读取政策配置文件"));
  }
}

Result<PolicySet> load_policy_dir(const std::filesystem::path& dir,
                                  std::string_view default_profile) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return fail(policy_error(dir.string(), 1, "",
                             "cannot list the policy directory: " + ec.message(),
                             "无法读取政策配置目录"));
  }
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto& entry = *it;
    if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    return fail(policy_error(dir.string(), 1, "",
                             "cannot list the policy directory: " + ec.message(),
                             "无法读取政策配置目录"));
  }
  std::sort(files.begin(), files.end());  // the same order, so the same first error

  PolicySet set;
  set.default_profile = std::string(default_profile);
  for (const auto& file : files) {
    auto policy = load_policy_file(file);
    if (!policy) return fail(policy.error());
    if (auto known = set.profiles.find(policy->name); known != set.profiles.end()) {
      return fail(policy_error(
          file.string(), 1, "profile.name",
          "the profile name \"" + policy->name + "\" is already used by " + known->second.file,
          "配置名称“" + policy->name + "”与 " + known->second.file + " 重复"));
    }
    std::string key = policy->name;
    set.profiles.emplace(std::move(key), std::move(*policy));
  }
  if (!set.profiles.contains(set.default_profile)) {
    std::string known;
    for (const auto& [n, p] : set.profiles) known += (known.empty() ? "" : ", ") + n;
    if (known.empty()) known = "none";
    return fail(
        policy_error(dir.string(), 1, "",
                     "the default profile \"" + set.default_profile +
                         "\" is not among the files (found: " + known + ")",
                     "默认政策配置“" + set.default_profile + "”不存在（已有：" + known + "）"));
  }
  return set;
}

}  // namespace hotline
