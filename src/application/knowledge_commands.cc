#include "application/knowledge_commands.h"

#include <algorithm>

#include "adapters/json/article_json.h"
#include "adapters/json/json_reader.h"
#include "application/json_schema.h"

namespace hotline::kb {
namespace {

bool is_staff(const Caller& caller) {
  return caller && (is_office_role(caller->role) || is_unit_role(caller->role));
}

// The operation's actor; admit() has refused anonymous callers of every
// operation that needs one.
// The body's "reason" taken out, the rest read by `read`.
Result<std::string> take_reason(json& body) { return take_string(body, "reason"); }

// KB-2's types with their Chinese names; what a caller sends may be either
// (`accepts_chinese`), what the platform answers is the wire name.
json article_type_schema(std::string_view description, bool accepts_chinese = false) {
  json s = schema::enumeration(parse_article_type, description);
  json zh = json::object();
  json chinese = json::array();
  for (const auto& name : s["enum"]) {
    const auto t = parse_article_type(name.get<std::string>());
    zh[name.get<std::string>()] = std::string(article_type_chinese(*t));
    chinese.push_back(std::string(article_type_chinese(*t)));
  }
  s["x-enum-zh"] = zh;
  if (accepts_chinese) {
    for (auto& c : chinese) s["enum"].push_back(std::move(c));
  }
  return s;
}

json status_schema() {
  return schema::enumeration(parse_article_status, "the article's state in its workflow");
}

// The members of an article's content (R16), as bodies and answers carry them.
std::vector<std::pair<std::string, json>> content_members() {
  using namespace schema;
  return {{"title", string("标题", 1)},
          {"body", string("正文")},
          {"legal_basis", string("政策依据")},
          {"scope", string("适用范围")},
          {"subjects", string("适用对象")},
          {"conditions", string("办理条件")},
          {"related", array_of(string(), "ids of related articles")},
          {"faq",
           array_of(object({{"q", string("question", 1)}, {"a", string("answer", 1)}}, {"q", "a"}),
                    "常见问题")},
          {"tags", array_of(string())},
          {"catalogue", string("catalogue path, names joined by '/': 社会保障/医疗保险")}};
}

json content_schema() { return schema::object(content_members(), {"title"}, "an article's text"); }

json reason_schema() { return schema::string("why, recorded in the article's history"); }

json article_schema() {
  using namespace schema;
  auto members = content_members();
  const std::vector<std::pair<std::string, json>> more = {
      {"id", string()},
      {"type", article_type_schema("KB-2")},
      {"type_zh", string("the type's Chinese name")},
      {"unit", string("the owning unit (KB-3)")},
      {"audience", enumeration(parse_audience, "who may read it once published")},
      {"status", status_schema()},
      {"version", integer("content version")},
      {"created_at", instant()},
      {"updated_at", instant()},
      {"published_at", nullable(instant())},
      {"valid_until", nullable(instant("end of validity (KB-5)"))},
      {"confirmed_at", nullable(instant())},
      {"reminded_at", nullable(instant())},
      {"withdrawn_at", nullable(instant())},
      {"public_interest", boolean("a policy closely related to the public interest (KB-4)")},
      {"public_from", nullable(instant())},
      {"prenotified_at", nullable(instant())},
      {"revision", nullable(object({{"content", content_schema()},
                                    {"in_review", boolean()},
                                    {"since", instant()},
                                    {"by", string()}},
                                   {"content", "in_review", "since", "by"},
                                   "a change of a published article being worked on"))}};
  members.insert(members.end(), more.begin(), more.end());
  // Staff get the whole record; applicants the published text (no revision,
  // no internal dates), so those members are not required.
  return object(members,
                {"id",         "type",      "type_zh",      "unit",        "audience",
                 "status",     "version",   "title",        "body",        "legal_basis",
                 "scope",      "subjects",  "conditions",   "related",     "faq",
                 "tags",       "catalogue", "published_at", "valid_until", "public_interest",
                 "public_from"},
                "a knowledge-base article (KB-2)");
}

json actor_schema() {
  using namespace schema;
  return object({{"id", string()}, {"role", string()}, {"unit", string()}}, {"id", "role", "unit"});
}

json search_results_schema() {
  using namespace schema;
  json hit = object({{"id", string()},
                     {"title", string()},
                     {"type", article_type_schema("KB-2")},
                     {"unit", string()},
                     {"catalogue", string()},
                     {"valid_until", nullable(instant())},
                     {"score", {{"type", "number"}}},
                     {"rank", integer("1-based")},
                     {"snippet", string("HTML-escaped text with matches in <mark>…</mark>")},
                     {"link", string("the article's route")}},
                    {"id", "title", "type", "unit", "catalogue", "valid_until", "score", "rank",
                     "snippet", "link"});
  return object({{"estimated_total", integer()}, {"hits", array_of(hit)}},
                {"estimated_total", "hits"}, "search hits, best first");
}

json change_schema() {
  using namespace schema;
  return object({{"article", string()},
                 {"sequence", integer()},
                 {"at", instant()},
                 {"actor", actor_schema()},
                 {"action", string("create, edit, submit, approve, reject, publish, …")},
                 {"reason", string()},
                 {"rule", string()},
                 {"article_ref", string("the regulation's article")},
                 {"version", integer()},
                 {"status", status_schema()},
                 {"content", nullable(content_schema())}},
                {"article", "sequence", "at", "actor", "action", "reason", "rule", "article_ref",
                 "version", "status", "content"},
                "one line of an article's history");
}

json update_request_schema() {
  using namespace schema;
  json step = object({{"at", instant()},
                      {"actor", actor_schema()},
                      {"action", string("requested, overdue, done, cancelled")},
                      {"note", string()},
                      {"rule", string()},
                      {"article_ref", string()}},
                     {"at", "actor", "action", "note", "rule", "article_ref"});
  return object({{"id", string()},
                 {"unit", string()},
                 {"kind", enumeration(parse_update_kind, "what the office asks for")},
                 {"article", string()},
                 {"text", string()},
                 {"emergency", boolean()},
                 {"requested_at", instant()},
                 {"due", instant()},
                 {"due_article", string()},
                 {"status", enumeration(parse_update_request_status)},
                 {"done_at", nullable(instant())},
                 {"result_article", string()},
                 {"steps", array_of(step)}},
                {"id", "unit", "kind", "article", "text", "emergency", "requested_at", "due",
                 "due_article", "status", "done_at", "result_article", "steps"},
                "an update request of the office to a unit (KB-3)");
}

json report_schema() {
  using namespace schema;
  return object({{"unit", string()},
                 {"kind", enumeration(parse_report_kind)},
                 {"month", string("the month reported on, 2026-03")},
                 {"submitted_at", instant()},
                 {"actor", actor_schema()},
                 {"no_changes", boolean()},
                 {"text", string()},
                 {"added", integer()},
                 {"changed", integer()},
                 {"withdrawn", integer()},
                 {"confirmed", integer()},
                 {"late", boolean()}},
                {"unit", "kind", "month", "submitted_at", "actor", "no_changes", "text", "added",
                 "changed", "withdrawn", "confirmed", "late"},
                "a unit's monthly report (KB-8)");
}

json supervision_schema() {
  using namespace schema;
  return object({{"id", string()},
                 {"unit", string()},
                 {"at", instant()},
                 {"rule", string()},
                 {"article", string()},
                 {"subject", string()},
                 {"reason", string()},
                 {"reason_zh", string()}},
                {"id", "unit", "at", "rule", "article", "subject", "reason", "reason_zh"},
                "a unit under supervision for its content (KB-9)");
}

// Reads `body` with `read`, which must consume every member; then finish().
template <typename F>
Status read_body(const json& body, F&& read) {
  JsonReader r(body, "");
  read(r);
  return r.finish();
}

}  // namespace

// ---- Search, read ----

Result<Search> Search::from_call(const OperationCall& call) {
  Search s;
  s.query.text = call.param("q").value_or("");
  if (auto t = call.param("type")) {
    s.query.type = parse_article_type_any(*t);
    if (!s.query.type) {
      return fail(Error::invalid("type", "unknown article type " + *t, "条目类型无效"));
    }
  }
  s.query.unit = call.param("unit");
  s.query.catalogue = call.param("catalogue");
  if (auto e = call.param("expires_before")) {
    auto t = parse_iso8601(*e);
    if (!t) return fail(Error::invalid("expires_before", "not an ISO-8601 time", "时间格式无效"));
    s.query.expires_before = *t;
  }
  auto limit = size_param(call, "limit", 10, 100);
  if (!limit) return fail(limit.error());
  auto offset = size_param(call, "offset", 0, 10000);
  if (!offset) return fail(offset.error());
  s.query.limit = *limit;
  s.query.offset = *offset;
  auto expired = flag_param(call, "include_expired");
  if (!expired) return fail(expired.error());
  s.include_expired = *expired;
  return s;
}

std::vector<OperationParam> Search::query_params() {
  return {{"q", schema::string("the words to look for")},
          {"type", article_type_schema("only articles of this type (wire or Chinese name)", true)},
          {"unit", schema::string("only articles of this unit")},
          {"catalogue", schema::string("only this catalogue node and below")},
          {"expires_before", schema::instant("only articles whose validity ends before")},
          {"limit", size_param_schema(10, 100)},
          {"offset", size_param_schema(0, 10000)},
          {"include_expired", flag_param_schema("office: expired articles too")}};
}

Result<SearchResults> Search::run(KnowledgeService& s, const Caller& caller) && {
  return s.search(caller, std::move(query), include_expired);
}

Result<GetArticle> GetArticle::from_call(const OperationCall& call) {
  return GetArticle{call.path_param("id")};
}

Result<Article> GetArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.get(caller, id);
}

