#include "adapters/http/api_knowledge.h"

#include <nlohmann/json.hpp>

#include "adapters/json/article_json.h"
#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using nlohmann::json;

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "log in or present an API key", "请先登录");
}

HttpResponse ok(int status, const json& body) { return HttpResponse::json(status, body.dump()); }

// Views: applicants see the published text only.
json article_view(const Article& a, bool staff) {
  json j = article_to_json(a);
  if (!staff) {
    for (const char* key : {"revision", "reminded_at", "prenotified_at", "confirmed_at",
                            "withdrawn_at", "created_at", "updated_at"})
      j.erase(key);
  }
  j["type_zh"] = std::string(article_type_chinese(a.type));
  return j;
}

// Takes the reserved "reason" member out of a body.
std::string take_reason(json& body) {
  std::string reason;
  if (auto it = body.find("reason"); it != body.end()) {
    if (it->is_string()) reason = it->get<std::string>();
    body.erase(it);
  }
  return reason;
}

Result<std::size_t> size_param(const HttpRequest& r, const char* name, std::size_t fallback,
                               std::size_t max) {
  auto v = r.param(name);
  if (!v) return fallback;
  try {
    const long n = std::stol(*v);
    if (n < 0 || static_cast<std::size_t>(n) > max) throw std::out_of_range(name);
    return static_cast<std::size_t>(n);
  } catch (const std::exception&) {
    return fail(Error::invalid(name, "must be an integer from 0 to " + std::to_string(max),
                               "应为0至" + std::to_string(max) + "的整数"));
  }
}

Result<SearchQuery> search_query(const HttpRequest& r) {
  SearchQuery q;
  q.text = r.param("q").value_or("");
  if (auto t = r.param("type")) {
    q.type = parse_article_type_any(*t);
    if (!q.type) return fail(Error::invalid("type", "unknown article type " + *t, "条目类型无效"));
  }
  if (auto u = r.param("unit")) q.unit = *u;
  if (auto c = r.param("catalogue")) q.catalogue = *c;
  if (auto e = r.param("expires_before")) {
    auto t = parse_iso8601(*e);
    if (!t) return fail(Error::invalid("expires_before", "not an ISO-8601 time", "时间格式无效"));
    q.expires_before = *t;
  }
  auto limit = size_param(r, "limit", 10, 100);
  if (!limit) return fail(limit.error());
  auto offset = size_param(r, "offset", 0, 10000);
  if (!offset) return fail(offset.error());
  q.limit = *limit;
  q.offset = *offset;
  return q;
}

json results_view(const SearchResults& r) {
  json hits = json::array();
  for (const auto& h : r.hits) hits.push_back(hit_to_json(h));
  return {{"estimated_total", r.estimated_total}, {"hits", hits}};
}

using Action = Result<Article> (KnowledgeService::*)(const Actor&, const std::string&,
                                                     const std::string&);

}  // namespace

