#include "adapters/json/event_json.h"

#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace hotline {
namespace {

using nlohmann::json;

template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;
template <typename T>
inline constexpr bool kIsVector = false;
template <typename T>
inline constexpr bool kIsVector<std::vector<T>> = true;

// `S` is `T` or `const T`: lets one field list serve both reading and writing.
template <typename S, typename T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

// ---- Wire names of enums ---------------------------------------------------
// One overload per enum, chosen by the pointer's type.

std::optional<Role> parse_wire(std::string_view s, Role*) { return parse_role(s); }
std::optional<RequestType> parse_wire(std::string_view s, RequestType*) {
  return parse_request_type(s);
}
std::optional<Urgency> parse_wire(std::string_view s, Urgency*) { return parse_urgency(s); }
std::optional<UrgencyLabel> parse_wire(std::string_view s, UrgencyLabel*) {
  // The reader accepts "" for none; the wire always says "none".
  if (s.empty()) return std::nullopt;
  return parse_urgency_label(s);
}
std::optional<SpecialLabel> parse_wire(std::string_view s, SpecialLabel*) {
  return parse_special_label(s);
}
std::optional<Channel> parse_wire(std::string_view s, Channel*) { return parse_channel(s); }
std::optional<TriageOutcome> parse_wire(std::string_view s, TriageOutcome*) {
  return parse_triage_outcome(s);
}
std::optional<ReturnReason> parse_wire(std::string_view s, ReturnReason*) {
  return parse_return_reason(s);
}
std::optional<VisitMethod> parse_wire(std::string_view s, VisitMethod*) {
  return parse_visit_method(s);
}
std::optional<Satisfaction> parse_wire(std::string_view s, Satisfaction*) {
  return parse_satisfaction(s);
}
std::optional<NonAppealable> parse_wire(std::string_view s, NonAppealable*) {
  return parse_non_appealable(s);
}
std::optional<SupervisionTrigger> parse_wire(std::string_view s, SupervisionTrigger*) {
  return parse_supervision_trigger(s);
}
std::optional<SupervisionMethod> parse_wire(std::string_view s, SupervisionMethod*) {
  return parse_supervision_method(s);
}
std::optional<Stage> parse_wire(std::string_view s, Stage*) { return parse_stage(s); }
std::optional<ReplyElement> parse_wire(std::string_view s, ReplyElement*) {
  return parse_reply_element(s);
}
std::optional<StaffMisconduct> parse_wire(std::string_view s, StaffMisconduct*) {
  return parse_staff_misconduct(s);
}
std::optional<ComplaintFinding> parse_wire(std::string_view s, ComplaintFinding*) {
  return parse_complaint_finding(s);
}
std::optional<ApplicantMisconduct> parse_wire(std::string_view s, ApplicantMisconduct*) {
  return parse_applicant_misconduct(s);
}
std::optional<SpotCheckBy> parse_wire(std::string_view s, SpotCheckBy*) {
  return parse_spot_check_by(s);
}
std::optional<SpotCheckFinding> parse_wire(std::string_view s, SpotCheckFinding*) {
  return parse_spot_check_finding(s);
}
std::optional<TransferResult> parse_wire(std::string_view s, TransferResult*) {
  return parse_transfer_result(s);
}

// ---- Field lists -----------------------------------------------------------
// Each struct's members, once, for both directions. `req` members must be
// present when reading; `opt` members may be missing (std::optional ones are
// left out when empty). A member added to an event later must be `opt`, so
// that events already stored still read.

template <typename V, Is<Actor> S>
void fields(V& v, S& a) {
  v.req("id", a.id);
  v.req("role", a.role);
  v.req("unit", a.unit);
}

template <typename V, Is<Deadline> S>
void fields(V& v, S& d) {
  v.req("due", d.due);
  v.req("article", d.article);
  v.req("rule", d.rule);
}

template <typename V, Is<DeadlineSubject> S>
void fields(V& v, S& s) {
  v.req("type", s.type);
  v.req("urgency", s.urgency);
  v.req("label", s.label);
  v.req("channel", s.channel);
}

// Request details come from outside too (registration, scenario files), so
// only what registration cannot do without is required.
template <typename V, Is<Applicant> S>
void fields(V& v, S& a) {
  v.opt("anonymous", a.anonymous);
  v.opt("name", a.name);
  v.opt("phone", a.phone);
  v.opt("address", a.address);
  v.opt("email", a.email);
  v.opt("source_account", a.source_account);
  v.opt("complained_unit", a.complained_unit);
}

template <typename V, Is<Attachment> S>
void fields(V& v, S& a) {
  v.req("uri", a.uri);
  v.opt("media_type", a.media_type);
  v.opt("name", a.name);
  v.opt("sha256", a.sha256);
}

template <typename V, Is<Location> S>
void fields(V& v, S& l) {
  v.opt("district", l.district);
  v.opt("street", l.street);
  v.opt("address", l.address);
}

template <typename V, Is<RequestItem> S>
void fields(V& v, S& i) {
  v.req("text", i.text);
  v.opt("category", i.category);
  v.opt("urgency", i.urgency);  // TYP-2: per item; empty: the request's
}

template <typename V, Is<RequestDetails> S>
void fields(V& v, S& d) {
  v.opt("requested_at", d.requested_at);  // default: the moment of registration
  v.req("channel", d.channel);
  v.opt("applicant", d.applicant);
  v.opt("subject", d.subject);
  v.opt("detail", d.detail);
  v.opt("items", d.items);  // default: one item, the detail
  v.req("type", d.type);
  v.opt("urgency", d.urgency);
  v.opt("label", d.label);
  v.opt("special_labels", d.special_labels);
  v.opt("confidential", d.confidential);
  v.opt("confidentiality_note", d.confidentiality_note);
  v.opt("reply_not_wanted", d.reply_not_wanted);
  v.opt("location", d.location);
  v.opt("attachments", d.attachments);
  v.opt("external_ref", d.external_ref);
}

template <typename V, Is<RequestRegistered> S>
void fields(V& v, S& e) {
  v.req("number", e.number);
  v.req("details", e.details);
  v.opt("dispatch_due", e.dispatch_due);
  v.opt("intake_key", e.intake_key);
}

template <typename V, Is<RequestTriaged> S>
void fields(V& v, S& e) {
  v.req("outcome", e.outcome);
  v.req("target", e.target);
  v.req("reference", e.reference);
  v.req("told_applicant", e.told_applicant);
}

template <typename V, Is<ItemCategory> S>
void fields(V& v, S& c) {
  v.req("item", c.item);
  v.req("category", c.category);
}

template <typename V, Is<RequestReclassified> S>
void fields(V& v, S& e) {
  v.req("categories", e.categories);
  v.opt("type", e.type);
  v.opt("urgency", e.urgency);
}

template <typename V, Is<ConsultationOpened> S>
void fields(V& v, S& e) {
  v.req("units", e.units);
  v.req("question", e.question);
}

template <typename V, Is<ConsultationConcluded> S>
void fields(V& v, S& e) {
  v.req("lead_unit", e.lead_unit);
  v.req("assisting_units", e.assisting_units);
  v.req("decided_by", e.decided_by);
}

template <typename V, Is<DispatchedOrder> S>
void fields(V& v, S& o) {
  v.req("work_order", o.work_order);
  v.req("items", o.items);
  v.req("lead_unit", o.lead_unit);
  v.req("assisting_units", o.assisting_units);
}

template <typename V, Is<RequestDispatched> S>
void fields(V& v, S& e) {
  v.req("orders", e.orders);
  v.req("late", e.late);
}

template <typename V, Is<WorkOrderDispatched> S>
void fields(V& v, S& e) {
  v.req("request", e.request);
  v.req("items", e.items);
  v.req("lead_unit", e.lead_unit);
  v.req("assisting_units", e.assisting_units);
  v.req("policy_profile", e.policy_profile);
  v.req("subject", e.subject);
  v.req("special_labels", e.special_labels);
  v.req("designated", e.designated);
  v.req("functional_matter", e.functional_matter);
  v.opt("statutory_handle_due", e.statutory_handle_due);
  v.req("statutory_basis", e.statutory_basis);
  v.req("accept_due", e.accept_due);
  v.req("return_due", e.return_due);
  v.opt("return_due_complex", e.return_due_complex);
  v.opt("handle_due", e.handle_due);
  v.req("handle_period", e.handle_period);
}

template <typename V, Is<WorkOrderAccepted> S>
void fields(V& v, S& e) {
  v.opt("handle_due", e.handle_due);
  v.req("late", e.late);
}

template <typename V, Is<WorkOrderForwarded> S>
void fields(V& v, S& e) {
  v.req("to_unit", e.to_unit);
  v.req("instructions", e.instructions);
}

template <typename V, Is<ReturnEvidenceFields> S>
void fields(V& v, S& e) {
  v.req("legal_basis", e.legal_basis);
  v.req("suggested_unit", e.suggested_unit);
  v.req("items_to_verify", e.items_to_verify);
  v.req("earlier_results", e.earlier_results);
  v.req("knowledge_article", e.knowledge_article);
  v.req("document_number", e.document_number);
  v.req("consent_reference", e.consent_reference);
}

template <typename V, Is<KnowledgeLink> S>
void fields(V& v, S& k) {
  v.req("article", k.article);
  v.req("version", k.version);
  v.req("title", k.title);
  v.req("unit", k.unit);
  v.req("link", k.link);
}

template <typename V, Is<ReturnApplied> S>
void fields(V& v, S& e) {
  v.req("reason", e.reason);
  v.req("explanation", e.explanation);
  v.req("evidence", e.evidence);
  v.req("complex", e.complex);
  v.opt("knowledge_link", e.knowledge_link);
}

template <typename V, Is<ReturnApproved> S>
void fields(V& v, S& e) {
  v.opt("redispatch_to", e.redispatch_to);
}

template <typename V, Is<WorkOrderRedispatched> S>
void fields(V& v, S& e) {
  v.req("lead_unit", e.lead_unit);
  v.req("assisting_units", e.assisting_units);
  v.req("policy_profile", e.policy_profile);
  v.req("accept_due", e.accept_due);
  v.req("return_due", e.return_due);
  v.opt("return_due_complex", e.return_due_complex);
  v.opt("handle_due", e.handle_due);
  v.req("handle_period", e.handle_period);
}

template <typename V, Is<ExtensionApplied> S>
void fields(V& v, S& e) {
  v.req("period", e.period);
  v.req("progress", e.progress);
  v.req("measures", e.measures);
  v.req("applicant_consented", e.applicant_consented);
  v.opt("applicant_contacted_at", e.applicant_contacted_at);
}

template <typename V, Is<ExtensionApproved> S>
void fields(V& v, S& e) {
  v.req("handle_due", e.handle_due);
}

template <typename V, Is<AssistingResultSubmitted> S>
void fields(V& v, S& e) {
  v.req("result", e.result);
}

template <typename V, Is<ReplyContent> S>
void fields(V& v, S& r) {
  v.opt("contacted_at", r.contacted_at);
  v.req("handler", r.handler);
  v.req("handler_contact", r.handler_contact);
  v.req("process", r.process);
  v.req("result", r.result);
  v.req("policy_basis", r.policy_basis);
  v.req("applicant_feedback", r.applicant_feedback);
  v.req("applicant_not_replied", r.applicant_not_replied);
  v.opt("attachments", r.attachments);
}

template <typename V, Is<ReplyNote> S>
void fields(V& v, S& n) {
  v.req("check", n.check);
  v.req("rule", n.rule);
  v.req("article", n.article);
  v.req("message_zh", n.message_zh);
  v.req("evidence", n.evidence);
}

template <typename V, Is<WorkOrderReplied> S>
void fields(V& v, S& e) {
  v.req("reply", e.reply);
  v.req("late", e.late);
  v.req("missing", e.missing);
  v.opt("notes", e.notes);
}

template <typename V, Is<WorkOrderEvaluated> S>
void fields(V& v, S& e) {
  v.req("method", e.method);
  v.req("satisfaction", e.satisfaction);
  v.req("dissatisfaction_reason", e.dissatisfaction_reason);
  v.req("spot_check", e.spot_check);
}

template <typename V, Is<VisitSkipped> S>
void fields(V& v, S& e) {
  v.req("why", e.why);
}

template <typename V, Is<SentBackForHandlingAgain> S>
void fields(V& v, S& e) {
  v.req("handle_due", e.handle_due);
}

template <typename V, Is<AppealFiled> S>
void fields(V& v, S& e) {
  v.req("explanation", e.explanation);
  v.req("evidence", e.evidence);
}

template <typename V, Is<AppealReviewed> S>
void fields(V& v, S& e) {
  v.req("upheld", e.upheld);
  v.opt("not_appealable", e.not_appealable);
}

template <typename V, Is<SupervisionRaised> S>
void fields(V& v, S& e) {
  v.req("trigger", e.trigger);
  v.req("method", e.method);
  v.req("key", e.key);
  v.req("automatic", e.automatic);
  v.req("stage", e.stage);
  v.opt("level", e.level);
  v.opt("follow_up_due", e.follow_up_due);
}

template <typename V, Is<SupervisionReported> S>
void fields(V& v, S& e) {
  v.req("level", e.level);
  v.req("report", e.report);
}

template <typename V, Is<HandlingRaisedOneLevel> S>
void fields(V& v, S& e) {
  v.req("matter", e.matter);
  v.req("reported_unit", e.reported_unit);
  v.req("from_unit", e.from_unit);
  v.req("to_unit", e.to_unit);
}

template <typename V, Is<ReferredForDiscipline> S>
void fields(V& v, S& e) {
  v.req("body", e.body);
  v.req("conduct", e.conduct);
  v.req("record_through", e.record_through);
}

template <typename V, Is<DeadlineWarned> S>
void fields(V& v, S& e) {
  v.req("stage", e.stage);
  v.req("due", e.due);
}

template <typename V, Is<DeadlineMissed> S>
void fields(V& v, S& e) {
  v.req("stage", e.stage);
  v.req("due", e.due);
}

// INT-6 [M14]
template <typename V, Is<ConductComplaintFiled> S>
void fields(V& v, S& e) {
  v.req("staff_member", e.staff_member);
  v.req("behaviour", e.behaviour);
  v.opt("about_request", e.about_request);
  v.opt("occurred_at", e.occurred_at);
}

template <typename V, Is<ConductComplaintHandled> S>
void fields(V& v, S& e) {
  v.req("finding", e.finding);
  v.req("measures", e.measures);
  v.req("told_applicant", e.told_applicant);
}

// INT-7 [R14(1)]
template <typename V, Is<AgentServiceEvaluated> S>
void fields(V& v, S& e) {
  v.req("agent", e.agent);
  v.req("method", e.method);
  v.req("satisfaction", e.satisfaction);
  v.opt("remark", e.remark);
}

// VIS-4 [T17]
template <typename V, Is<SpotCheckVisited> S>
void fields(V& v, S& e) {
  v.req("by", e.by);
  v.req("method", e.method);
  v.req("finding", e.finding);
  v.opt("note", e.note);
  v.opt("handle_due", e.handle_due);
}

// CON-1 [D32, M12]
template <typename V, Is<ApplicantWarned> S>
void fields(V& v, S& e) {
  v.req("behaviour", e.behaviour);
  v.req("request", e.request);
}

template <typename V, Is<ApplicantSuspended> S>
void fields(V& v, S& e) {
  v.req("behaviour", e.behaviour);
  v.req("request", e.request);
  v.req("until", e.until);
  v.req("review_due", e.review_due);
}

template <typename V, Is<SuspensionReviewed> S>
void fields(V& v, S& e) {
  v.req("upheld", e.upheld);
}

// ICN-2 [M9]
template <typename V, Is<HotlineTransferSent> S>
void fields(V& v, S& e) {
  v.req("hotline", e.hotline);
  v.req("joint", e.joint);
  v.opt("note", e.note);
}

template <typename V, Is<HotlineTransferAnswered> S>
void fields(V& v, S& e) {
  v.req("hotline", e.hotline);
  v.opt("their_reference", e.their_reference);
  v.req("result", e.result);
  v.opt("note", e.note);
}

// Events without members.
template <typename V, typename S>
requires Is<S, ReturnRejected> || Is<S, ExtensionRefused> || Is<S, WorkOrderClosed>
void fields(V&, S&) {}

// ---- Writing ---------------------------------------------------------------

template <typename T>
json encode(const T& value);

class Writer {
 public:
  explicit Writer(json& out) : out_(out) {}