// ---- Articles ----

Result<ListArticles> ListArticles::from_call(const OperationCall& call) {
  ListArticles l;
  l.filter.unit = call.param("unit");
  l.filter.catalogue = call.param("catalogue");
  if (auto st = call.param("status")) {
    l.filter.status = parse_article_status(*st);
    if (!l.filter.status)
      return fail(Error::invalid("status", "unknown status " + *st, "状态无效"));
  }
  if (auto t = call.param("type")) {
    l.filter.type = parse_article_type_any(*t);
    if (!l.filter.type) return fail(Error::invalid("type", "unknown type", "类型无效"));
  }
  auto limit = size_param(call, "limit", 100, 1000);
  if (!limit) return fail(limit.error());
  auto offset = size_param(call, "offset", 0, 1000000);
  if (!offset) return fail(offset.error());
  l.filter.limit = *limit;
  l.filter.offset = *offset;
  return l;
}

std::vector<OperationParam> ListArticles::query_params() {
  return {{"unit", schema::string("only this unit's articles")},
          {"catalogue", schema::string("only this catalogue node and below")},
          {"status", status_schema()},
          {"type", article_type_schema("only articles of this type (wire or Chinese name)", true)},
          {"limit", size_param_schema(100, 1000)},
          {"offset", size_param_schema(0, 1000000)}};
}

