#include "core/ports/memory/memory_knowledge_store.h"

#include <algorithm>

namespace hotline {

Status MemoryKnowledgeStore::apply(State& state, const KnowledgeCommit& commit) {
  for (const ArticleWrite& w : commit.articles) {
    Article a = w.article;
    auto it = state.articles.find(a.id);
    if (a.revision_number == 0) {
      if (it != state.articles.end()) {
        return fail(Error::conflict("article " + a.id + " exists", "知识条目已存在"));
      }
      a.revision_number = 1;
    } else {
      if (it == state.articles.end() || it->second.revision_number != a.revision_number) {
        return fail(Error::conflict("article " + a.id + " was changed by someone else",
                                    "知识条目已被他人修改，请刷新后重试"));
      }
      a.revision_number += 1;
    }
    auto& history = state.changes[a.id];
    for (ArticleChange c : w.changes) {
      c.article = a.id;
      c.sequence = static_cast<std::int64_t>(history.size()) + 1;
      history.push_back(std::move(c));
    }
    state.articles[a.id] = std::move(a);
  }
  for (const RequestWrite& w : commit.requests) {
    UpdateRequest r = w.request;
    auto it = state.requests.find(r.id);
    if (r.revision_number == 0) {
      if (it != state.requests.end()) return fail(Error::conflict("request " + r.id + " exists"));
      r.revision_number = 1;
    } else {
      if (it == state.requests.end() || it->second.revision_number != r.revision_number) {
        return fail(Error::conflict("request " + r.id + " was changed by someone else"));
      }
      r.revision_number += 1;
    }
    state.requests[r.id] = std::move(r);
  }
  for (const UnitSupervision& s : commit.supervisions) state.supervisions.push_back(s);
  for (KnowledgeNotice n : commit.notices) {
    n.id = static_cast<std::int64_t>(state.notices.size()) + 1;
    state.notices.push_back(std::move(n));
  }
  for (const MonthlyReport& r : commit.reports) {
    auto key = std::make_tuple(r.unit, r.kind, r.month);
    if (state.reports.count(key) != 0) {
      return fail(Error::conflict("report already filed", "该月报表已报送"));
    }
    state.reports.emplace(std::move(key), r);
  }
  return {};
}

Status MemoryKnowledgeStore::commit(const KnowledgeCommit& commit) {
  if (commit.empty()) return {};
  std::lock_guard lock(mutex_);
  State next = state_;  // whole or not at all
  if (auto st = apply(next, commit); !st) return st;
  state_ = std::move(next);
  return {};
}

Result<std::int64_t> MemoryKnowledgeStore::next_sequence(std::string_view counter) {
  std::lock_guard lock(mutex_);
  auto it = sequences_.find(counter);
  if (it == sequences_.end()) it = sequences_.emplace(std::string(counter), 0).first;
  return ++it->second;
}

Result<std::optional<Article>> MemoryKnowledgeStore::load_article(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = state_.articles.find(id);
  if (it == state_.articles.end()) return std::optional<Article>{};
  return std::optional<Article>{it->second};
}

Result<std::vector<Article>> MemoryKnowledgeStore::list_articles(const ArticleFilter& f) {
  std::lock_guard lock(mutex_);
  std::vector<const Article*> rows;
  for (const auto& [id, a] : state_.articles) {
    if (f.unit && a.unit != *f.unit) continue;
    if (f.status && a.status != *f.status) continue;
    if (f.type && a.type != *f.type) continue;
    if (f.catalogue) {
      const std::string& c = a.content.catalogue;
      const bool below = c.size() > f.catalogue->size() && c.rfind(*f.catalogue + "/", 0) == 0;
      if (c != *f.catalogue && !below) continue;
    }
    if (f.valid_until_before && (!a.valid_until || *a.valid_until > *f.valid_until_before)) {
      continue;
    }
    if (f.with_pending_revision && !(a.revision && a.revision->in_review)) continue;
    rows.push_back(&a);
  }
  std::sort(rows.begin(), rows.end(), [](const Article* x, const Article* y) {
    return std::tie(x->content.catalogue, x->id) < std::tie(y->content.catalogue, y->id);
  });
  std::vector<Article> out;
  for (std::size_t i = f.offset; i < rows.size() && out.size() < f.limit; ++i) {
    out.push_back(*rows[i]);
  }
  return out;
}

Result<std::vector<ArticleChange>> MemoryKnowledgeStore::history(std::string_view article) {
  std::lock_guard lock(mutex_);
  auto it = state_.changes.find(article);
  if (it == state_.changes.end()) return std::vector<ArticleChange>{};
  return it->second;
}

Result<std::vector<ArticleChange>> MemoryKnowledgeStore::changes_between(Instant from, Instant to) {
  std::lock_guard lock(mutex_);
  std::vector<ArticleChange> out;
  for (const auto& [id, history] : state_.changes) {
    for (const auto& c : history) {
      if (c.at >= from && c.at < to) out.push_back(c);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ArticleChange& x, const ArticleChange& y) {
    return std::tie(x.at, x.article, x.sequence) < std::tie(y.at, y.article, y.sequence);
  });
  return out;
}

Result<std::optional<UpdateRequest>> MemoryKnowledgeStore::load_request(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = state_.requests.find(id);
  if (it == state_.requests.end()) return std::optional<UpdateRequest>{};
  return std::optional<UpdateRequest>{it->second};
}

Result<std::vector<UpdateRequest>> MemoryKnowledgeStore::list_requests(const RequestFilter& f) {
  std::lock_guard lock(mutex_);
  std::vector<const UpdateRequest*> rows;
  for (const auto& [id, r] : state_.requests) {
    if (f.unit && r.unit != *f.unit) continue;
    if (f.open_only && r.status != UpdateRequestStatus::kOpen &&
        r.status != UpdateRequestStatus::kOverdue) {
      continue;
    }
    if (f.due_before && r.due > *f.due_before) continue;
    rows.push_back(&r);
  }
  std::sort(rows.begin(), rows.end(), [](const UpdateRequest* x, const UpdateRequest* y) {
    return std::tie(x->due, x->id) < std::tie(y->due, y->id);
  });
  std::vector<UpdateRequest> out;
  for (std::size_t i = 0; i < rows.size() && out.size() < f.limit; ++i) out.push_back(*rows[i]);
  return out;
}

Result<std::vector<UnitSupervision>> MemoryKnowledgeStore::supervisions(
    std::optional<std::string> unit) {
  std::lock_guard lock(mutex_);
  std::vector<UnitSupervision> out;
  for (const auto& s : state_.supervisions) {
    if (!unit || s.unit == *unit) out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const UnitSupervision& x, const UnitSupervision& y) {
    return std::tie(x.at, x.id) < std::tie(y.at, y.id);
  });
  return out;
}

Result<std::vector<KnowledgeNotice>> MemoryKnowledgeStore::notices(
    std::optional<std::string> unit) {
  std::lock_guard lock(mutex_);
  std::vector<KnowledgeNotice> out;
  for (const auto& n : state_.notices) {
    if (!unit || n.unit == *unit) out.push_back(n);
  }
  return out;
}

Result<std::optional<MonthlyReport>> MemoryKnowledgeStore::report(std::string_view unit,
                                                                  ReportKind kind,
                                                                  std::string_view month) {
  std::lock_guard lock(mutex_);
  auto it = state_.reports.find(std::make_tuple(std::string(unit), kind, std::string(month)));
  if (it == state_.reports.end()) return std::optional<MonthlyReport>{};
  return std::optional<MonthlyReport>{it->second};
}

Status MemoryKnowledgeStore::save_synonyms(const std::vector<std::vector<std::string>>& groups) {
  std::lock_guard lock(mutex_);
  synonyms_ = groups;
  return {};
}

Result<std::vector<std::vector<std::string>>> MemoryKnowledgeStore::load_synonyms() {
  std::lock_guard lock(mutex_);
  return synonyms_;
}

}  // namespace hotline