  template <typename T>
  void req(const char* key, const T& value) {
    out_[key] = encode(value);
  }
  template <typename T>
  void opt(const char* key, const T& value) {
    if constexpr (kIsOptional<T>) {
      if (value) out_[key] = encode(*value);
    } else {
      out_[key] = encode(value);
    }
  }

 private:
  json& out_;
};

template <typename T>
json encode(const T& value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(value);
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(to_string(value));
  } else if constexpr (std::is_same_v<T, Instant>) {
    return format_iso8601(value);
  } else if constexpr (std::is_same_v<T, PolicyDuration>) {
    return value.describe();
  } else if constexpr (kIsVector<T>) {
    json array = json::array();
    for (const auto& element : value) array.push_back(encode(element));
    return array;
  } else {
    json object = json::object();
    Writer writer(object);
    fields(writer, value);
    return object;
  }
}

// ---- Reading ---------------------------------------------------------------

std::string member_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Decodes JSON into values; the first error is kept and stops the rest.
class Decoder {
 public:
  bool failed() const { return error_.has_value(); }
  Error take_error() { return std::move(*error_); }
  void fail_with(Error e) {
    if (!error_) error_ = std::move(e);
  }

  template <typename T>
  bool decode(const json& j, const std::string& path, T& out);

 private:
  bool wrong_type(const std::string& path, std::string_view en, std::string_view zh) {
    fail_with(Error::invalid(path, "expected " + std::string(en), "应为" + std::string(zh)));
    return false;
  }

