#include "application/triage_commands.h"

#include <algorithm>

#include "adapters/json/json_reader.h"
#include "application/json_schema.h"
#include "application/schemas.h"
#include "core/policy/policy.h"
#include "core/work_order/events.h"

namespace hotline::triage_ops {

constexpr Who kSuggesters{
    [](const std::optional<Actor>& a) {
      return a &&
             ((is_office_role(a->role) && a->role != Role::kSystem) || a->role == Role::kApiClient);
    },
    "the office's staff and API clients", "SEC-2", "R28", "派单建议仅供热线工作机构使用"};
constexpr Who kCatalogueMaintainers{
    [](const std::optional<Actor>& a) {
      return a && (a->role == Role::kDispatcher || a->role == Role::kSupervisor ||
                   a->role == Role::kAdministrator || a->role == Role::kSystem);
    },
    "the office's dispatchers, supervisors and administrators", "DIS-2", "R7",
    "派单目录由热线工作机构的派单员、督办员和系统管理员维护"};
namespace {

std::string iso(Instant t) { return format_iso8601(t); }

bool reads_analysis(Role r) { return is_office_role(r) || r == Role::kAnalyst; }

// SEC-2 [M27], M14: earlier requests (TRI-5, SUP-1) are the office's to see.
// Another system's API client gets categories, units and deadlines, but no
// other request's number, progress or cluster — it would learn of other
// units' and confidential requests, and whether a phone number has any.
void withhold_other_requests(triage::Suggestion& s) {
  s.duplicates.clear();
  s.cluster.reset();
  std::erase_if(s.notes, [](const std::string& note) {
    return note.find("M13(5)") != std::string::npos || note.find("M22(3)") != std::string::npos;
  });
}

// ANA-4, ANA-5: a unit's staff see the clusters of their area only; the
// office and analysts see all. Nullopt area: all; an error: not theirs.
Result<std::optional<AreaFilter>> area_of(const TriageContext& t, const Actor& actor,
                                          std::string_view what_zh) {
  if (reads_analysis(actor.role)) return std::optional<AreaFilter>{};
  std::optional<AreaFilter> area;
  if (t.area) area = t.area(actor);
  if (!area) {
    return fail(Error::forbidden(
        "SEC-2", "R28", "clusters are for the office, analysts and units in their area",
        std::string(what_zh) + "仅供热线工作机构、分析人员及承办单位（本辖区）查看"));
  }
  return area;
}

json progress_json(const triage::RequestProgress& p) {
  json j = {{"status", p.status}, {"status_zh", p.status_zh}, {"units", p.units}};
  if (p.due) j["due"] = iso(*p.due);
  if (!p.result.empty()) j["result"] = p.result;
  return j;
}

json catalogue_entry_schema() {
  using namespace schema;
  return object({{"id", string("stable ASCII id", 1)},
                 {"category", string("taxonomy path: 城乡建设/物业管理", 1)},
                 {"district", string("unit id of a district; empty: anywhere")},
                 {"street", string("unit id of a street; empty: the whole district")},
                 {"keywords", array_of(string(), "non-empty: only when the text contains one")},
                 {"lead", string("unit id, {district} or {street}", 1)},
                 {"assisting", array_of(string())},
                 {"functional", boolean("a functional department's matter (DIS-6, R8)")},
                 {"exception_of", string("the entry this one makes an exception to")},
                 {"basis", string("the law, responsibility or duty list it comes from")},
                 {"active", boolean()}},
                {"id", "category", "district", "street", "keywords", "lead", "assisting",
                 "functional", "exception_of", "basis", "active"},
                "an entry of the dispatch catalogue (DIS-2)");
}

// The members a catalogue body may carry (`with_id`: POST names the id; PUT
// takes it from the route).
json catalogue_body_schema(bool with_id) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> members = {
      {"category", string("taxonomy path", 1)},
      {"district", string()},
      {"street", string()},
      {"keywords", array_of(string())},
      {"lead", string("unit id, {district} or {street}", 1)},
      {"assisting", array_of(string())},
      {"functional", boolean("DIS-6, R8")},
      {"exception_of", string()},
      {"basis", string()},
      {"active", boolean("ignored: retire an entry instead")},
      {"reason", string("why, recorded in the change log (R7)")}};
  std::vector<std::string> required = {"category", "lead"};
  if (with_id) {
    members.insert(members.begin(), {"id", string("stable ASCII id", 1)});
    required.insert(required.begin(), "id");
  }
  return object(members, required);
}

json actor_schema() {
  using namespace schema;
  return object({{"id", string()}, {"role", string()}, {"unit", string()}}, {"id", "role", "unit"});
}

json catalogue_change_schema() {
  using namespace schema;
  json entry_or_null = {{"nullable", true}, {"allOf", json::array({ref("CatalogueEntry")})}};
  return object(
      {{"sequence", integer("1-based position in the log")},
       {"at", instant()},
       {"actor", actor_schema()},
       {"action", enumeration(triage::parse_catalogue_action)},
       {"entry", string()},
       {"reason", string()},
       {"article", string()},
       {"before", entry_or_null},
       {"after", entry_or_null}},
      {"sequence", "at", "actor", "action", "entry", "reason", "article", "before", "after"},
      "one change of the dispatch catalogue (R7)");
}

json cluster_schema() {
  using namespace schema;
  return object(
      {{"cluster", string("the number of the cluster's first request")},
       {"requests", integer()},
       {"recent_requests", integer("within the window")},
       {"recent_applicants", integer("distinct applicants within the window")},
       {"first_at", instant()},
       {"last_at", instant()},
       {"district", string()},
       {"category", string()},
       {"alerted", boolean("supervision raised (SUP-1)")},
       {"numbers", array_of(string(), "member numbers (at most 50; a unit: its area's)")},
       {"in_area", integer("a unit: members inside its area")},
       {"supervision", object({{"raised_at", instant()}, {"rule", string()}, {"article", string()}},
                              {"raised_at", "rule", "article"})}},
      {"cluster", "requests", "recent_requests", "recent_applicants", "first_at", "last_at",
       "district", "category", "alerted", "numbers"},
      "requests on one problem (SUP-1)");
}

json finding_schema() {
  using namespace schema;
  return object({{"check", enumeration(triage::parse_reply_check)},
                 {"check_zh", string()},
                 {"rule", string("REP-2 or REP-3")},
                 {"article", string()},
                 {"wording", string("the regulation's wording, T16(5)")},
                 {"severity", enumeration(triage::parse_severity)},
                 {"message", string()},
                 {"message_zh", string()},
                 {"evidence", string("the words that triggered it")}},
                {"check", "check_zh", "rule", "article", "wording", "severity", "message",
                 "message_zh", "evidence"},
                "a finding of the reply check");
}

json suggestion_schema() {
  using namespace schema;
  json category =
      object({{"category", string()},
              {"confidence", schema::number()},
              {"source", string()},
              {"sure", boolean("the model is sure (确定); else the agent checks it (请核对)")}},
             {"category", "confidence", "source", "sure"});
  json place = object({{"name", string()},
                       {"text", string()},
                       {"kind", enumeration(triage::parse_place_kind)},
                       {"district", string()},
                       {"street", string()}},
                      {"name", "text", "kind", "district", "street"});
  json unit = object({{"category", string()},
                      {"lead", string()},
                      {"lead_name", string()},
                      {"assisting", array_of(string())},
                      {"reason", string("catalogue, history or both")},
                      {"confidence", schema::number()},
                      {"catalogue_entry", string()},
                      {"basis", string()},
                      {"history_share", schema::number()},
                      {"history_support", schema::number()}},
                     {"category", "lead", "lead_name", "assisting", "reason", "confidence"});
  json part = object({{"text", string()}, {"category", string()}, {"lead", string()}},
                     {"text", "category", "lead"});
  json progress = object({{"status", string()},
                          {"status_zh", string()},
                          {"units", array_of(string())},
                          {"due", instant()},
                          {"result", string()}},
                         {"status", "status_zh", "units"});
  json duplicate = object({{"number", string()},
                           {"at", instant()},
                           {"similarity", schema::number()},
                           {"same_applicant", boolean()},
                           {"rule", string("TRI-5 or SUP-1")},
                           {"article", string()},
                           {"progress", progress}},
                          {"number", "at", "similarity", "same_applicant", "rule", "article"});
  json deadline = object({{"stage", enumeration(parse_stage)},
                          {"profile", string()},
                          {"due", instant()},
                          {"rule", string()},
                          {"article", string()}},
                         {"stage", "profile", "due", "rule", "article"});
  json cluster = object({{"cluster", string()},
                         {"requests", integer()},
                         {"recent_applicants", integer()},
                         {"threshold", integer()},
                         {"alerted", boolean()},
                         {"would_reach_threshold", boolean()}},
                        {"cluster", "requests", "recent_applicants", "threshold", "alerted",
                         "would_reach_threshold"});
  cluster["nullable"] = true;
  // TYP-2, TYP-1 (issue 15): sure when a lexicon pattern or cue fired.
  auto classification = [&](json value, const char* what) {
    json x = object(
        {{"value", std::move(value)},
         {"sure", boolean("a lexicon pattern or cue fired (确定); else ask the caller (请核对)")},
         {"source", string("lexicon, model or default")},
         {"matched", array_of(string(), "the patterns or cues that fired")},
         {"confidence", schema::number("the model's confidence, when the model decided")},
         {"questions", array_of(string(), "zh-CN questions for the caller when not sure")}},
        {"value", "sure", "source", "matched", "questions"}, what);
    return nullable(std::move(x));
  };
  return object(
      {{"categories", array_of(category)},
       {"places", array_of(place)},
       {"location", object({{"district", string()}, {"street", string()}, {"from_text", boolean()}},
                           {"district", "street", "from_text"})},
       {"units", array_of(unit)},
       {"split", object({{"split", boolean()},
                         {"parts", array_of(part)},
                         {"rule", string()},
                         {"article", string()}},
                        {"split", "parts", "rule", "article"})},
       {"duplicates", array_of(duplicate, "earlier requests (TRI-5, SUP-1); the office only")},
       {"deadlines", array_of(deadline)},
       {"notes", array_of(string(), "remarks for the agent")},
       {"cluster", cluster},
       {"urgency", classification(enumeration(parse_urgency), "the suggested urgency (TYP-2)")},
       {"type", classification(enumeration(parse_request_type), "the suggested type (TYP-1)")}},
      {"categories", "places", "location", "units", "split", "duplicates", "deadlines", "notes",
       "cluster", "urgency", "type"},
      "a dispatch suggestion (DIS-8)");
}

}  // namespace

