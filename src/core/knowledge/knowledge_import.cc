// Import of articles in bulk (the office; KB-2, KB-6).
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
// Import

Result<std::vector<ImportOutcome>> KnowledgeService::import(
    const Actor& actor, const std::vector<ImportedArticle>& records) {
  if (!is_reviewer(actor.role)) {
    return fail(Error::forbidden("KB-3", "R17",
                                 "imports publish content and are done by the office",
                                 "批量导入由热线工作机构执行"));
  }
  const Instant now = clock_.now();
  std::vector<ImportOutcome> outcomes;
  std::vector<Article> to_index;
  KnowledgeCommit batch;
  auto flush_batch = [&]() -> Status {
    if (batch.empty()) return {};
    if (auto st = store_.commit(batch); !st) return st;
    for (const auto& w : batch.articles) to_index.push_back(w.article);
    batch = KnowledgeCommit{};
    return {};
  };
  std::set<std::string> seen;
  for (const auto& rec : records) {
    ImportOutcome out;
    out.line = rec.line;
    out.id = rec.draft.id;
    auto attempt = [&]() -> Status {
      ArticleDraft d = rec.draft;
      if (!organisation_.find(d.unit)) {
        return fail(Error::invalid("unit", "unknown unit " + d.unit, "单位不存在：" + d.unit));
      }
      if (auto st = check_content(d.content); !st) return st;
      if (d.id.empty()) {
        auto id = next_id("article", "KB");
        if (!id) return fail(id.error());
        d.id = *id;
        out.id = d.id;
      }
      if (auto st = check_id(d.id); !st) return st;
      if (!seen.insert(d.id).second) {
        return fail(Error::invalid("id", "article " + d.id + " appears twice in the file",
                                   "文件中条目编号重复"));
      }
      auto existing = store_.load_article(d.id);
      if (!existing) return fail(existing.error());
      Article a;
      if (*existing) {
        a = std::move(**existing);
        if (a.unit != d.unit || a.type != d.type) {
          return fail(Error::invalid("id", "article " + d.id + " exists with another unit or type",
                                     "同编号条目已存在，单位或类型不同"));
        }
        if (a.content == d.content && a.status == rec.status) {
          out.action = "unchanged";
          return {};
        }
        if (a.content != d.content && a.published_at) a.version += 1;
        out.action = "updated";
      } else {
        a.id = d.id;
        a.type = d.type;
        a.unit = d.unit;
        a.created_at = now;
        out.action = "created";
      }
      a.audience = d.audience.value_or(default_audience(d.type));
      a.content = std::move(d.content);
      a.revision.reset();
      a.public_interest = d.public_interest;
      a.public_from = rec.public_from;
      if (a.public_interest) a.prenotified_at = now;  // the import is the notice
      a.status = rec.status;
      a.updated_at = now;
      if (rec.status == ArticleStatus::kPublished) {
        if (!a.published_at) a.published_at = now;
        a.valid_until = d.valid_until;
        auto longest = validity_end(shell(a.type, a.unit), now);
        if (!longest) return fail(longest.error());
        if (!a.valid_until || *a.valid_until > *longest) a.valid_until = *longest;
        a.reminded_at.reset();
      } else if (rec.status == ArticleStatus::kWithdrawn) {
        if (!a.withdrawn_at) a.withdrawn_at = now;
      }
      ArticleChange c = change(a, actor, "import", "imported", true);
      c.content = a.content;
      batch.articles.push_back({a, {c}});
      return {};
    };
    if (auto st = attempt(); !st) {
      out.ok = false;
      out.error = st.error();
    } else {
      out.ok = true;
    }
    outcomes.push_back(std::move(out));
    if (batch.articles.size() >= 500) {
      if (auto st = flush_batch(); !st) return fail(st.error());
    }
  }
  if (auto st = flush_batch(); !st) return fail(st.error());
  for (const auto& a : to_index) {
    Status st = a.is_published() ? index_.put(a) : index_.remove(a.id);
    if (!st) set_index_error(st.error());
  }
  if (auto st = index_.flush(); !st) set_index_error(st.error());
  return outcomes;
}

}  // namespace hotline