  std::optional<Error> error_;
};

// Reads the members of one JSON object. Members nobody asked for are errors
// (finish), so a misspelt field never passes silently.
class Reader {
 public:
  Reader(Decoder& decoder, const json& object, std::string path)
      : decoder_(decoder), object_(object), path_(std::move(path)) {}

  template <typename T>
  void req(const char* key, T& out) {
    read(key, out, /*required=*/true);
  }
  template <typename T>
  void opt(const char* key, T& out) {
    read(key, out, /*required=*/false);
  }
  // A member the caller reads itself.
  void skip(const char* key) { known_.push_back(key); }

  void finish() {
    if (decoder_.failed()) return;
    for (const auto& [key, value] : object_.items()) {
      bool known = false;
      for (const char* k : known_) {
        if (key == k) {
          known = true;
          break;
        }
      }
      if (!known) {
        decoder_.fail_with(Error::invalid(member_path(path_, key), "unknown field", "未知字段"));
        return;
      }
    }
  }

 private:
  template <typename T>
  void read(const char* key, T& out, bool required) {
    known_.push_back(key);
    if (decoder_.failed()) return;
    auto it = object_.find(key);
    const std::string path = member_path(path_, key);
    if (it == object_.end()) {
      if (required)
        decoder_.fail_with(Error::invalid(path, "required field missing", "缺少必填字段"));
      return;
    }
    if constexpr (kIsOptional<T>) {
      typename T::value_type value{};
      if (decoder_.decode(*it, path, value)) out = std::move(value);
    } else {
      decoder_.decode(*it, path, out);
    }
  }