// ---- Codecs ----

Result<triage::SuggestionInput> suggestion_input_from_json(const json& j) {
  JsonReader r(j, "");
  triage::SuggestionInput in;
  in.subject = r.string("subject");
  in.detail = r.string("detail");
  in.items = r.strings("items");
  in.phone = r.string("phone");
  in.category = r.string("category");
  if (auto t = r.enumeration("type", parse_request_type,
                             "inquiry, assistance, complaint, report, suggestion, praise")) {
    in.type = *t;
  }
  if (auto u = r.enumeration("urgency", parse_urgency, "general, utilities, life-safety")) {
    in.urgency = *u;
  }
  if (auto l = r.enumeration("label", parse_urgency_label, "特急, 紧急, 急")) in.label = *l;
  if (auto c = r.enumeration("channel", parse_channel, "phone, website, …")) in.channel = *c;
  in.registered_at = r.instant("registered_at");
  if (const json* loc = r.object("location")) {
    JsonReader lr(*loc, "location");
    in.location.district = lr.string("district");
    in.location.street = lr.string("street");
    in.location.address = lr.string("address");
    r.adopt(lr.finish());
  }
  if (auto s = r.finish(); !s) return fail(s.error());
  return in;
}

json suggestion_to_json(const triage::Suggestion& s) {
  json cats = json::array();
  for (const auto& c : s.categories) {
    cats.push_back({{"category", c.category},
                    {"confidence", c.confidence},
                    {"source", c.source},
                    {"sure", c.sure}});
  }
  json places = json::array();
  for (const auto& p : s.places) {
    places.push_back({{"name", p.name},
                      {"text", p.text},
                      {"kind", std::string(triage::to_string(p.kind))},
                      {"district", p.district},
                      {"street", p.street}});
  }
  json units = json::array();
  for (const auto& u : s.units) {
    json x = {{"category", u.category},   {"lead", u.lead},     {"lead_name", u.lead_name},
              {"assisting", u.assisting}, {"reason", u.reason}, {"confidence", u.confidence}};
    if (!u.catalogue_entry.empty()) {
      x["catalogue_entry"] = u.catalogue_entry;
      x["basis"] = u.basis;
    }
    if (u.history_support > 0) {
      x["history_share"] = u.history_share;
      x["history_support"] = u.history_support;
    }
    units.push_back(std::move(x));
  }
  json parts = json::array();
  for (const auto& p : s.split.parts) {
    parts.push_back({{"text", p.text}, {"category", p.category}, {"lead", p.lead}});
  }
  json dups = json::array();
  for (const auto& d : s.duplicates) {
    json x = {{"number", d.number},
              {"at", iso(d.at)},
              {"similarity", d.similarity},
              {"same_applicant", d.same_applicant},
              {"rule", d.rule},
              {"article", d.article}};
    if (d.progress) x["progress"] = progress_json(*d.progress);
    dups.push_back(std::move(x));
  }
  json deadlines = json::array();
  for (const auto& d : s.deadlines) {
    deadlines.push_back({{"stage", std::string(to_string(d.stage))},
                         {"profile", d.profile},
                         {"due", iso(d.deadline.due)},
                         {"rule", d.deadline.rule},
                         {"article", d.deadline.article}});
  }
  json out = {{"categories", cats},
              {"places", places},
              {"location",
               {{"district", s.location.district},
                {"street", s.location.street},
                {"from_text", s.location_from_text}}},
              {"units", units},
              {"split",
               {{"split", s.split.split},
                {"parts", parts},
                {"rule", s.split.rule},
                {"article", s.split.article}}},
              {"duplicates", dups},
              {"deadlines", deadlines},
              {"notes", s.notes}};
  if (s.cluster) {
    out["cluster"] = {{"cluster", s.cluster->first_number},
                      {"requests", s.cluster->requests},
                      {"recent_applicants", s.cluster->recent_applicants},
                      {"threshold", s.cluster->threshold},
                      {"alerted", s.cluster->alerted},
                      {"would_reach_threshold", s.cluster->would_reach_threshold}};
  } else {
    out["cluster"] = nullptr;
  }
  auto classification = [](const auto& c) {
    json x = {{"value", std::string(to_string(c.value))},
              {"sure", c.sure},
              {"source", c.source},
              {"matched", c.matched},
              {"questions", c.questions}};
    if (c.confidence) x["confidence"] = *c.confidence;
    return x;
  };
  out["urgency"] = s.urgency ? classification(*s.urgency) : json(nullptr);
  out["type"] = s.type ? classification(*s.type) : json(nullptr);
  return out;
}

