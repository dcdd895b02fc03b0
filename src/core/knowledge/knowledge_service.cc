// KnowledgeService: construction and the helpers every concern uses (loading,
// role checks, validity, saving with the index mirrored, ids). The concerns are
// in their own files: knowledge_workflow.cc, knowledge_search.cc,
// knowledge_import.cc, knowledge_update_requests.cc, knowledge_reports.cc,
// knowledge_sweep.cc.
#include "core/knowledge/knowledge_service.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/calendar/deadline_clock.h"
#include "core/knowledge/knowledge_detail.h"
#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline {

using namespace knowledge_detail;

KnowledgeService::KnowledgeService(KnowledgeStore& store, ArticleIndex& index, const Clock& clock,
                                   const WorkingDayCalendar& calendar, const PolicySet& policies,
                                   const Organisation& organisation, KnowledgeOptions options)
    : store_(store),
      index_(index),
      clock_(clock),
      calendar_(calendar),
      policies_(policies),
      organisation_(organisation),
      options_(options) {}

const Policy& KnowledgeService::policy_for_unit(const std::string& unit) const {
  const std::string profile = organisation_.profile_for(unit);
  if (!profile.empty()) {
    if (auto p = policies_.find(profile)) return **p;
  }
  return policies_.default_policy();
}

// ---------------------------------------------------------------------------
// Helpers

Result<Article> KnowledgeService::load(const std::string& id) {
  auto loaded = store_.load_article(id);
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return fail(not_found(id));
  return std::move(**loaded);
}

Status KnowledgeService::may_maintain(const Actor& actor, const std::string& unit,
                                      const char* action) const {
  if (is_reviewer(actor.role)) return {};
  if (is_unit_role(actor.role) && organisation_.is_within(unit, actor.unit)) return {};
  return fail(
      Error::forbidden("KB-3", "R15",
                       std::string(to_string(actor.role)) + " " + actor.id + " may not " + action +
                           " articles of " + unit + ": units maintain their own articles",
                       "承办单位负责维护本单位知识信息，" + std::string(to_chinese(actor.role)) +
                           "无权操作" + unit + "的知识条目"));
}

Status KnowledgeService::may_review(const Actor& actor) const {
  if (is_reviewer(actor.role)) return {};
  return fail(Error::forbidden("KB-3", "R17",
                               "only the office of hotline reviews and publishes articles",
                               "知识信息由热线工作机构审核发布"));
}

Result<Instant> KnowledgeService::validity_end(const Article& a, Instant from) const {
  const auto& kb = policy_for_unit(a.unit).knowledge_base;
  const auto it = kb.validity.find(a.type);
  if (it == kb.validity.end()) {
    return fail(
        Error::internal("the policy has no validity for " + std::string(to_string(a.type))));
  }
  auto end = add_period(calendar_, from, it->second.value);
  if (!end) return fail(end.error());
  // A unit may ask for a shorter validity than the maximum.
  if (a.valid_until && *a.valid_until > from && *a.valid_until < *end) return *a.valid_until;
  return *end;
}

ArticleChange KnowledgeService::change(const Article& a, const Actor& actor, std::string action,
                                       std::string reason, bool with_content, std::string rule,
                                       std::string article_ref) const {
  ArticleChange c;
  c.article = a.id;
  c.at = clock_.now();
  c.actor = actor;
  c.action = std::move(action);
  c.reason = std::move(reason);
  c.rule = std::move(rule);
  c.article_ref = std::move(article_ref);
  c.version = a.version;
  c.status = a.status;
  if (with_content) c.content = a.revision ? a.revision->content : a.content;
  return c;
}

Status KnowledgeService::save(Article& a, std::vector<ArticleChange> changes,
                              KnowledgeCommit extra) {
  a.updated_at = clock_.now();
  extra.articles.insert(extra.articles.begin(), ArticleWrite{a, std::move(changes)});
  if (auto st = store_.commit(extra); !st) return st;
  a.revision_number += 1;
  mirror(a);
  return {};
}

void KnowledgeService::mirror(const Article& a) {
  Status st = a.is_published() ? index_.put(a) : index_.remove(a.id);
  if (st) st = index_.flush();
  if (!st) set_index_error(st.error());
}

UnitSupervision KnowledgeService::supervision(const std::string& unit, std::string rule,
                                              std::string article_ref, std::string subject,
                                              std::string reason, std::string reason_zh) {
  UnitSupervision s;
  auto id = next_id("knowledge-supervision", "KS");
  s.id = id ? *id : "KS-" + subject;
  s.unit = unit;
  s.at = clock_.now();
  s.rule = std::move(rule);
  s.article_ref = std::move(article_ref);
  s.subject = std::move(subject);
  s.reason = std::move(reason);
  s.reason_zh = std::move(reason_zh);
  return s;
}

Result<std::string> KnowledgeService::next_id(const char* counter, const char* prefix) {
  auto n = store_.next_sequence(counter);
  if (!n) return fail(n.error());
  std::string digits = std::to_string(*n);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return std::string(prefix) + digits;
}

}  // namespace hotline