Result<ArticleList> ListArticles::run(KnowledgeService& s, const Caller& caller) && {
  auto list = s.list(actor_of(caller), filter);
  if (!list) return fail(list.error());
  return ArticleList{std::move(*list)};
}

Result<CreateArticle> CreateArticle::from_call(const OperationCall& call) {
  json body = call.body;
  auto reason = take_reason(body);
  if (!reason) return fail(reason.error());
  auto draft = draft_from_json(body);
  if (!draft) return fail(draft.error());
  return CreateArticle{std::move(*draft), std::move(*reason)};
}

json CreateArticle::body_schema() {
  using namespace schema;
  auto members = content_members();
  members.insert(members.end(),
                 {{"id", string("a stable ASCII id; empty: assigned (KB000001)")},
                  {"type", article_type_schema("KB-2 (wire or Chinese name)", true)},
                  {"unit", string("the owning unit", 1)},
                  {"audience", enumeration(parse_audience, "default by type")},
                  {"public_interest", boolean("KB-4")},
                  {"valid_until", instant("a shorter validity than the policy's maximum")},
                  {"reason", reason_schema()}});
  return object(members, {"type", "unit", "title"}, "a draft article");
}

Result<Article> CreateArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.create(actor_of(caller), std::move(draft), reason);
}