json finding_to_json(const triage::Finding& f) {
  return {{"check", std::string(triage::to_string(f.check))},
          {"check_zh", std::string(triage::to_chinese(f.check))},
          {"rule", f.rule},
          {"article", f.article},
          {"wording", f.wording},
          {"severity", std::string(triage::to_string(f.severity))},
          {"message", f.message},
          {"message_zh", f.message_zh},
          {"evidence", f.evidence}};
}

Result<triage::CatalogueEntry> catalogue_entry_from_json(const json& j) {
  JsonReader r(j, "");
  triage::CatalogueEntry e;
  e.id = r.string("id", true);
  e.category = r.string("category", true);
  e.district = r.string("district");
  e.street = r.string("street");
  e.keywords = r.strings("keywords");
  e.lead = r.string("lead", true);
  e.assisting = r.strings("assisting");
  e.functional = r.boolean("functional");
  e.exception_of = r.string("exception_of");
  e.basis = r.string("basis");
  r.allow("reason");
  r.allow("active");
  if (auto s = r.finish(); !s) return fail(s.error());
  return e;
}

json catalogue_entry_to_json(const triage::CatalogueEntry& e) {
  return {{"id", e.id},
          {"category", e.category},
          {"district", e.district},
          {"street", e.street},
          {"keywords", e.keywords},
          {"lead", e.lead},
          {"assisting", e.assisting},
          {"functional", e.functional},
          {"exception_of", e.exception_of},
          {"basis", e.basis},
          {"active", e.active}};
}

