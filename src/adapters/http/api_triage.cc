#include "adapters/http/api_triage.h"

#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using nlohmann::json;

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "sign in first", "请先登录");
}

HttpResponse forbidden(std::string message, std::string message_zh) {
  return HttpResponse::error(403, "forbidden", std::move(message), std::move(message_zh));
}

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

bool reads_analysis(Role r) { return is_office_role(r) || r == Role::kAnalyst; }

std::string iso(Instant t) { return format_iso8601(t); }

json progress_json(const triage::RequestProgress& p) {
  json j = {{"status", p.status}, {"status_zh", p.status_zh}, {"units", p.units}};
  if (p.due) j["due"] = iso(*p.due);
  if (!p.result.empty()) j["result"] = p.result;
  return j;
}

std::size_t size_param(const HttpRequest& r, const char* name, std::size_t fallback,
                       std::size_t max, Status& st) {
  const auto v = r.param(name);
  if (!v) return fallback;
  std::size_t n = 0;
  if (v->empty() || v->size() > 7 ||
      !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (n = std::stoul(*v)) > max) {
    st = fail(Error::invalid(name, "must be a whole number up to " + std::to_string(max),
                             "须为不大于" + std::to_string(max) + "的整数"));
  }
  return n;
}

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

}  // namespace

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
    cats.push_back({{"category", c.category}, {"confidence", c.confidence}, {"source", c.source}});
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
  return out;
}