Result<EditArticle> EditArticle::from_call(const OperationCall& call) {
  json body = call.body;
  auto reason = take_reason(body);
  if (!reason) return fail(reason.error());
  auto content = content_from_json(body);
  if (!content) return fail(content.error());
  return EditArticle{call.path_param("id"), std::move(*content), std::move(*reason)};
}

json EditArticle::body_schema() {
  auto members = content_members();
  members.emplace_back("reason", reason_schema());
  return schema::object(members, {"title"}, "the article's whole new text");
}

Result<Article> EditArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.edit(actor_of(caller), id, std::move(content), reason);
}

Result<ArticleStep> ArticleStep::read(const OperationCall& call) {
  ArticleStep step;
  step.id = call.path_param("id");
  if (auto st = read_body(call.body, [&](JsonReader& r) { step.reason = r.string("reason"); });
      !st) {
    return fail(st.error());
  }
  return step;
}

json ArticleStep::body_schema() { return schema::object({{"reason", reason_schema()}}); }

namespace {
template <typename Step>
Result<Step> step_from(const OperationCall& call) {
  auto step = ArticleStep::read(call);
  if (!step) return fail(step.error());
  Step out;
  static_cast<ArticleStep&>(out) = std::move(*step);
  return out;
}
}  // namespace

Result<SubmitArticle> SubmitArticle::from_call(const OperationCall& call) {
  return step_from<SubmitArticle>(call);
}
Result<Article> SubmitArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.submit(actor_of(caller), id, reason);
}
Result<ApproveArticle> ApproveArticle::from_call(const OperationCall& call) {
  return step_from<ApproveArticle>(call);
}
Result<Article> ApproveArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.approve(actor_of(caller), id, reason);
}
Result<RejectArticle> RejectArticle::from_call(const OperationCall& call) {
  return step_from<RejectArticle>(call);
}
Result<Article> RejectArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.reject(actor_of(caller), id, reason);
}
Result<WithdrawArticle> WithdrawArticle::from_call(const OperationCall& call) {
  return step_from<WithdrawArticle>(call);
}
Result<Article> WithdrawArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.withdraw(actor_of(caller), id, reason);
}
Result<ConfirmArticle> ConfirmArticle::from_call(const OperationCall& call) {
  return step_from<ConfirmArticle>(call);
}
Result<Article> ConfirmArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.confirm(actor_of(caller), id, reason);
}

Result<PrenotifyArticle> PrenotifyArticle::from_call(const OperationCall& call) {
  PrenotifyArticle p;
  p.id = call.path_param("id");
  std::optional<Instant> when;
  if (auto st = read_body(call.body,
                          [&](JsonReader& r) {
                            when = r.instant("public_from", true);
                            p.reason = r.string("reason");
                          });
      !st) {
    return fail(st.error());
  }
  p.public_from = *when;
  return p;
}

json PrenotifyArticle::body_schema() {
  return schema::object({{"public_from", schema::instant("when the policy goes public")},
                         {"reason", reason_schema()}},
                        {"public_from"});
}

Result<Article> PrenotifyArticle::run(KnowledgeService& s, const Caller& caller) && {
  return s.prenotify(actor_of(caller), id, public_from, reason);
}

Result<ArticleHistoryOf> ArticleHistoryOf::from_call(const OperationCall& call) {
  return ArticleHistoryOf{call.path_param("id")};
}

Result<ArticleHistory> ArticleHistoryOf::run(KnowledgeService& s, const Caller& caller) && {
  auto h = s.history(actor_of(caller), id);
  if (!h) return fail(h.error());
  return ArticleHistory{std::move(*h)};
}

// ---- Suggestions and synonyms ----

Result<Suggest> Suggest::from_call(const OperationCall& call) {
  Suggest s;
  std::int64_t limit = 5;
  if (auto st = read_body(call.body,
                          [&](JsonReader& r) {
                            s.text = r.string("text", true);
                            limit = r.integer("limit").value_or(5);
                          });
      !st) {
    return fail(st.error());
  }
  if (limit < 1 || limit > 20) return fail(Error::invalid("limit", "1 to 20", "应为1至20"));
  s.limit = static_cast<std::size_t>(limit);
  return s;
}