json catalogue_change_to_json(const triage::CatalogueChange& c) {
  json j = {{"sequence", c.sequence},
            {"at", iso(c.at)},
            {"actor",
             {{"id", c.actor.id},
              {"role", std::string(to_string(c.actor.role))},
              {"unit", c.actor.unit}}},
            {"action", std::string(triage::to_string(c.action))},
            {"entry", c.entry_id},
            {"reason", c.reason},
            {"article", c.article}};
  j["before"] = c.before ? catalogue_entry_to_json(*c.before) : json(nullptr);
  j["after"] = c.after ? catalogue_entry_to_json(*c.after) : json(nullptr);
  return j;
}

ClusterSummary summarise(const triage::ClusterView& v, const triage::TriageService& service,
                         const AreaFilter* area) {
  ClusterSummary c;
  c.view = v;
  c.cluster = service.number_of(v.id);
  std::size_t in_area = 0;
  for (triage::DocId member : v.members) {
    const std::string number = service.number_of(member);
    if (area != nullptr && !(*area)(number, service.district_of(member))) continue;
    ++in_area;
    if (c.numbers.size() < 50) c.numbers.push_back(number);
  }
  if (area != nullptr) c.in_area = in_area;
  c.view.members.clear();  // rendered as numbers
  return c;
}

