#pragma once
// Knowledge-base articles as JSON: the import/export file format (JSON lines,
// docs/knowledge-base.md), the HTTP API bodies and the SQLite store's
// snapshots. Reading is strict: unknown members, wrong types and unknown
// enum values are errors naming the member and the line.
//
// A line of an import file is either an article
//   {"id","type","unit","status","audience","catalogue","tags","title","body",
//    "legal_basis","scope","subjects","conditions","related","faq":[{"q","a"}],
//    "valid_until","public_interest","public_from"}
// or a synonym group {"synonyms": ["医保", "医疗保险"]}. Blank lines are skipped.
// Exports add "version", "created_at", "published_at", "updated_at", which an
// import accepts and ignores, so an export imports back unchanged.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/knowledge/knowledge_service.h"
#include "core/knowledge/records.h"
#include "core/ports/article_index.h"

namespace hotline {

nlohmann::json content_to_json(const ArticleContent& c);
// Reads the content members of `json` into `c` through `reader`.
Result<ArticleContent> content_from_json(const nlohmann::json& json);

nlohmann::json article_to_json(const Article& a);
// The whole stored article (with its pending revision and bookkeeping).
Result<Article> article_from_json(const nlohmann::json& json);
nlohmann::json change_to_json(const ArticleChange& c);
nlohmann::json request_to_json(const UpdateRequest& r);
Result<UpdateRequest> update_request_from_json(const nlohmann::json& json);
nlohmann::json report_to_json(const MonthlyReport& r);
Result<MonthlyReport> report_from_json(const nlohmann::json& json);
nlohmann::json supervision_to_json(const UnitSupervision& s);
nlohmann::json hit_to_json(const SearchHit& h);

// One article line of an import file.
Result<ImportedArticle> imported_from_json(const nlohmann::json& json, int line);
// ArticleDraft from an API body (no status, no id required).
Result<ArticleDraft> draft_from_json(const nlohmann::json& json);

struct ArticleFile {
  std::vector<ImportedArticle> articles;
  std::vector<std::vector<std::string>> synonyms;
};
// Parses JSON lines; the first bad line stops reading, its error names the line.
Result<ArticleFile> read_article_lines(std::string_view text);
std::string write_article_lines(const std::vector<Article>& articles,
                                const std::vector<std::vector<std::string>>& synonyms);

}  // namespace hotline