  Decoder& decoder_;
  const json& object_;
  std::string path_;
  std::vector<const char*> known_;
};

template <typename T>
bool Decoder::decode(const json& j, const std::string& path, T& out) {
  if (failed()) return false;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return wrong_type(path, "a string", "字符串");
    out = j.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return wrong_type(path, "true or false", "布尔值");
    out = j.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!j.is_number_integer()) return wrong_type(path, "an integer", "整数");
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
        return wrong_type(path, "a smaller integer", "较小的整数");
      }
      out = static_cast<T>(v);
    } else {
      const auto v = j.get<std::int64_t>();
      if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
        return wrong_type(path, "a smaller integer", "较小的整数");
      }
      out = static_cast<T>(v);
    }
  } else if constexpr (std::is_enum_v<T>) {
    if (!j.is_string()) return wrong_type(path, "a name (string)", "名称字符串");
    const auto& name = j.get_ref<const std::string&>();
    auto parsed = parse_wire(name, static_cast<T*>(nullptr));
    if (!parsed) {
      fail_with(
          Error::invalid(path, "unknown value \"" + name + "\"", "无法识别的取值“" + name + "”"));
      return false;
    }
    out = *parsed;
  } else if constexpr (std::is_same_v<T, Instant>) {
    if (!j.is_string()) {
      return wrong_type(path, "an ISO-8601 instant such as 2026-01-05T09:30:00+08:00",
                        " ISO-8601 时间，例如 2026-01-05T09:30:00+08:00");
    }
    auto parsed = parse_iso8601(j.get_ref<const std::string&>());
    if (!parsed) {
      fail_with(Error::invalid(path, parsed.error().message, parsed.error().message_zh));
      return false;
    }
    out = *parsed;
  } else if constexpr (std::is_same_v<T, PolicyDuration>) {
    if (!j.is_string())
      return wrong_type(path, "a period such as \"7 working days\"",
                        "时限，例如 \"7 working days\"");
    auto parsed = parse_policy_duration(j.get_ref<const std::string&>());
    if (!parsed) {
      fail_with(Error::invalid(path, parsed.error().message, parsed.error().message_zh));
      return false;
    }
    out = *parsed;
  } else if constexpr (kIsVector<T>) {
    if (!j.is_array()) return wrong_type(path, "an array", "数组");
    T values;
    values.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      typename T::value_type value{};
      if (!decode(j[i], path + "[" + std::to_string(i) + "]", value)) return false;
      values.push_back(std::move(value));
    }
    out = std::move(values);
  } else {
    if (!j.is_object()) return wrong_type(path, "an object", "对象");
    Reader reader(*this, j, path);
    fields(reader, out);
    reader.finish();
  }
  return !failed();
}

