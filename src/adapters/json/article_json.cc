#include "adapters/json/article_json.h"

#include "adapters/json/json_reader.h"

namespace hotline {
namespace {

using nlohmann::json;

json opt_instant(const std::optional<Instant>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

json actor_to_json(const Actor& a) {
  return {{"id", a.id}, {"role", std::string(to_string(a.role))}, {"unit", a.unit}};
}

Actor actor_from(JsonReader& r, const char* key) {
  Actor a;
  if (const json* j = r.object(key)) {
    JsonReader ar(*j, r.path_of(key));
    a.id = ar.string("id", true);
    a.role = ar.enumeration("role", parse_role, "agent|dispatcher|…|system", true)
                 .value_or(Role::kSystem);
    a.unit = ar.string("unit");
    r.adopt(ar.finish());
  }
  return a;
}

// Content members, read from an object that may hold others too.
ArticleContent read_content(JsonReader& r) {
  ArticleContent c;
  c.title = r.string("title", true);
  c.body = r.string("body");
  c.legal_basis = r.string("legal_basis");
  c.scope = r.string("scope");
  c.subjects = r.string("subjects");
  c.conditions = r.string("conditions");
  c.related = r.strings("related");
  c.tags = r.strings("tags");
  c.catalogue = r.string("catalogue");
  if (const json* faq = r.array("faq")) {
    for (std::size_t i = 0; i < faq->size(); ++i) {
      JsonReader fr((*faq)[i], r.path_of("faq") + "[" + std::to_string(i) + "]");
      Faq f;
      f.question = fr.string("q", true);
      f.answer = fr.string("a", true);
      r.adopt(fr.finish());
      c.faq.push_back(std::move(f));
    }
  }
  return c;
}

ArticleDraft read_draft(JsonReader& r) {
  ArticleDraft d;
  d.id = r.string("id");
  d.type = r.enumeration("type", parse_article_type_any,
                         "normative-document|service-guide|interpretation|answer-script|"
                         "sudden-event",
                         true)
               .value_or(ArticleType::kServiceGuide);
  d.unit = r.string("unit", true);
  d.audience = r.enumeration("audience", parse_audience, "public|internal");
  d.content = read_content(r);
  d.public_interest = r.boolean("public_interest");
  d.valid_until = r.instant("valid_until");
  return d;
}

}  // namespace

json content_to_json(const ArticleContent& c) {
  json faq = json::array();
  for (const auto& f : c.faq) faq.push_back({{"q", f.question}, {"a", f.answer}});
  return {{"title", c.title},
          {"body", c.body},
          {"legal_basis", c.legal_basis},
          {"scope", c.scope},
          {"subjects", c.subjects},
          {"conditions", c.conditions},
          {"related", c.related},
          {"faq", faq},
          {"tags", c.tags},
          {"catalogue", c.catalogue}};
}

Result<ArticleContent> content_from_json(const json& j) {
  JsonReader r(j, "content");
  ArticleContent c = read_content(r);
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}

json article_to_json(const Article& a) {
  json j = content_to_json(a.content);
  j["id"] = a.id;
  j["type"] = std::string(to_string(a.type));
  j["unit"] = a.unit;
  j["audience"] = std::string(to_string(a.audience));
  j["status"] = std::string(to_string(a.status));
  j["version"] = a.version;
  j["created_at"] = format_iso8601(a.created_at);
  j["updated_at"] = format_iso8601(a.updated_at);
  j["published_at"] = opt_instant(a.published_at);
  j["valid_until"] = opt_instant(a.valid_until);
  j["confirmed_at"] = opt_instant(a.confirmed_at);
  j["reminded_at"] = opt_instant(a.reminded_at);
  j["withdrawn_at"] = opt_instant(a.withdrawn_at);
  j["public_interest"] = a.public_interest;
  j["public_from"] = opt_instant(a.public_from);
  j["prenotified_at"] = opt_instant(a.prenotified_at);
  if (a.revision) {
    j["revision"] = {{"content", content_to_json(a.revision->content)},
                     {"in_review", a.revision->in_review},
                     {"since", format_iso8601(a.revision->since)},
                     {"by", a.revision->by}};
  } else {
    j["revision"] = nullptr;
  }
  return j;
}

Result<Article> article_from_json(const json& j) {
  JsonReader r(j, "");
  Article a;
  ArticleDraft d = read_draft(r);
  a.id = d.id;
  a.type = d.type;
  a.unit = d.unit;
  a.content = std::move(d.content);
  a.public_interest = d.public_interest;
  a.valid_until = d.valid_until;
  a.audience = d.audience.value_or(default_audience(a.type));
  a.status =
      r.enumeration("status", parse_article_status, "draft|in-review|published|withdrawn", true)
          .value_or(ArticleStatus::kDraft);
  a.version = static_cast<int>(r.integer("version").value_or(1));
  a.created_at = r.instant("created_at").value_or(Instant{});
  a.updated_at = r.instant("updated_at").value_or(Instant{});
  a.published_at = r.instant("published_at");
  a.confirmed_at = r.instant("confirmed_at");
  a.reminded_at = r.instant("reminded_at");
  a.withdrawn_at = r.instant("withdrawn_at");
  a.public_from = r.instant("public_from");
  a.prenotified_at = r.instant("prenotified_at");
  if (const json* rev = r.object("revision")) {
    JsonReader rr(*rev, "revision");
    Revision v;
    if (const json* c = rr.object("content", true)) {
      auto content = content_from_json(*c);
      if (!content) return fail(content.error());
      v.content = std::move(*content);
    }
    v.in_review = rr.boolean("in_review");
    v.since = rr.instant("since").value_or(Instant{});
    v.by = rr.string("by");
    r.adopt(rr.finish());
    a.revision = std::move(v);
  }
  if (auto st = r.finish(); !st) return fail(st.error());
  return a;
}

json change_to_json(const ArticleChange& c) {
  json j = {{"article", c.article},
            {"sequence", c.sequence},
            {"at", format_iso8601(c.at)},
            {"actor", actor_to_json(c.actor)},
            {"action", c.action},
            {"reason", c.reason},
            {"rule", c.rule},
            {"article_ref", c.article_ref},
            {"version", c.version},
            {"status", std::string(to_string(c.status))}};
  j["content"] = c.content ? content_to_json(*c.content) : json(nullptr);
  return j;
}

json request_to_json(const UpdateRequest& q) {
  json steps = json::array();
  for (const auto& s : q.steps) {
    steps.push_back({{"at", format_iso8601(s.at)},
                     {"actor", actor_to_json(s.actor)},
                     {"action", s.action},
                     {"note", s.note},
                     {"rule", s.rule},
                     {"article_ref", s.article_ref}});
  }
  return {{"id", q.id},
          {"unit", q.unit},
          {"kind", std::string(to_string(q.kind))},
          {"article", q.article},
          {"text", q.text},
          {"emergency", q.emergency},
          {"requested_at", format_iso8601(q.requested_at)},
          {"due", format_iso8601(q.due)},
          {"due_article", q.due_article},
          {"status", std::string(to_string(q.status))},
          {"done_at", opt_instant(q.done_at)},
          {"result_article", q.result_article},
          {"steps", steps}};
}

Result<UpdateRequest> update_request_from_json(const json& j) {
  JsonReader r(j, "");
  UpdateRequest q;
  q.id = r.string("id", true);
  q.unit = r.string("unit", true);
  q.kind = r.enumeration("kind", parse_update_kind, "add|correct|confirm|withdraw", true)
               .value_or(UpdateKind::kCorrect);
  q.article = r.string("article");
  q.text = r.string("text");
  q.emergency = r.boolean("emergency");
  q.requested_at = r.instant("requested_at", true).value_or(Instant{});
  q.due = r.instant("due", true).value_or(Instant{});
  q.due_article = r.string("due_article");
  q.status = r.enumeration("status", parse_update_request_status,
                           "open|done|overdue|done-late|cancelled", true)
                 .value_or(UpdateRequestStatus::kOpen);
  q.done_at = r.instant("done_at");
  q.result_article = r.string("result_article");
  if (const json* steps = r.array("steps")) {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      JsonReader sr((*steps)[i], "steps[" + std::to_string(i) + "]");
      RequestStep s;
      s.at = sr.instant("at", true).value_or(Instant{});
      s.actor = actor_from(sr, "actor");
      s.action = sr.string("action", true);
      s.note = sr.string("note");
      s.rule = sr.string("rule");
      s.article_ref = sr.string("article_ref");
      r.adopt(sr.finish());
      q.steps.push_back(std::move(s));
    }
  }
  if (auto st = r.finish(); !st) return fail(st.error());
  return q;
}

json report_to_json(const MonthlyReport& m) {
  return {{"unit", m.unit},
          {"kind", std::string(to_string(m.kind))},
          {"month", m.month},
          {"submitted_at", format_iso8601(m.submitted_at)},
          {"actor", actor_to_json(m.actor)},
          {"no_changes", m.no_changes},
          {"text", m.text},
          {"added", m.added},
          {"changed", m.changed},
          {"withdrawn", m.withdrawn},
          {"confirmed", m.confirmed},
          {"late", m.late}};
}

Result<MonthlyReport> report_from_json(const json& j) {
  JsonReader r(j, "");
  MonthlyReport m;
  m.unit = r.string("unit", true);
  m.kind = r.enumeration("kind", parse_report_kind, "knowledge-base|training", true)
               .value_or(ReportKind::kKnowledgeBase);
  m.month = r.string("month", true);
  m.submitted_at = r.instant("submitted_at", true).value_or(Instant{});
  m.actor = actor_from(r, "actor");
  m.no_changes = r.boolean("no_changes");
  m.text = r.string("text");
  m.added = static_cast<int>(r.integer("added").value_or(0));
  m.changed = static_cast<int>(r.integer("changed").value_or(0));
  m.withdrawn = static_cast<int>(r.integer("withdrawn").value_or(0));
  m.confirmed = static_cast<int>(r.integer("confirmed").value_or(0));
  m.late = r.boolean("late");
  if (auto st = r.finish(); !st) return fail(st.error());
  return m;
}

json supervision_to_json(const UnitSupervision& s) {
  return {{"id", s.id},         {"unit", s.unit},           {"at", format_iso8601(s.at)},
          {"rule", s.rule},     {"article", s.article_ref}, {"subject", s.subject},
          {"reason", s.reason}, {"reason_zh", s.reason_zh}};
}

json hit_to_json(const SearchHit& h) {
  return {{"id", h.id},
          {"title", h.title},
          {"type", std::string(to_string(h.type))},
          {"unit", h.unit},
          {"catalogue", h.catalogue},
          {"valid_until", opt_instant(h.valid_until)},
          {"score", h.score},
          {"rank", h.rank},
          {"snippet", h.snippet},
          {"link", "/api/v1/kb/articles/" + h.id}};
}

Result<ImportedArticle> imported_from_json(const json& j, int line) {
  JsonReader r(j, "");
  ImportedArticle a;
  a.line = line;
  a.draft = read_draft(r);
  a.status = r.enumeration("status", parse_article_status, "draft|published|withdrawn")
                 .value_or(ArticleStatus::kPublished);
  a.public_from = r.instant("public_from");
  // Written by exports, recomputed on import.
  for (const char* key : {"version", "created_at", "updated_at", "published_at", "confirmed_at",
                          "reminded_at", "withdrawn_at", "prenotified_at", "revision"})
    r.allow(key);
  if (auto st = r.finish(); !st) return fail(st.error());
  if (a.status == ArticleStatus::kInReview) {
    return fail(Error::invalid("status", "imports are draft, published or withdrawn",
                               "导入状态只能是草稿、已发布或已撤销"));
  }
  return a;
}

Result<ArticleDraft> draft_from_json(const json& j) {
  JsonReader r(j, "");
  ArticleDraft d = read_draft(r);
  if (auto st = r.finish(); !st) return fail(st.error());
  return d;
}

Result<ArticleFile> read_article_lines(std::string_view text) {
  ArticleFile file;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto located = [&](Error e) {
      e.field = "line " + std::to_string(line_no) + (e.field.empty() ? "" : ": " + e.field);
      e.message = "line " + std::to_string(line_no) + ": " + e.message;
      e.message_zh = "第" + std::to_string(line_no) + "行：" + e.message_zh;
      return e;
    };
    auto parsed = parse_json(line);
    if (!parsed) return fail(located(parsed.error()));
    if (parsed->is_object() && parsed->contains("synonyms")) {
      JsonReader r(*parsed, "");
      auto group = r.strings("synonyms");
      if (auto st = r.finish(); !st) return fail(located(st.error()));
      file.synonyms.push_back(std::move(group));
      continue;
    }
    auto article = imported_from_json(*parsed, line_no);
    if (!article) return fail(located(article.error()));
    file.articles.push_back(std::move(*article));
  }
  return file;
}

std::string write_article_lines(const std::vector<Article>& articles,
                                const std::vector<std::vector<std::string>>& synonyms) {
  std::string out;
  for (const auto& g : synonyms) out += json{{"synonyms", g}}.dump() + "\n";
  for (const auto& a : articles) {
    json j = article_to_json(a);
    // An export carries the published text; a pending revision stays behind.
    j.erase("revision");
    out += j.dump() + "\n";
  }
  return out;
}

}  // namespace hotline
