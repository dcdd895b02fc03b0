#pragma once
// ArticleIndex with Xapian (Debian's libxapian-dev 1.4): full-text search of
// published articles that works for Chinese.
//
// Text is indexed with TermGenerator::FLAG_CJK_NGRAM (CJK spans become
// unigrams and bigrams, other scripts words), the title and tags weighted
// higher. A query's text goes through the same TermGenerator and becomes an
// OR of its bigrams and words ranked by BM25, so a whole request sentence
// ("我想问一下医保报销比例") finds the articles that share its words without
// every character having to match. Synonym groups live in Xapian's synonym
// table; a query containing one term of a group also searches the others.
// Filters are boolean terms (type, unit, every catalogue node above the
// article, audience) and value ranges (valid until, public from). Snippets
// come from MSet::snippet with SNIPPET_CJK_NGRAM, HTML-escaped, matches in
// <mark>…</mark>.
//
// One WritableDatabase behind a mutex: searches and writes are serialised,
// each a few milliseconds at most. Xapian lets one process write at a time:
// a command run beside `hotline serve` may open the index read-only
// (kReadOnlyWhenLocked) and search it — each search reopens it to see what
// the server has committed — while every change is refused, naming the
// server (issue 9, item 12).

#include <filesystem>
#include <memory>
#include <string>

#include "core/ports/article_index.h"

namespace hotline {

enum class IndexAccess {
  kWrite,               // the write lock, or an error naming who holds it
  kReadOnlyWhenLocked,  // read-only when another process holds the lock
};

class XapianArticleIndex final : public ArticleIndex {
 public:
  // Opens or creates an on-disk index (a directory).
  static Result<std::unique_ptr<XapianArticleIndex>> open(const std::filesystem::path& dir,
                                                          IndexAccess access = IndexAccess::kWrite);
  // An index in memory, for tests and benchmarks.
  static Result<std::unique_ptr<XapianArticleIndex>> in_memory();
  // "var/hotline.db" → "var/hotline.kb.xapian"
  static std::filesystem::path beside(const std::filesystem::path& work_order_db);
  ~XapianArticleIndex() override;
  // True when the index holds documents written with another layout; it must
  // be rebuilt from the store before it is searched.
  bool outdated();
  // Opened read-only (another process holds the write lock): changes are refused.
  bool read_only() const;
  // The refusal of a change while another process holds the index.
  static Error held_elsewhere();

  Status put(const Article& article) override;
  Status remove(std::string_view id) override;
  Status flush() override;
  Status clear() override;
  Result<std::size_t> size() override;
  Status set_synonyms(const std::vector<std::vector<std::string>>& groups) override;
  Result<SearchResults> search(const SearchQuery& query) override;

 private:
  struct Impl;
  explicit XapianArticleIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