// ---- Event types by name ---------------------------------------------------

using BodyDecoder = bool (*)(Decoder&, const json&, EventBody&);

template <std::size_t I>
bool decode_alternative(Decoder& decoder, const json& data, EventBody& out) {
  std::variant_alternative_t<I, EventBody> body{};
  if (!decoder.decode(data, "data", body)) return false;
  out.emplace<I>(std::move(body));
  return true;
}

struct BodyCodec {
  std::string_view name;
  BodyDecoder decode;
};

template <std::size_t... I>
std::array<BodyCodec, sizeof...(I)> make_body_codecs(std::index_sequence<I...>) {
  return {BodyCodec{event_name(EventBody{std::in_place_index<I>}), &decode_alternative<I>}...};
}

const auto& body_codecs() {
  static const auto codecs =
      make_body_codecs(std::make_index_sequence<std::variant_size_v<EventBody>>{});
  return codecs;
}

Error internal_json_error(const std::exception& e) {
  // Not reachable when the checks above are complete; kept so that no
  // exception ever leaves the codec.
  return Error::invalid("", std::string("malformed JSON: ") + e.what(), "JSON 格式错误");
}

// ---- Folded states -----------------------------------------------------------

template <typename T>
void put_optional(json& out, const char* key, const std::optional<T>& value) {
  if (value) out[key] = encode(*value);
}

