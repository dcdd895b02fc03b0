#include "adapters/json/knowledge_rows.h"

#include <nlohmann/json.hpp>

#include "adapters/json/article_json.h"
#include "adapters/json/json_reader.h"
#include "core/ports/store_checks.h"

namespace hotline {

namespace {

using nlohmann::json;

// Every string in `j`. Checked before dump(), which would throw on invalid
// UTF-8; a NUL would be escaped in the JSON but is refused alike, as it is
// in the columns beside it.
Status check_json_text(const std::string& field, const json& j) {
  if (j.is_string()) return check_stored_text(field, j.get_ref<const std::string&>());
  if (j.is_array() || j.is_object()) {
    for (const json& item : j) {
      if (auto st = check_json_text(field, item); !st) return st;
    }
  }
  return {};
}

Status check_texts(const std::string& field, std::initializer_list<std::string_view> texts) {
  for (std::string_view t : texts) {
    if (auto st = check_stored_text(field, t); !st) return st;
  }
  return {};
}

Result<json> parse_row(std::string_view data, const char* what) {
  auto j = parse_json(data);
  if (!j) return fail(Error::storage(std::string("corrupt ") + what + ": " + j.error().message));
  return j;
}

}  // namespace

Result<StoredKnowledgeCommit> encode_knowledge_commit(const KnowledgeCommit& c) {
  StoredKnowledgeCommit out;
  out.articles.reserve(c.articles.size());
  for (std::size_t i = 0; i < c.articles.size(); ++i) {
    const ArticleWrite& w = c.articles[i];
    const std::string field = "articles[" + std::to_string(i) + "]";
    const json article = article_to_json(w.article);
    if (auto st = check_json_text(field, article); !st) return fail(st.error());
    StoredArticleWrite stored;
    stored.data = article.dump();
    stored.contents.reserve(w.changes.size());
    for (std::size_t j = 0; j < w.changes.size(); ++j) {
      const json change = change_to_json(w.changes[j]);
      if (auto st = check_json_text(field + ".changes[" + std::to_string(j) + "]", change); !st) {
        return fail(st.error());
      }
      stored.contents.push_back(change["content"].is_null()
                                    ? std::nullopt
                                    : std::optional<std::string>(change["content"].dump()));
    }
    out.articles.push_back(std::move(stored));
  }
  for (std::size_t i = 0; i < c.requests.size(); ++i) {
    const json request = request_to_json(c.requests[i].request);
    if (auto st = check_json_text("requests[" + std::to_string(i) + "]", request); !st) {
      return fail(st.error());
    }
    out.requests.push_back(request.dump());
  }
  for (std::size_t i = 0; i < c.supervisions.size(); ++i) {
    const UnitSupervision& s = c.supervisions[i];
    if (auto st =
            check_texts("supervisions[" + std::to_string(i) + "]",
                        {s.id, s.unit, s.rule, s.article_ref, s.subject, s.reason, s.reason_zh});
        !st) {
      return fail(st.error());
    }
  }
  for (std::size_t i = 0; i < c.notices.size(); ++i) {
    const KnowledgeNotice& n = c.notices[i];
    if (auto st = check_texts("notices[" + std::to_string(i) + "]",
                              {n.unit, n.kind, n.subject, n.message_zh});
        !st) {
      return fail(st.error());
    }
  }
  for (std::size_t i = 0; i < c.reports.size(); ++i) {
    const json report = report_to_json(c.reports[i]);
    if (auto st = check_json_text("reports[" + std::to_string(i) + "]", report); !st) {
      return fail(st.error());
    }
    out.reports.push_back(report.dump());
  }
  return out;
}

Status check_synonyms(const std::vector<std::vector<std::string>>& groups) {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (auto st = check_stored_texts("synonyms[" + std::to_string(g) + "]", groups[g]); !st) {
      return st;
    }
  }
  return {};
}

Result<Article> decode_article_row(std::string_view data, std::int64_t revision) {
  auto j = parse_row(data, "article row");
  if (!j) return fail(j.error());
  auto a = article_from_json(*j);
  if (!a) return fail(Error::storage("corrupt article row: " + a.error().message));
  a->revision_number = revision;
  return a;
}

Result<UpdateRequest> decode_request_row(std::string_view data, std::int64_t revision) {
  auto j = parse_row(data, "request row");
  if (!j) return fail(j.error());
  auto r = update_request_from_json(*j);
  if (!r) return fail(Error::storage("corrupt request row: " + r.error().message));
  r->revision_number = revision;
  return r;
}

Result<MonthlyReport> decode_report_row(std::string_view data) {
  auto j = parse_row(data, "report row");
  if (!j) return fail(j.error());
  auto r = report_from_json(*j);
  if (!r) return fail(Error::storage("corrupt report row: " + r.error().message));
  return r;
}

Result<ArticleContent> decode_change_content(std::string_view data) {
  auto j = parse_row(data, "change content");
  if (!j) return fail(j.error());
  auto content = content_from_json(*j);
  if (!content) return fail(Error::storage("corrupt change content: " + content.error().message));
  return content;
}

}  // namespace hotline