Result<ReplyContent> reply_from_json(const json& j) {
  JsonReader r(j, "reply");
  ReplyContent c = read_reply(r);
  if (auto s = r.finish(); !s) return fail(s.error());
  return c;
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

json cluster_to_json(const triage::ClusterView& v, const triage::TriageService& service,
                     const AreaFilter* area) {
  json numbers = json::array();
  std::size_t in_area = 0;
  for (triage::DocId member : v.members) {
    const std::string number = service.number_of(member);
    if (area != nullptr && !(*area)(number, service.district_of(member))) continue;
    ++in_area;
    if (numbers.size() < 50) numbers.push_back(number);
  }
  json j = {{"cluster", service.number_of(v.id)},
            {"requests", v.requests},
            {"recent_requests", v.recent_requests},
            {"recent_applicants", v.recent_applicants},
            {"first_at", iso(v.first_at)},
            {"last_at", iso(v.last_at)},
            {"district", v.district},
            {"category", v.category},
            {"alerted", v.alerted},
            {"numbers", numbers}};
  if (area != nullptr) j["in_area"] = in_area;
  if (v.alerted_at) {
    j["supervision"] = {
        {"raised_at", iso(*v.alerted_at)}, {"rule", "SUP-1"}, {"article", "M22(3)"}};
  }
  return j;
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

void add_triage_routes(Router& router, const TriageApi& api) {
  router.add({"POST", "/api/v1/triage/suggestions",
              [api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                if (!is_office_role(r.actor->role) && r.actor->role != Role::kApiClient) {
                  return forbidden("suggestions are for the office of hotline",
                                   "派单建议仅供热线工作机构使用");
                }
                auto body = parse_json_object(r.body);
                if (!body) return HttpResponse::error(body.error());
                auto input = suggestion_input_from_json(*body);
                if (!input) return HttpResponse::error(input.error());
                auto s = api.service.suggest(*input, api.clock.now());
                if (!s) return HttpResponse::error(s.error());
                if (!is_office_role(r.actor->role)) withhold_other_requests(*s);
                return ok(200, suggestion_to_json(*s));
              },
              "Dispatch suggestion for a new request (DIS-2, DIS-3, DIS-8, TRI-5, SUP-1)"});

  router.add(
      {"GET", "/api/v1/triage/clusters/hot",
       [api](const HttpRequest& r, const PathParams&) {
         if (!r.actor) return unauthenticated();
         std::optional<AreaFilter> area;
         if (!reads_analysis(r.actor->role)) {
           if (api.area) area = api.area(*r.actor);
           if (!area) {
             return forbidden("hot clusters are for the office, analysts and units in their area",
                              "热点聚类仅供热线工作机构、分析人员及承办单位（本辖区）查看");
           }
         }
         Status st;
         const std::size_t min = size_param(r, "min_applicants", 2, 1000000, st);
         const std::size_t limit = size_param(r, "limit", 20, 1000, st);
         if (!st) return HttpResponse::error(st.error());
         json list = json::array();
         // A unit's list is the city's hot list filtered to its area (ANA-4, ANA-5).
         const std::size_t wanted = area ? std::size_t{1000} : limit;
         for (const auto& v : api.service.hot_clusters(api.clock.now(), min, wanted)) {
           if (list.size() == limit) break;
           json c = cluster_to_json(v, api.service, area ? &*area : nullptr);
           if (area && c["in_area"].get<std::size_t>() == 0) continue;
           list.push_back(std::move(c));
         }
         return ok(
             200,
             {{"clusters", list},
              {"window_days", api.service.settings().index.clusters.window.count() / 86400},
              {"threshold", api.service.settings().index.clusters.supervision_applicants.value},
              {"article", api.service.settings().index.clusters.supervision_applicants.article}});
       },
       "Hot clusters: many applicants, same problem (SUP-1, ANA-2)"});

  router.add({"GET", "/api/v1/triage/clusters/{number}",
              [api](const HttpRequest& r, const PathParams& p) {
                if (!r.actor) return unauthenticated();
                std::optional<AreaFilter> area;
                if (!reads_analysis(r.actor->role)) {
                  if (api.area) area = api.area(*r.actor);
                  if (!area) {
                    return forbidden(
                        "clusters are for the office, analysts and units in their area",
                        "聚类仅供热线工作机构、分析人员及承办单位（本辖区）查看");
                  }
                }
                const auto not_there = [&] {
                  return HttpResponse::error(Error::not_found(
                      "request " + p.at("number") + " in the triage index", "索引中没有该诉求"));
                };
                auto v = api.service.cluster(p.at("number"), api.clock.now());
                if (!v) return not_there();
                json c = cluster_to_json(*v, api.service, area ? &*area : nullptr);
                // Outside the caller's area: exactly like a request not indexed.
                if (area && c["in_area"].get<std::size_t>() == 0) return not_there();
                return ok(200, c);
              },
              "The cluster of a request"});

  router.add({"POST", "/api/v1/triage/reply-checks",
              [api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                if (!is_office_role(r.actor->role) && !is_unit_role(r.actor->role)) {
                  return forbidden("reply checks are for the office and units",
                                   "答复检查仅供热线工作机构和承办单位使用");
                }
                auto body = parse_json_object(r.body);
                if (!body) return HttpResponse::error(body.error());
                JsonReader reader(*body, "");
                const std::string profile = reader.string("profile");
                const json* reply = reader.object("reply", true);
                std::string subject, detail;
                if (const json* req = reader.object("request")) {
                  JsonReader rr(*req, "request");
                  subject = rr.string("subject");
                  detail = rr.string("detail");
                  reader.adopt(rr.finish());
                }
                if (auto s = reader.finish(); !s) return HttpResponse::error(s.error());
                auto content = reply_from_json(*reply);
                if (!content) return HttpResponse::error(content.error());
                auto findings = api.service.check_reply(*content, profile, {subject, detail});
                if (!findings) return HttpResponse::error(findings.error());
                json list = json::array();
                for (const auto& f : *findings) list.push_back(finding_to_json(f));
                return ok(200, {{"blocks", triage::blocks(*findings)}, {"findings", list}});
              },
              "Check a reply against REP-2 and REP-3"});

  router.add({"GET", "/api/v1/triage/catalogue",
              [api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                json list = json::array();
                for (const auto& e : api.service.catalogue_entries()) {
                  list.push_back(catalogue_entry_to_json(e));
                }
                return ok(200, {{"entries", list}});
              },
              "The dispatch catalogue (DIS-2)"});

  router.add({"GET", "/api/v1/triage/catalogue/changes",
              [api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                json list = json::array();
                for (const auto& c : api.service.catalogue_log()) {
                  list.push_back(catalogue_change_to_json(c));
                }
                return ok(200, {{"changes", list}});
              },
              "The dispatch catalogue's change log (DIS-2, R7)"});

  router.add(audited({"POST", "/api/v1/triage/catalogue",
                      [api](const HttpRequest& r, const PathParams&) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        auto reason = take_string(*body, "reason");
                        if (!reason) return HttpResponse::error(reason.error());
                        auto entry = catalogue_entry_from_json(*body);
                        if (!entry) return HttpResponse::error(entry.error());
                        auto c = api.service.add_entry(std::move(*entry), *r.actor, *reason,
                                                       api.clock.now());
                        if (!c) return HttpResponse::error(c.error());
                        return ok(201, catalogue_change_to_json(*c));
                      },
                      "Add a catalogue entry (DIS-2, R7)"}));

  router.add(audited({"PUT", "/api/v1/triage/catalogue/{id}",
                      [api](const HttpRequest& r, const PathParams& p) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        auto reason = take_string(*body, "reason");
                        if (!reason) return HttpResponse::error(reason.error());
                        (*body)["id"] = p.at("id");
                        auto entry = catalogue_entry_from_json(*body);
                        if (!entry) return HttpResponse::error(entry.error());
                        auto c = api.service.change_entry(std::move(*entry), *r.actor, *reason,
                                                          api.clock.now());
                        if (!c) return HttpResponse::error(c.error());
                        return ok(200, catalogue_change_to_json(*c));
                      },
                      "Change a catalogue entry (DIS-2, R7)"}));

  router.add(audited({"POST", "/api/v1/triage/catalogue/{id}/retire",
                      [api](const HttpRequest& r, const PathParams& p) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        JsonReader reader(*body, "");
                        const std::string reason = reader.string("reason");
                        if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                        auto c =
                            api.service.retire_entry(p.at("id"), *r.actor, reason, api.clock.now());
                        if (!c) return HttpResponse::error(c.error());
                        return ok(200, catalogue_change_to_json(*c));
                      },
                      "Retire a catalogue entry (DIS-2, R7)"}));

  if (api.rebuild) {
    Route reindex{"POST", "/api/v1/triage/reindex",
                  [api](const HttpRequest& r, const PathParams&) {
                    if (r.actor->role != Role::kAdministrator) {
                      return forbidden("rebuilding the triage index is for administrators",
                                       "仅系统管理员可重建分拣索引");
                    }
                    auto body = parse_json_object(r.body.empty() ? "{}" : r.body);
                    if (!body) return HttpResponse::error(body.error());
                    JsonReader reader(*body, "");
                    const bool drop = reader.boolean("drop_imported");
                    if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                    auto rebuilt = api.rebuild(drop);
                    if (!rebuilt) return HttpResponse::error(rebuilt.error());
                    return ok(200, {{"events", rebuilt->events},
                                    {"requests", rebuilt->requests},
                                    {"dropped_imported", rebuilt->dropped_imported}});
                  },
                  "Rebuild the triage index (clusters, duplicates, dispatch history) from the "
                  "event log; requests imported from outside the log are refused unless "
                  "drop_imported (issue 9)"};
    reindex.body_schema = {{"type", "object"},
                           {"additionalProperties", false},
                           {"properties", {{"drop_imported", {{"type", "boolean"}}}}}};
    reindex.answer_schema = {{"type", "object"},
                             {"required", {"events", "requests", "dropped_imported"}},
                             {"properties",
                              {{"events", {{"type", "integer"}, {"minimum", 0}}},
                               {"requests", {{"type", "integer"}, {"minimum", 0}}},
                               {"dropped_imported", {{"type", "integer"}, {"minimum", 0}}}}}};
    router.add(audited(std::move(reindex)));
  }
}

}  // namespace hotline::http