json stage_marks(const std::set<std::pair<Stage, std::int64_t>>& marks) {
  json array = json::array();
  for (const auto& [stage, due] : marks) {
    array.push_back(
        {{"stage", std::string(to_string(stage))}, {"due", format_iso8601(Instant{Seconds{due}})}});
  }
  return array;
}

}  // namespace

nlohmann::json event_body_to_json(const EventBody& body) {
  return std::visit([](const auto& b) { return encode(b); }, body);
}

Result<EventBody> event_body_from_json(std::string_view type, const nlohmann::json& data) {
  try {
    for (const auto& codec : body_codecs()) {
      if (codec.name != type) continue;
      Decoder decoder;
      EventBody body;
      if (!codec.decode(decoder, data, body)) return fail(decoder.take_error());
      return body;
    }
    const std::string shown(type.substr(0, 60));
    return fail(Error::invalid("type", "unknown event type \"" + shown + "\"",
                               "未知事件类型“" + shown + "”"));
  } catch (const nlohmann::json::exception& e) {
    return fail(internal_json_error(e));
  }
}

nlohmann::json event_to_json(const Event& event) {
  return json{{"stream", event.stream},
              {"version", event.version},
              {"at", format_iso8601(event.at)},
              {"actor", encode(event.actor)},
              {"reason", event.reason},
              {"article", event.article},
              {"type", std::string(event_name(event.body))},
              {"data", event_body_to_json(event.body)}};
}