// ---- Suggestions ----

Result<Suggest> Suggest::from_call(const OperationCall& call) {
  auto input = suggestion_input_from_json(call.body);
  if (!input) return fail(input.error());
  return Suggest{std::move(*input)};
}

json Suggest::body_schema() {
  using namespace schema;
  return object(
      {{"subject", string()},
       {"detail", string()},
       {"items", array_of(string(), "the matters, one text each")},
       {"phone", string("the applicant's phone: earlier requests of the same applicant (TRI-5)")},
       {"category", string("the agent's category, if chosen")},
       {"type", enumeration(parse_request_type, "TYP-1")},
       {"urgency", enumeration(parse_urgency, "TYP-3")},
       {"label", enumeration(parse_urgency_label, "特急, 紧急, 急 (TYP-4)")},
       {"channel", enumeration(parse_channel, "INT-1")},
       {"registered_at", instant("default: now")},
       {"location", object({{"district", string()}, {"street", string()}, {"address", string()}})}},
      {}, "what the agent has typed so far");
}

Result<triage::Suggestion> Suggest::run(TriageContext& t, const Caller&) && {
  return t.service.suggest(input, t.clock.now());
}

json render(const triage::Suggestion& s, const Caller& caller) {
  if (caller && is_office_role(caller->role)) return suggestion_to_json(s);
  triage::Suggestion withheld = s;
  withhold_other_requests(withheld);
  return suggestion_to_json(withheld);
}

// ---- Clusters ----

Result<HotClusters> HotClusters::from_call(const OperationCall& call) {
  HotClusters h;
  auto min = size_param(call, "min_applicants", 2, 1000000);
  if (!min) return fail(min.error());
  auto limit = size_param(call, "limit", 20, 1000);
  if (!limit) return fail(limit.error());
  h.min_applicants = *min;
  h.limit = *limit;
  return h;
}

std::vector<OperationParam> HotClusters::query_params() {
  return {{"min_applicants", size_param_schema(2, 1000000, "at least this many applicants")},
          {"limit", size_param_schema(20, 1000)}};
}

Result<HotClusterList> HotClusters::run(TriageContext& t, const Caller& caller) && {
  auto area = area_of(t, actor_of(caller), "热点聚类");
  if (!area) return fail(area.error());
  const AreaFilter* filter = *area ? &**area : nullptr;
  HotClusterList out;
  // A unit's list is the city's hot list filtered to its area (ANA-4, ANA-5).
  const std::size_t wanted = filter != nullptr ? std::size_t{1000} : limit;
  for (const auto& v : t.service.hot_clusters(t.clock.now(), min_applicants, wanted)) {
    if (out.clusters.size() == limit) break;
    ClusterSummary c = summarise(v, t.service, filter);
    if (c.in_area && *c.in_area == 0) continue;
    out.clusters.push_back(std::move(c));
  }
  const auto& clusters = t.service.settings().index.clusters;
  out.window_days = clusters.window.count() / 86400;
  out.threshold = clusters.supervision_applicants.value;
  out.article = clusters.supervision_applicants.article;
  return out;
}

Result<ClusterOf> ClusterOf::from_call(const OperationCall& call) {
  return ClusterOf{call.path_param("number")};
}