json Suggest::body_schema() {
  return schema::object(
      {{"text", schema::string("the request's text", 1)},
       {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 20}, {"default", 5}}}},
      {"text"});
}

Result<SearchResults> Suggest::run(KnowledgeService& s, const Caller& caller) && {
  return s.suggest(actor_of(caller), text, limit);
}

Result<Synonyms> Synonyms::from_call(const OperationCall&) { return Synonyms{}; }

Result<SynonymGroups> Synonyms::run(KnowledgeService& s, const Caller&) && {
  auto groups = s.synonyms();
  if (!groups) return fail(groups.error());
  return SynonymGroups{std::move(*groups)};
}

Result<SetSynonyms> SetSynonyms::from_call(const OperationCall& call) {
  const Error wrong = Error::invalid(
      "groups", "expected {\"groups\": [[\"医保\", \"医疗保险\"], …]}: arrays of strings",
      "格式无效");
  const json& body = call.body;
  const auto it = body.find("groups");
  if (it == body.end() || !it->is_array() || body.size() != 1) return fail(wrong);
  SetSynonyms s;
  for (const auto& g : *it) {
    if (!g.is_array()) return fail(wrong);
    std::vector<std::string> terms;
    for (const auto& t : g) {
      if (!t.is_string()) return fail(wrong);
      terms.push_back(t.get<std::string>());
    }
    s.groups.push_back(std::move(terms));
  }
  return s;
}

json SetSynonyms::body_schema() {
  return schema::object({{"groups", schema::array_of(schema::array_of(schema::string()),
                                                     "groups of words that mean the same")}},
                        {"groups"});
}

Result<Done> SetSynonyms::run(KnowledgeService& s, const Caller& caller) && {
  if (auto st = s.set_synonyms(actor_of(caller), std::move(groups)); !st) return fail(st.error());
  return Done{};
}

// ---- Update requests, reports, supervision ----

Result<RequestUpdate> RequestUpdate::from_call(const OperationCall& call) {
  RequestUpdate u;
  std::optional<UpdateKind> kind;
  if (auto st = read_body(call.body,
                          [&](JsonReader& r) {
                            u.unit = r.string("unit", true);
                            kind = r.enumeration("kind", parse_update_kind,
                                                 "add|correct|confirm|withdraw", true);
                            u.article = r.string("article");
                            u.text = r.string("text", true);
                            u.emergency = r.boolean("emergency");
                          });
      !st) {
    return fail(st.error());
  }
  u.kind = *kind;
  return u;
}

json RequestUpdate::body_schema() {
  using namespace schema;
  return object({{"unit", string("the undertaking unit asked", 1)},
                 {"kind", enumeration(parse_update_kind)},
                 {"article", string("the article concerned; empty for an addition")},
                 {"text", string("what is needed", 1)},
                 {"emergency", boolean("sudden event: 1 day, clock time (R17)")}},
                {"unit", "kind", "text"});
}

Result<UpdateRequest> RequestUpdate::run(KnowledgeService& s, const Caller& caller) && {
  return s.request_update(actor_of(caller), unit, kind, article, text, emergency);
}

Result<ListUpdateRequests> ListUpdateRequests::from_call(const OperationCall& call) {
  ListUpdateRequests l;
  l.filter.unit = call.param("unit");
  auto open = flag_param(call, "open");
  if (!open) return fail(open.error());
  l.filter.open_only = *open;
  return l;
}

std::vector<OperationParam> ListUpdateRequests::query_params() {
  return {{"unit", schema::string("only this unit's")},
          {"open", flag_param_schema("only open requests")}};
}

Result<UpdateRequestList> ListUpdateRequests::run(KnowledgeService& s, const Caller& caller) && {
  auto list = s.requests(actor_of(caller), filter);
  if (!list) return fail(list.error());
  return UpdateRequestList{std::move(*list)};
}