Result<Event> event_from_json(const nlohmann::json& json_event) {
  try {
    Decoder decoder;
    if (!json_event.is_object()) {
      return fail(Error::invalid("event", "expected an object", "应为对象"));
    }
    Event event;
    std::string type;
    Reader reader(decoder, json_event, "");
    reader.req("stream", event.stream);
    reader.req("version", event.version);
    reader.req("at", event.at);
    reader.req("actor", event.actor);
    reader.req("reason", event.reason);
    reader.req("article", event.article);
    reader.req("type", type);
    reader.skip("data");  // read below, by type
    reader.finish();
    if (decoder.failed()) return fail(decoder.take_error());
    if (event.version < 1) {
      return fail(Error::invalid("version", "must be 1 or more", "版本号应不小于1"));
    }
    auto it = json_event.find("data");
    if (it == json_event.end()) {
      return fail(Error::invalid("data", "required field missing", "缺少必填字段"));
    }
    auto body = event_body_from_json(type, *it);
    if (!body) return fail(body.error());
    event.body = std::move(*body);
    return event;
  } catch (const nlohmann::json::exception& e) {
    return fail(internal_json_error(e));
  }
}

nlohmann::json deadline_to_json(const Deadline& d) { return encode(d); }

nlohmann::json request_details_to_json(const RequestDetails& d) { return encode(d); }

Result<RequestDetails> request_details_from_json(const nlohmann::json& json_details) {
  try {
    Decoder decoder;
    RequestDetails details;
    if (!decoder.decode(json_details, "", details)) return fail(decoder.take_error());
    return details;
  } catch (const nlohmann::json::exception& e) {
    return fail(internal_json_error(e));
  }
}