Result<ClusterSummary> ClusterOf::run(TriageContext& t, const Caller& caller) && {
  auto area = area_of(t, actor_of(caller), "聚类");
  if (!area) return fail(area.error());
  const auto not_there = [&] {
    return fail(Error::not_found("request " + number + " in the triage index", "索引中没有该诉求"));
  };
  auto v = t.service.cluster(number, t.clock.now());
  if (!v) return not_there();
  ClusterSummary c = summarise(*v, t.service, *area ? &**area : nullptr);
  // Outside the caller's area: exactly like a request not indexed.
  if (c.in_area && *c.in_area == 0) return not_there();
  return c;
}

json render(const ClusterSummary& c, const Caller&) {
  const auto& v = c.view;
  json j = {{"cluster", c.cluster},
            {"requests", v.requests},
            {"recent_requests", v.recent_requests},
            {"recent_applicants", v.recent_applicants},
            {"first_at", iso(v.first_at)},
            {"last_at", iso(v.last_at)},
            {"district", v.district},
            {"category", v.category},
            {"alerted", v.alerted},
            {"numbers", c.numbers}};
  if (c.in_area) j["in_area"] = *c.in_area;
  if (v.alerted_at) {
    j["supervision"] = {
        {"raised_at", iso(*v.alerted_at)}, {"rule", "SUP-1"}, {"article", "M22(3)"}};
  }
  return j;
}

json render(const HotClusterList& l, const Caller& caller) {
  json list = json::array();
  for (const auto& c : l.clusters) list.push_back(render(c, caller));
  return {{"clusters", list},
          {"window_days", l.window_days},
          {"threshold", l.threshold},
          {"article", l.article}};
}

// ---- Reply checks ----

Result<CheckReply> CheckReply::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  CheckReply c;
  c.profile = reader.string("profile");
  const json* reply = reader.object("reply", true);
  if (const json* req = reader.object("request")) {
    JsonReader rr(*req, "request");
    c.subject = rr.string("subject");
    c.detail = rr.string("detail");
    reader.adopt(rr.finish());
  }
  if (auto s = reader.finish(); !s) return fail(s.error());
  JsonReader rr(*reply, "reply");
  c.reply = read_reply(rr);
  if (auto s = rr.finish(); !s) return fail(s.error());
  return c;
}

json CheckReply::body_schema() {
  using namespace schema;
  return object({{"profile", string("the policy profile; default: the default policy")},
                 {"reply", reply_content()},
                 {"request", object({{"subject", string()}, {"detail", string()}}, {},
                                    "the request replied to, for the off-topic check")}},
                {"reply"});
}

Result<ReplyFindings> CheckReply::run(TriageContext& t, const Caller&) && {
  auto findings = t.service.check_reply(reply, profile, {subject, detail});
  if (!findings) return fail(findings.error());
  ReplyFindings out;
  out.blocks = triage::blocks(*findings);
  out.findings = std::move(*findings);
  return out;
}

json render(const ReplyFindings& f, const Caller&) {
  json list = json::array();
  for (const auto& x : f.findings) list.push_back(finding_to_json(x));
  return {{"blocks", f.blocks}, {"findings", list}};
}

// ---- The dispatch catalogue ----

Result<Catalogue> Catalogue::from_call(const OperationCall&) { return Catalogue{}; }

Result<CatalogueEntries> Catalogue::run(TriageContext& t, const Caller&) && {
  return CatalogueEntries{t.service.catalogue_entries()};
}

Result<CatalogueChanges> CatalogueChanges::from_call(const OperationCall&) {
  return CatalogueChanges{};
}

Result<CatalogueLog> CatalogueChanges::run(TriageContext& t, const Caller&) && {
  return CatalogueLog{t.service.catalogue_log()};
}

json render(const CatalogueEntries& e, const Caller&) {
  json list = json::array();
  for (const auto& x : e.entries) list.push_back(catalogue_entry_to_json(x));
  return {{"entries", list}};
}

json render(const CatalogueLog& l, const Caller&) {
  json list = json::array();
  for (const auto& c : l.changes) list.push_back(catalogue_change_to_json(c));
  return {{"changes", list}};
}

json render(const triage::CatalogueChange& c, const Caller&) { return catalogue_change_to_json(c); }

Result<AddEntry> AddEntry::from_call(const OperationCall& call) {
  json body = call.body;
  auto reason = take_string(body, "reason");
  if (!reason) return fail(reason.error());
  auto entry = catalogue_entry_from_json(body);
  if (!entry) return fail(entry.error());
  return AddEntry{std::move(*entry), std::move(*reason), call.audit};
}

