// Search (KB-1), the agent's suggestions (TRI-7), synonyms, and the search
// index mirrored from the store (reindex, the last index error).
#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/calendar/deadline_clock.h"
#include "core/knowledge/knowledge_detail.h"
#include "core/knowledge/knowledge_service.h"
#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline {

using namespace knowledge_detail;

// ---------------------------------------------------------------------------
// Search

Result<SearchResults> KnowledgeService::search(const std::optional<Actor>& actor, SearchQuery query,
                                               bool include_expired) {
  const Instant now = clock_.now();
  if (!is_valid_utf8(query.text)) {
    return fail(Error::invalid("q", "the query is not valid UTF-8", "检索词不是有效的 UTF-8 编码"));
  }
  query.limit = std::clamp<std::size_t>(query.limit, 1, 100);
  const bool applicant = is_applicant(actor) || !is_staff(actor->role);
  if (applicant) {
    query.public_only = true;
    query.valid_at = now;
    query.expires_before.reset();
  } else if (!(include_expired && is_office_role(actor->role))) {
    query.valid_at = now;
  } else {
    query.valid_at.reset();
  }
  auto found = index_.search(query);
  if (!found || !applicant) return found;
  // Applicants: the store has the last word, so an index that lags behind
  // (a withdrawal not yet mirrored) never shows them what they may not read.
  std::vector<SearchHit> kept;
  for (auto& hit : found->hits) {
    auto a = store_.load_article(hit.id);
    if (!a) return fail(a.error());
    if (*a && (*a)->visible_to_applicants(now)) kept.push_back(std::move(hit));
  }
  found->estimated_total -= found->hits.size() - kept.size();
  found->hits = std::move(kept);
  return found;
}

Result<SearchResults> KnowledgeService::suggest(const Actor& actor, const std::string& request_text,
                                                std::size_t limit) {
  SearchQuery q;
  q.text = request_text;
  q.limit = limit;
  return search(actor, q);
}

Status KnowledgeService::set_synonyms(const Actor& actor,
                                      std::vector<std::vector<std::string>> groups) {
  if (!is_office_role(actor.role) || actor.role == Role::kSystem) {
    return fail(Error::forbidden("KB-1", "M20", "the office maintains the synonyms",
                                 "同义词由热线工作机构维护"));
  }
  std::vector<std::vector<std::string>> clean;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::vector<std::string> g;
    for (auto& term : groups[i]) {
      if (!is_valid_utf8(term)) {
        return fail(Error::invalid("synonyms[" + std::to_string(i) + "]", "not valid UTF-8",
                                   "不是有效的 UTF-8 编码"));
      }
      const std::string t(trim(term));
      if (!t.empty() && std::find(g.begin(), g.end(), t) == g.end()) g.push_back(t);
    }
    if (g.size() < 2) {
      return fail(Error::invalid("synonyms[" + std::to_string(i) + "]",
                                 "a synonym group has at least two terms", "同义词组至少两个词"));
    }
    clean.push_back(std::move(g));
  }
  if (auto st = store_.save_synonyms(clean); !st) return st;
  Status st = index_.set_synonyms(clean);
  if (st) st = index_.flush();
  if (!st) set_index_error(st.error());
  return {};
}

Result<std::vector<std::vector<std::string>>> KnowledgeService::synonyms() {
  return store_.load_synonyms();
}

std::optional<Error> KnowledgeService::last_index_error() const {
  std::lock_guard lock(index_error_mutex_);
  return last_index_error_;
}

void KnowledgeService::set_index_error(std::optional<Error> error) {
  std::lock_guard lock(index_error_mutex_);
  last_index_error_ = std::move(error);
}

Result<std::size_t> KnowledgeService::reindex() {
  if (auto st = index_.clear(); !st) return fail(st.error());
  std::size_t n = 0;
  ArticleFilter filter;
  filter.status = ArticleStatus::kPublished;
  filter.limit = 1000;
  while (true) {
    auto page = store_.list_articles(filter);
    if (!page) return fail(page.error());
    for (const auto& a : *page) {
      if (auto st = index_.put(a); !st) return fail(st.error());
      ++n;
    }
    if (page->size() < filter.limit) break;
    filter.offset += filter.limit;
  }
  auto groups = store_.load_synonyms();
  if (!groups) return fail(groups.error());
  if (auto st = index_.set_synonyms(*groups); !st) return fail(st.error());
  if (auto st = index_.flush(); !st) return fail(st.error());
  set_index_error(std::nullopt);
  return n;
}

}  // namespace hotline