nlohmann::json work_order_to_json(const WorkOrderState& s) {
  json out = json::object();
  out["id"] = s.id;
  out["request"] = s.request;
  out["version"] = s.version;
  out["status"] = std::string(to_string(s.status));
  out["status_zh"] = std::string(to_chinese(s.status));
  out["lead_unit"] = s.lead_unit;
  out["assisting_units"] = s.assisting_units;
  if (!s.handling_unit.empty()) out["handling_unit"] = s.handling_unit;
  out["earlier_units"] = s.earlier_units;
  out["policy_profile"] = s.policy_profile;
  out["subject"] = encode(s.subject);
  out["special_labels"] = encode(s.special_labels);
  out["items"] = s.items;
  out["designated"] = s.designated;
  out["functional_matter"] = s.functional_matter;

  out["dispatched_at"] = format_iso8601(s.dispatched_at);
  put_optional(out, "accepted_at", s.accepted_at);
  json deadlines = json::object();
  deadlines["accept"] = encode(s.accept_due);
  deadlines["return"] = encode(s.return_due);
  put_optional(deadlines, "return_complex", s.return_due_complex);
  put_optional(deadlines, "handle", s.handle_due);
  put_optional(deadlines, "statutory_handle", s.statutory_handle_due);
  out["deadlines"] = std::move(deadlines);
  out["handle_started_at"] = format_iso8601(s.handle_started_at);
  out["handle_period"] = s.handle_period.describe();
  out["handle_period_zh"] = s.handle_period.describe_zh();

  if (s.pending_return) {
    json pending = encode(*s.pending_return);
    pending["reason_zh"] = std::string(to_chinese(s.pending_return->reason));
    pending["unit"] = s.pending_return_unit;
    out["pending_return"] = std::move(pending);
  }
  put_optional(out, "pending_extension", s.pending_extension);
  out["counters"] = {
      {"returns_applied", s.returns_applied},
      {"returns_approved", s.returns_approved},
      {"extensions_applied", s.extensions_applied},
      {"extensions_approved", s.extensions_approved},
      {"replies", s.replies},
      {"evaluations", s.evaluations},
      {"dissatisfied_evaluations", s.dissatisfied_evaluations},
      {"handled_again", s.handled_again},
  };

  json results = json::object();
  for (const auto& [unit, result] : s.assisting_results) results[unit] = result;
  out["assisting_results"] = std::move(results);
  put_optional(out, "last_reply", s.last_reply);
  put_optional(out, "replied_at", s.replied_at);
  if (s.last_evaluation) {
    json evaluation = encode(*s.last_evaluation);
    evaluation["satisfaction_zh"] = std::string(to_chinese(s.last_evaluation->satisfaction));
    out["last_evaluation"] = std::move(evaluation);
  }
  put_optional(out, "evaluated_at", s.evaluated_at);
  out["handling_again"] = s.handling_again;
  out["visit_skipped"] = s.visit_skipped;
  out["appeal"] = std::string(to_string(s.appeal));
  put_optional(out, "appeal_filed_at", s.appeal_filed_at);

  json supervisions = json::array();
  for (const auto& r : s.supervisions) {
    json entry = encode(r.supervision);
    entry["trigger_zh"] = std::string(to_chinese(r.supervision.trigger));
    entry["at"] = format_iso8601(r.at);
    entry["reason"] = r.reason;
    entry["article"] = r.article;
    put_optional(entry, "reported_at", r.reported_at);  // SUP-2 [T23]
    if (r.reported_at) entry["report"] = r.report;
    supervisions.push_back(std::move(entry));
  }
  out["supervisions"] = std::move(supervisions);
  if (s.raised_one_level) out["raised_one_level"] = encode(*s.raised_one_level);  // SUP-3
  json referrals = json::array();                                                 // SUP-4
  for (const auto& r : s.referrals) {
    json entry = encode(r.referral);
    entry["at"] = format_iso8601(r.at);
    entry["reason"] = r.reason;
    entry["article"] = r.article;
    referrals.push_back(std::move(entry));
  }
  out["referrals"] = std::move(referrals);
  out["warned"] = stage_marks(s.warned);
  out["missed"] = stage_marks(s.missed);
  return out;
}

nlohmann::json request_to_json(const RequestState& s) {
  json out = json::object();
  out["number"] = s.number;
  out["version"] = s.version;
  out["status"] = std::string(to_string(s.status));
  out["status_zh"] = std::string(to_chinese(s.status));
  out["registered_at"] = format_iso8601(s.registered_at);
  out["details"] = encode(s.details);
  put_optional(out, "dispatch_due", s.dispatch_due);
  if (s.triage) {
    json triage = encode(*s.triage);
    triage["outcome_zh"] = std::string(to_chinese(s.triage->outcome));
    out["triage"] = std::move(triage);
  }
  put_optional(out, "consultation", s.consultation);
  put_optional(out, "consultation_result", s.consultation_result);
  out["orders"] = encode(s.orders);
  out["dispatched_late"] = s.dispatched_late;
  // ICN-2 [M9]: both references, ours (the request number) and theirs.
  json transfers = json::array();
  for (const auto& t : s.transfers) {
    json j{{"hotline", t.hotline},
           {"joint", t.joint},
           {"note", t.note},
           {"sent_at", format_iso8601(t.sent_at)},
           {"sent_by", t.sent_by},
           {"our_reference", s.number},
           {"their_reference", t.their_reference},
           {"result", std::string(to_string(t.result))},
           {"result_zh", std::string(to_chinese(t.result))},
           {"answer_note", t.answer_note}};
    if (t.answered_at) j["answered_at"] = format_iso8601(*t.answered_at);
    transfers.push_back(std::move(j));
  }
  out["transfers"] = std::move(transfers);
  return out;
}

}  // namespace hotline