Result<CompleteUpdateRequest> CompleteUpdateRequest::from_call(const OperationCall& call) {
  CompleteUpdateRequest c;
  c.id = call.path_param("id");
  if (auto st = read_body(call.body,
                          [&](JsonReader& r) {
                            c.article = r.string("article");
                            c.note = r.string("note");
                          });
      !st) {
    return fail(st.error());
  }
  return c;
}

json CompleteUpdateRequest::body_schema() {
  return schema::object(
      {{"article", schema::string("the article that answers it")}, {"note", schema::string()}});
}

Result<UpdateRequest> CompleteUpdateRequest::run(KnowledgeService& s, const Caller& caller) && {
  return s.complete_request(actor_of(caller), id, article, note);
}

Result<SubmitReport> SubmitReport::from_call(const OperationCall& call) {
  SubmitReport rep;
  std::optional<ReportKind> kind;
  if (auto st = read_body(call.body,
                          [&](JsonReader& r) {
                            kind = r.enumeration("kind", parse_report_kind,
                                                 "knowledge-base|training", true);
                            rep.month = r.string("month", true);
                            rep.text = r.string("text");
                            rep.no_changes = r.boolean("no_changes");
                          });
      !st) {
    return fail(st.error());
  }
  rep.kind = *kind;
  return rep;
}

json SubmitReport::body_schema() {
  using namespace schema;
  return object({{"kind", enumeration(parse_report_kind)},
                 {"month", string("the month reported on, 2026-03", 1)},
                 {"text", string()},
                 {"no_changes", boolean("confirmation even with no changes (T31)")}},
                {"kind", "month"});
}

Result<MonthlyReport> SubmitReport::run(KnowledgeService& s, const Caller& caller) && {
  return s.submit_report(actor_of(caller), kind, month, text, no_changes);
}

Result<Supervisions> Supervisions::from_call(const OperationCall& call) {
  return Supervisions{call.param("unit")};
}

std::vector<OperationParam> Supervisions::query_params() {
  return {{"unit", schema::string("only this unit (a unit's staff always see their own)")}};
}

Result<SupervisionList> Supervisions::run(KnowledgeService& s, const Caller& caller) && {
  // A unit sees its own supervisions only.
  if (is_unit_role(actor_of(caller).role)) unit = caller->unit;
  auto list = s.supervisions(unit);
  if (!list) return fail(list.error());
  return SupervisionList{std::move(*list)};
}

Result<Sweep> Sweep::from_call(const OperationCall& call) {
  JsonReader r(call.body, "");
  (void)r.string("reason", false);
  if (auto st = r.finish(); !st) return fail(st.error());
  return Sweep{};
}

json Sweep::body_schema() { return schema::object({{"reason", reason_schema()}}); }

Result<KnowledgeSweepReport> Sweep::run(KnowledgeService& s, const Caller&) && { return s.sweep(); }

Result<ImportArticles> ImportArticles::from_call(const OperationCall& call) {
  const Error wrong = Error::invalid(
      "articles",
      "expected {\"articles\": [objects of the JSON-lines format], \"synonyms\": [[…]]}",
      "格式无效：articles 应为知识条目对象数组");
  const json& body = call.body;
  for (const auto& [key, value] : body.items()) {
    if (key != "articles" && key != "synonyms" && key != "reason") {
      return fail(Error::invalid(key, "unknown member", "未知字段"));
    }
  }
  const auto articles = body.find("articles");
  if (articles == body.end() || !articles->is_array()) return fail(wrong);
  // The records are the lines of the file format: one reader for both doors.
  std::string lines;
  for (const auto& a : *articles) {
    if (!a.is_object()) return fail(wrong);
    lines += a.dump() + "\n";
  }
  if (const auto groups = body.find("synonyms"); groups != body.end()) {
    if (!groups->is_array()) {
      return fail(Error::invalid("synonyms", "expected [[\"医保\", \"医疗保险\"], …]",
                                 "格式无效：synonyms 应为同义词组数组"));
    }
    for (const auto& g : *groups) lines += json{{"synonyms", g}}.dump() + "\n";
  }
  auto file = read_article_lines(lines);
  if (!file) return fail(file.error());
  return ImportArticles{std::move(file->articles), std::move(file->synonyms)};
}

