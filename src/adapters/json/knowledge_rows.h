#pragma once
// A knowledge-base commit as the rows a SQL store writes, and those rows read
// back: the part of the knowledge stores that is not SQL, shared by
// SqliteKnowledgeStore and PgKnowledgeStore (issue 14) so both check,
// serialise (article_json.h) and read alike. The stores only bind and step.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/knowledge_store.h"
#include "core/result.h"

namespace hotline {

struct StoredArticleWrite {
  std::string data;                                  // the article as JSON
  std::vector<std::optional<std::string>> contents;  // each change's content snapshot as JSON
};

// The JSON columns of a commit, index for index with its vectors.
struct StoredKnowledgeCommit {
  std::vector<StoredArticleWrite> articles;
  std::vector<std::string> requests;
  std::vector<std::string> reports;
};

// Refuses, before anything is written, text anywhere in the commit that is
// not valid UTF-8 or holds NUL (core/ports/store_checks.h), naming the
// record: "articles[0]", "articles[0].changes[1]", "requests[2]",
// "supervisions[0]", "notices[0]", "reports[0]".
Result<StoredKnowledgeCommit> encode_knowledge_commit(const KnowledgeCommit& commit);
// The same for synonym groups: "synonyms[g][p]".
Status check_synonyms(const std::vector<std::vector<std::string>>& groups);

// Rows read back; a row that does not parse is a storage error.
Result<Article> decode_article_row(std::string_view data, std::int64_t revision);
Result<UpdateRequest> decode_request_row(std::string_view data, std::int64_t revision);
Result<MonthlyReport> decode_report_row(std::string_view data);
Result<ArticleContent> decode_change_content(std::string_view data);

}  // namespace hotline