void add_knowledge_routes(Router& router, KnowledgeService& service) {
  // ---- Public: search and read (KB-1) ----
  router.add({"GET", "/api/v1/kb/search",
              [&service](const HttpRequest& r, const PathParams&) {
                auto q = search_query(r);
                if (!q) return HttpResponse::error(q.error());
                const bool include_expired = r.param("include_expired").value_or("") == "true";
                auto found = service.search(r.actor, *q, include_expired);
                if (!found) return HttpResponse::error(found.error());
                return ok(200, results_view(*found));
              },
              "search published articles (applicants: public and current only)", true});

  router.add({"GET", "/api/v1/kb/articles/{id}",
              [&service](const HttpRequest& r, const PathParams& p) {
                auto a = service.get(r.actor, p.at("id"));
                if (!a) return HttpResponse::error(a.error());
                const bool staff =
                    r.actor && (is_office_role(r.actor->role) || is_unit_role(r.actor->role));
                return ok(200, article_view(*a, staff));
              },
              "an article (applicants: published, current and public only)", true});

  // ---- Staff ----
  router.add({"GET", "/api/v1/kb/articles",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                ArticleFilter f;
                if (auto u = r.param("unit")) f.unit = *u;
                if (auto c = r.param("catalogue")) f.catalogue = *c;
                if (auto s = r.param("status")) {
                  f.status = parse_article_status(*s);
                  if (!f.status)
                    return HttpResponse::error(
                        Error::invalid("status", "unknown status " + *s, "状态无效"));
                }
                if (auto t = r.param("type")) {
                  f.type = parse_article_type_any(*t);
                  if (!f.type)
                    return HttpResponse::error(Error::invalid("type", "unknown type", "类型无效"));
                }
                auto limit = size_param(r, "limit", 100, 1000);
                if (!limit) return HttpResponse::error(limit.error());
                auto offset = size_param(r, "offset", 0, 1000000);
                if (!offset) return HttpResponse::error(offset.error());
                f.limit = *limit;
                f.offset = *offset;
                auto list = service.list(*r.actor, f);
                if (!list) return HttpResponse::error(list.error());
                json items = json::array();
                for (const auto& a : *list) items.push_back(article_view(a, true));
                return ok(200, {{"articles", items}});
              },
              "list articles (staff)"});

  router.add(audited(
      {"POST", "/api/v1/kb/articles",
       [&service](const HttpRequest& r, const PathParams&) {
         if (!r.actor) return unauthenticated();
         auto body = parse_json_object(r.body);
         if (!body) return HttpResponse::error(body.error());
         const std::string reason = take_reason(*body);
         auto draft = draft_from_json(*body);
         if (!draft) return HttpResponse::error(draft.error());
         auto a = service.create(*r.actor, std::move(*draft), reason);
         if (!a) return HttpResponse::error(a.error());
         return ok(201, article_view(*a, true));
       },
       "create a draft article (unit or office); screened for personal information (KB-6)"}));

  router.add(
      audited({"PUT", "/api/v1/kb/articles/{id}",
               [&service](const HttpRequest& r, const PathParams& p) {
                 if (!r.actor) return unauthenticated();
                 auto body = parse_json_object(r.body);
                 if (!body) return HttpResponse::error(body.error());
                 const std::string reason = take_reason(*body);
                 auto content = content_from_json(*body);
                 if (!content) return HttpResponse::error(content.error());
                 auto a = service.edit(*r.actor, p.at("id"), std::move(*content), reason);
                 if (!a) return HttpResponse::error(a.error());
                 return ok(200, article_view(*a, true));
               },
               "new text of an article: a draft changes, a published article gets a revision"}));

  const std::pair<const char*, Action> actions[] = {
      {"submit", &KnowledgeService::submit},   {"approve", &KnowledgeService::approve},
      {"reject", &KnowledgeService::reject},   {"withdraw", &KnowledgeService::withdraw},
      {"confirm", &KnowledgeService::confirm},
  };
  for (const auto& [name, action] : actions) {
    router.add(audited({"POST", std::string("/api/v1/kb/articles/{id}/") + name,
                        [&service, action = action](const HttpRequest& r, const PathParams& p) {
                          if (!r.actor) return unauthenticated();
                          auto body = parse_json_object(r.body);
                          if (!body) return HttpResponse::error(body.error());
                          JsonReader reader(*body, "");
                          const std::string reason = reader.string("reason");
                          if (auto st = reader.finish(); !st)
                            return HttpResponse::error(st.error());
                          auto a = (service.*action)(*r.actor, p.at("id"), reason);
                          if (!a) return HttpResponse::error(a.error());
                          return ok(200, article_view(*a, true));
                        },
                        std::string("article workflow: ") + name}));
  }

  router.add(audited({"POST", "/api/v1/kb/articles/{id}/prenotify",
                      [&service](const HttpRequest& r, const PathParams& p) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        JsonReader reader(*body, "");
                        const auto public_from = reader.instant("public_from", true);
                        const std::string reason = reader.string("reason");
                        if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                        auto a = service.prenotify(*r.actor, p.at("id"), *public_from, reason);
                        if (!a) return HttpResponse::error(a.error());
                        return ok(200, article_view(*a, true));
                      },
                      "pre-notice of a policy before it goes public (KB-4)"}));

  router.add({"GET", "/api/v1/kb/articles/{id}/history",
              [&service](const HttpRequest& r, const PathParams& p) {
                if (!r.actor) return unauthenticated();
                auto h = service.history(*r.actor, p.at("id"));
                if (!h) return HttpResponse::error(h.error());
                json items = json::array();
                for (const auto& c : *h) items.push_back(change_to_json(c));
                return ok(200, {{"history", items}});
              },
              "who changed what, when and why"});

  router.add({"POST", "/api/v1/kb/suggest",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto body = parse_json_object(r.body);
                if (!body) return HttpResponse::error(body.error());
                JsonReader reader(*body, "");
                const std::string text = reader.string("text", true);
                const auto limit = reader.integer("limit").value_or(5);
                if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                if (limit < 1 || limit > 20)
                  return HttpResponse::error(Error::invalid("limit", "1 to 20", "应为1至20"));
                auto found = service.suggest(*r.actor, text, static_cast<std::size_t>(limit));
                if (!found) return HttpResponse::error(found.error());
                return ok(200, results_view(*found));
              },
              "articles that answer a request's text, for the agent (TRI-7)"});

  router.add({"GET", "/api/v1/kb/synonyms",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                auto groups = service.synonyms();
                if (!groups) return HttpResponse::error(groups.error());
                return ok(200, {{"groups", *groups}});
              },
              "synonym groups"});

  router.add(audited({"PUT", "/api/v1/kb/synonyms",
                      [&service](const HttpRequest& r, const PathParams&) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        std::vector<std::vector<std::string>> groups;
                        const auto it = body->find("groups");
                        if (it == body->end() || !it->is_array() || body->size() != 1)
                          return HttpResponse::error(Error::invalid(
                              "groups", "expected {\"groups\": [[\"医保\", \"医疗保险\"], …]}",
                              "格式无效"));
                        for (const auto& g : *it) {
                          if (!g.is_array())
                            return HttpResponse::error(Error::invalid(
                                "groups", "each group is an array of strings", "格式无效"));
                          std::vector<std::string> terms;
                          for (const auto& t : g) {
                            if (!t.is_string())
                              return HttpResponse::error(Error::invalid(
                                  "groups", "each group is an array of strings", "格式无效"));
                            terms.push_back(t.get<std::string>());
                          }
                          groups.push_back(std::move(terms));
                        }
                        if (auto st = service.set_synonyms(*r.actor, std::move(groups)); !st)
                          return HttpResponse::error(st.error());
                        return ok(200, {{"ok", true}});
                      },
                      "replace the synonym groups (office)"}));

  router.add(audited({"POST", "/api/v1/kb/update-requests",
                      [&service](const HttpRequest& r, const PathParams&) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        JsonReader reader(*body, "");
                        const std::string unit = reader.string("unit", true);
                        const auto kind = reader.enumeration("kind", parse_update_kind,
                                                             "add|correct|confirm|withdraw", true);
                        const std::string article = reader.string("article");
                        const std::string text = reader.string("text", true);
                        const bool emergency = reader.boolean("emergency");
                        if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                        auto req =
                            service.request_update(*r.actor, unit, *kind, article, text, emergency);
                        if (!req) return HttpResponse::error(req.error());
                        return ok(201, request_to_json(*req));
                      },
                      "the office asks a unit to add or correct content (KB-3)"}));

  router.add({"GET", "/api/v1/kb/update-requests",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                RequestFilter f;
                if (auto u = r.param("unit")) f.unit = *u;
                f.open_only = r.param("open").value_or("") == "true";
                auto list = service.requests(*r.actor, f);
                if (!list) return HttpResponse::error(list.error());
                json items = json::array();
                for (const auto& q : *list) items.push_back(request_to_json(q));
                return ok(200, {{"requests", items}});
              },
              "update requests (a unit sees its own)"});

  router.add(audited({"POST", "/api/v1/kb/update-requests/{id}/complete",
                      [&service](const HttpRequest& r, const PathParams& p) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        JsonReader reader(*body, "");
                        const std::string article = reader.string("article");
                        const std::string note = reader.string("note");
                        if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                        auto req = service.complete_request(*r.actor, p.at("id"), article, note);
                        if (!req) return HttpResponse::error(req.error());
                        return ok(200, request_to_json(*req));
                      },
                      "the unit reports an update request done"}));

  router.add(audited({"POST", "/api/v1/kb/reports",
                      [&service](const HttpRequest& r, const PathParams&) {
                        if (!r.actor) return unauthenticated();
                        auto body = parse_json_object(r.body);
                        if (!body) return HttpResponse::error(body.error());
                        JsonReader reader(*body, "");
                        const auto kind = reader.enumeration("kind", parse_report_kind,
                                                             "knowledge-base|training", true);
                        const std::string month = reader.string("month", true);
                        const std::string text = reader.string("text");
                        const bool no_changes = reader.boolean("no_changes");
                        if (auto st = reader.finish(); !st) return HttpResponse::error(st.error());
                        auto rep = service.submit_report(*r.actor, *kind, month, text, no_changes);
                        if (!rep) return HttpResponse::error(rep.error());
                        return ok(201, report_to_json(*rep));
                      },
                      "a unit files its monthly report (KB-8, profile T)"}));

  router.add({"GET", "/api/v1/kb/supervisions",
              [&service](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                std::optional<std::string> unit = r.param("unit");
                if (is_unit_role(r.actor->role)) {
                  unit = r.actor->unit;
                } else if (!is_office_role(r.actor->role) && r.actor->role != Role::kAnalyst) {
                  return HttpResponse::error(403, "forbidden", "staff only", "无权查看");
                }
                auto list = service.supervisions(unit);
                if (!list) return HttpResponse::error(list.error());
                json items = json::array();
                for (const auto& s : *list) items.push_back(supervision_to_json(s));
                return ok(200, {{"supervisions", items}});
              },
              "units under supervision for their knowledge-base content (KB-9)"});
}

}  // namespace hotline::http
