#pragma once
// The search port, owned by the core: a full-text index of published
// articles that works for Chinese. XapianArticleIndex implements it. The
// index is derived data: the store is the truth, and `hotline kb reindex`
// rebuilds the index from it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/knowledge/article.h"
#include "core/result.h"

namespace hotline {

struct SearchQuery {
  std::string text;
  std::optional<ArticleType> type;
  std::optional<std::string> unit;
  std::optional<std::string> catalogue;  // the node and everything below it
  bool public_only = false;              // applicants: public audience, past public_from
  // Validity: only articles valid at `valid_at` (KB-5); unset means any
  // published article still in the index (office review of stale content).
  std::optional<Instant> valid_at;
  std::optional<Instant> expires_before;  // only articles expiring before this
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t snippet_bytes = 240;
};

struct SearchHit {
  std::string id;
  std::string title;
  ArticleType type = ArticleType::kServiceGuide;
  std::string unit;
  std::string catalogue;
  std::optional<Instant> valid_until;
  double score = 0;
  int rank = 0;         // 1-based
  std::string snippet;  // HTML-escaped text with matches in <mark>…</mark>
};

struct SearchResults {
  std::size_t estimated_total = 0;
  std::vector<SearchHit> hits;
};

class ArticleIndex {
 public:
  virtual ~ArticleIndex() = default;

  // Adds or replaces a published article. Articles not published are removed.
  virtual Status put(const Article& article) = 0;
  virtual Status remove(std::string_view id) = 0;
  // Makes the changes so far durable and visible to new searches.
  virtual Status flush() = 0;
  // Removes everything (before a rebuild).
  virtual Status clear() = 0;
  virtual Result<std::size_t> size() = 0;

  // Replaces the synonym groups: every term of a group finds the others.
  virtual Status set_synonyms(const std::vector<std::vector<std::string>>& groups) = 0;
  virtual Result<SearchResults> search(const SearchQuery& query) = 0;
};

}  // namespace hotline