json ImportArticles::body_schema() {
  using namespace schema;
  return object({{"articles", array_of(json{{"type", "object"}},
                                       "articles as the lines of the JSON-lines format "
                                       "(docs/knowledge-base.md)")},
                 {"synonyms", array_of(array_of(string()), "synonym groups, merged")},
                 {"reason", reason_schema()}},
                {"articles"});
}

Result<ImportReport> ImportArticles::run(KnowledgeService& s, const Caller& caller) && {
  const Actor& actor = actor_of(caller);
  ImportReport report;
  report.synonym_groups = synonyms.size();
  if (!synonyms.empty()) {
    auto groups = s.synonyms();
    if (!groups) return fail(groups.error());
    for (auto& g : synonyms) {
      if (std::find(groups->begin(), groups->end(), g) == groups->end()) groups->push_back(g);
    }
    if (auto st = s.set_synonyms(actor, *groups); !st) return fail(st.error());
  }
  auto outcomes = s.import(actor, articles);
  if (!outcomes) return fail(outcomes.error());
  report.outcomes = std::move(*outcomes);
  return report;
}

Result<Notices> Notices::from_call(const OperationCall& call) {
  return Notices{call.param("unit")};
}

std::vector<OperationParam> Notices::query_params() {
  return {{"unit", schema::string("only this unit (a unit's staff always see their own)")}};
}

Result<NoticeList> Notices::run(KnowledgeService& s, const Caller& caller) && {
  if (is_unit_role(actor_of(caller).role)) unit = caller->unit;
  auto list = s.notices(unit);
  if (!list) return fail(list.error());
  return NoticeList{std::move(*list)};
}

// ---- Answers ----

json render(const Article& a, const Caller& caller) {
  json j = article_to_json(a);
  if (!is_staff(caller)) {
    for (const char* key : {"revision", "reminded_at", "prenotified_at", "confirmed_at",
                            "withdrawn_at", "created_at", "updated_at"})
      j.erase(key);
  }
  j["type_zh"] = std::string(article_type_chinese(a.type));
  return j;
}

json render(const SearchResults& r, const Caller&) {
  json hits = json::array();
  for (const auto& h : r.hits) hits.push_back(hit_to_json(h));
  return {{"estimated_total", r.estimated_total}, {"hits", hits}};
}

json render(const ArticleList& l, const Caller& caller) {
  json items = json::array();
  for (const auto& a : l.articles) items.push_back(render(a, caller));
  return {{"articles", items}};
}

json render(const ArticleHistory& h, const Caller&) {
  json items = json::array();
  for (const auto& c : h.changes) items.push_back(change_to_json(c));
  return {{"history", items}};
}

json render(const UpdateRequest& r, const Caller&) { return request_to_json(r); }

json render(const UpdateRequestList& l, const Caller&) {
  json items = json::array();
  for (const auto& q : l.requests) items.push_back(request_to_json(q));
  return {{"requests", items}};
}

json render(const MonthlyReport& r, const Caller&) { return report_to_json(r); }

json render(const SynonymGroups& g, const Caller&) { return {{"groups", g.groups}}; }

json render(const SupervisionList& l, const Caller&) {
  json items = json::array();
  for (const auto& s : l.supervisions) items.push_back(supervision_to_json(s));
  return {{"supervisions", items}};
}

json render(const NoticeList& l, const Caller&) {
  json items = json::array();
  for (const auto& n : l.notices) {
    items.push_back({{"id", n.id},
                     {"unit", n.unit},
                     {"at", format_iso8601(n.at)},
                     {"kind", n.kind},
                     {"subject", n.subject},
                     {"message_zh", n.message_zh}});
  }
  return {{"notices", items}};
}

json render(const KnowledgeSweepReport& r, const Caller&) {
  return {{"reminded", r.reminded},
          {"expired", r.expired},
          {"requests_overdue", r.requests_overdue},
          {"reports_missed", r.reports_missed},
          {"supervisions", r.supervisions}};
}