json AddEntry::body_schema() { return catalogue_body_schema(true); }

Result<triage::CatalogueChange> AddEntry::run(TriageContext& t, const Caller& caller) && {
  return t.service.add_entry(std::move(entry), actor_of(caller), reason, t.clock.now(), audit);
}

Result<ChangeEntry> ChangeEntry::from_call(const OperationCall& call) {
  json body = call.body;
  auto reason = take_string(body, "reason");
  if (!reason) return fail(reason.error());
  body["id"] = call.path_param("id");
  auto entry = catalogue_entry_from_json(body);
  if (!entry) return fail(entry.error());
  return ChangeEntry{std::move(*entry), std::move(*reason), call.audit};
}

json ChangeEntry::body_schema() { return catalogue_body_schema(false); }

Result<triage::CatalogueChange> ChangeEntry::run(TriageContext& t, const Caller& caller) && {
  return t.service.change_entry(std::move(entry), actor_of(caller), reason, t.clock.now(), audit);
}

Result<RetireEntry> RetireEntry::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  RetireEntry r;
  r.id = call.path_param("id");
  r.reason = reader.string("reason");
  r.audit = call.audit;
  if (auto st = reader.finish(); !st) return fail(st.error());
  return r;
}

json RetireEntry::body_schema() {
  return schema::object({{"reason", schema::string("why, recorded in the change log (R7)")}});
}

Result<triage::CatalogueChange> RetireEntry::run(TriageContext& t, const Caller& caller) && {
  return t.service.retire_entry(id, actor_of(caller), reason, t.clock.now(), audit);
}

// ---- Rebuilding the index ----

Result<Reindex> Reindex::from_call(const OperationCall& call) {
  JsonReader reader(call.body, "");
  Reindex r;
  r.drop_imported = reader.boolean("drop_imported");
  if (auto st = reader.finish(); !st) return fail(st.error());
  return r;
}

json Reindex::body_schema() {
  return schema::object(
      {{"drop_imported", schema::boolean("drop requests imported from outside the log "
                                         "(hotline clusters import)")}});
}

Result<triage::RebuildSummary> Reindex::run(TriageContext& t, const Caller&) && {
  if (!t.rebuild) {
    return fail(Error::conflict("the triage index cannot be rebuilt here", "此处不能重建分拣索引"));
  }
  return t.rebuild(drop_imported);
}

json render(const triage::RebuildSummary& r, const Caller&) {
  return {{"events", r.events}, {"requests", r.requests}, {"dropped_imported", r.dropped_imported}};
}

// ---- Schemas ----

json answer_schema(const triage::Suggestion*) { return schema::ref("Suggestion"); }
json answer_schema(const HotClusterList*) {
  using namespace schema;
  return object({{"clusters", array_of(ref("Cluster"))},
                 {"window_days", integer("the cluster window (SUP-1)")},
                 {"threshold", integer("applicants that raise supervision")},
                 {"article", string()}},
                {"clusters", "window_days", "threshold", "article"});
}
json answer_schema(const ClusterSummary*) { return schema::ref("Cluster"); }
json answer_schema(const ReplyFindings*) {
  using namespace schema;
  return object({{"blocks", boolean("a finding blocks the reply")},
                 {"findings", array_of(ref("ReplyFinding"))}},
                {"blocks", "findings"});
}
json answer_schema(const CatalogueEntries*) {
  using namespace schema;
  return object({{"entries", array_of(ref("CatalogueEntry"))}}, {"entries"});
}
json answer_schema(const CatalogueLog*) {
  using namespace schema;
  return object({{"changes", array_of(ref("CatalogueChange"))}}, {"changes"});
}
json answer_schema(const triage::CatalogueChange*) { return schema::ref("CatalogueChange"); }
json answer_schema(const triage::RebuildSummary*) {
  using namespace schema;
  return object({{"events", integer("events of the log read")},
                 {"requests", integer("requests indexed")},
                 {"dropped_imported", integer("imported requests no longer in the index")}},
                {"events", "requests", "dropped_imported"});
}

json components() {
  return {{"Suggestion", suggestion_schema()},
          {"Cluster", cluster_schema()},
          {"ReplyFinding", finding_schema()},
          {"CatalogueEntry", catalogue_entry_schema()},
          {"CatalogueChange", catalogue_change_schema()}};
}

}  // namespace hotline::triage_ops