json render(const ImportReport& r, const Caller&) {
  json outcomes = json::array();
  std::size_t imported = 0;
  for (const ImportOutcome& o : r.outcomes) {
    json one = {{"line", o.line}, {"id", o.id}, {"ok", o.ok}, {"action", o.action}};
    if (o.error) {
      one["error"] = {{"code", to_string(o.error->code)},
                      {"message", o.error->message},
                      {"message_zh", o.error->message_zh},
                      {"field", o.error->field},
                      {"rule", o.error->rule},
                      {"article", o.error->article}};
    }
    imported += o.ok ? 1 : 0;
    outcomes.push_back(std::move(one));
  }
  return {{"imported", imported},
          {"refused", r.outcomes.size() - imported},
          {"synonym_groups", r.synonym_groups},
          {"outcomes", outcomes}};
}

json render(const Done&, const Caller&) { return {{"ok", true}}; }

json answer_schema(const Article*) { return schema::ref("Article"); }
json answer_schema(const SearchResults*) { return schema::ref("SearchResults"); }
json answer_schema(const ArticleList*) {
  return schema::object({{"articles", schema::array_of(schema::ref("Article"))}}, {"articles"});
}
json answer_schema(const ArticleHistory*) {
  return schema::object({{"history", schema::array_of(schema::ref("ArticleChange"))}}, {"history"});
}
json answer_schema(const UpdateRequest*) { return schema::ref("UpdateRequest"); }
json answer_schema(const UpdateRequestList*) {
  return schema::object({{"requests", schema::array_of(schema::ref("UpdateRequest"))}},
                        {"requests"});
}
json answer_schema(const MonthlyReport*) { return schema::ref("MonthlyReport"); }
json answer_schema(const SynonymGroups*) {
  return schema::object(
      {{"groups", schema::array_of(schema::array_of(schema::string()), "synonym groups")}},
      {"groups"});
}
json answer_schema(const SupervisionList*) {
  return schema::object({{"supervisions", schema::array_of(schema::ref("UnitSupervision"))}},
                        {"supervisions"});
}
json answer_schema(const NoticeList*) {
  using namespace schema;
  return object(
      {{"notices", array_of(object({{"id", integer()},
                                    {"unit", string("the unit notified")},
                                    {"at", instant()},
                                    {"kind", string("expiry-reminder, update-request, "
                                                    "supervision, prenotice")},
                                    {"subject", string("article or request id")},
                                    {"message_zh", string("通知内容")}},
                                   {"id", "unit", "at", "kind", "subject", "message_zh"}))}},
      {"notices"});
}
json answer_schema(const KnowledgeSweepReport*) {
  using namespace schema;
  return object({{"reminded", integer("expiry reminders sent (KB-4)")},
                 {"expired", integer("expired articles withdrawn")},
                 {"requests_overdue", integer("update requests past their deadline (KB-3)")},
                 {"reports_missed", integer("monthly reports missed (KB-8)")},
                 {"supervisions", integer("units put under supervision (KB-9)")}},
                {"reminded", "expired", "requests_overdue", "reports_missed", "supervisions"});
}
json answer_schema(const Done*) { return schema::object({{"ok", schema::boolean()}}, {"ok"}); }
json answer_schema(const ImportReport*) {
  using namespace schema;
  const json outcome = object({{"line", integer("the record's line (JSON lines) or position")},
                               {"id", string()},
                               {"ok", boolean()},
                               {"action", string("created, updated or unchanged")},
                               {"error", json{{"type", "object"}}}},
                              {"line", "id", "ok", "action"});
  return object({{"imported", integer()},
                 {"refused", integer()},
                 {"synonym_groups", integer("groups given, merged into the existing ones")},
                 {"outcomes", array_of(outcome)}},
                {"imported", "refused", "synonym_groups", "outcomes"});
}

json components() {
  return {{"Article", article_schema()},
          {"ArticleChange", change_schema()},
          {"SearchResults", search_results_schema()},
          {"UpdateRequest", update_request_schema()},
          {"MonthlyReport", report_schema()},
          {"UnitSupervision", supervision_schema()}};
}

}  // namespace hotline::kb
