// Articles and their workflow (KB-2..KB-5): create, edit, submit, approve,
// reject, withdraw, confirm (validity, KB-5), pre-notices (KB-4), and reading
// them (get, history, list, cite).
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
// Articles

Result<Article> KnowledgeService::create(const Actor& actor, ArticleDraft draft,
                                         const std::string& reason) {
  if (!organisation_.find(draft.unit)) {
    return fail(Error::invalid("unit", "unknown unit " + draft.unit, "单位不存在：" + draft.unit));
  }
  if (auto st = may_maintain(actor, draft.unit, "create"); !st) return fail(st.error());
  if (auto st = check_content(draft.content); !st) return fail(st.error());
  if (draft.id.empty()) {
    auto id = next_id("article", "KB");
    if (!id) return fail(id.error());
    draft.id = *id;
  }
  if (auto st = check_id(draft.id); !st) return fail(st.error());
  auto existing = store_.load_article(draft.id);
  if (!existing) return fail(existing.error());
  if (*existing) return fail(Error::conflict("article " + draft.id + " exists", "知识条目已存在"));

  Article a;
  a.id = draft.id;
  a.type = draft.type;
  a.unit = draft.unit;
  a.audience = draft.audience.value_or(default_audience(draft.type));
  a.status = ArticleStatus::kDraft;
  a.content = std::move(draft.content);
  a.public_interest = draft.public_interest;
  a.created_at = clock_.now();
  if (draft.valid_until) {
    // KB-5 [R19]: never longer than the policy's maximum.
    auto longest = validity_end(shell(a.type, a.unit), clock_.now());
    if (!longest) return fail(longest.error());
    if (*draft.valid_until > *longest) {
      return fail(Error::refused(
          "KB-5", policy_for_unit(a.unit).knowledge_base.validity.at(a.type).article,
          "a " + std::string(to_string(a.type)) + " is valid for at most " +
              policy_for_unit(a.unit).knowledge_base.validity.at(a.type).value.describe(),
          std::string(article_type_chinese(a.type)) + "有效期不得超过" +
              policy_for_unit(a.unit).knowledge_base.validity.at(a.type).value.describe_zh()));
    }
    a.valid_until = draft.valid_until;
  }
  if (auto st = save(a, {change(a, actor, "create", reason, true)}); !st) return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::edit(const Actor& actor, const std::string& id,
                                       ArticleContent content, const std::string& reason) {
  auto a = load(id);
  if (!a) return a;
  if (auto st = may_maintain(actor, a->unit, "edit"); !st) return fail(st.error());
  if (auto st = check_content(content); !st) return fail(st.error());
  std::string action = "edit";
  switch (a->status) {
    case ArticleStatus::kDraft:
    case ArticleStatus::kInReview:
    case ArticleStatus::kWithdrawn:
      // A changed text goes back to draft and is reviewed again.
      if (a->status == ArticleStatus::kWithdrawn) action = "redraft";
      a->status = ArticleStatus::kDraft;
      a->content = std::move(content);
      break;
    case ArticleStatus::kPublished:
      a->revision = Revision{std::move(content), false, clock_.now(), actor.id};
      action = "revise";
      break;
  }
  if (auto st = save(*a, {change(*a, actor, action, reason, true)}); !st) return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::submit(const Actor& actor, const std::string& id,
                                         const std::string& reason) {
  auto a = load(id);
  if (!a) return a;
  if (auto st = may_maintain(actor, a->unit, "submit"); !st) return fail(st.error());
  if (a->status == ArticleStatus::kDraft) {
    a->status = ArticleStatus::kInReview;
  } else if (a->status == ArticleStatus::kPublished && a->revision && !a->revision->in_review) {
    a->revision->in_review = true;
  } else {
    return fail(
        Error::refused("KB-3", "R17",
                       "only a draft or a revision can be submitted for review (article is " +
                           std::string(to_string(a->status)) + ")",
                       "只有草稿或修订稿可以提交审核"));
  }
  if (auto st = save(*a, {change(*a, actor, "submit", reason, false)}); !st)
    return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::publish(Article a, const Actor& actor, const std::string& action,
                                          const std::string& reason) {
  const Instant now = clock_.now();
  const auto& kb = policy_for_unit(a.unit).knowledge_base;
  // KB-4 [R18, T29]: a policy of public interest is pre-notified first.
  if (a.public_interest && !a.prenotified_at) {
    return fail(Error::refused(
        "KB-4", kb.prenotice_before.article,
        "a policy closely related to the public interest is notified to the office at least " +
            kb.prenotice_before.value.describe() + " before publication; prenotify it first",
        "与公众利益密切相关的政策应当在公开发布" + kb.prenotice_before.value.describe_zh() +
            "前通报热线工作机构，请先提交预通报"));
  }
  if (a.revision) {
    if (a.revision->content != a.content) a.version += 1;
    a.content = std::move(a.revision->content);
    a.revision.reset();
  } else if (a.published_at) {
    a.version += 1;  // republished after withdrawal
  }
  a.status = ArticleStatus::kPublished;
  if (!a.published_at) a.published_at = now;
  a.withdrawn_at.reset();
  // KB-5 [R19]: the validity period runs from publication or renewal.
  if (a.valid_until && *a.valid_until <= now) a.valid_until.reset();
  auto until = validity_end(a, now);
  if (!until) return fail(until.error());
  a.valid_until = *until;
  a.reminded_at.reset();
  const auto& validity = kb.validity.at(a.type);
  if (auto st = save(a, {change(a, actor, action, reason, true, "KB-5", validity.article)}); !st)
    return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::approve(const Actor& actor, const std::string& id,
                                          const std::string& reason) {
  if (auto st = may_review(actor); !st) return fail(st.error());
  auto a = load(id);
  if (!a) return a;
  const bool draft_in_review = a->status == ArticleStatus::kInReview;
  const bool revision_in_review =
      a->status == ArticleStatus::kPublished && a->revision && a->revision->in_review;
  if (!draft_in_review && !revision_in_review) {
    return fail(Error::refused("KB-3", "R17", "nothing of article " + id + " is in review",
                               "该条目没有待审核的内容"));
  }
  return publish(std::move(*a), actor, "approve", reason);
}

Result<Article> KnowledgeService::reject(const Actor& actor, const std::string& id,
                                         const std::string& reason) {
  if (auto st = may_review(actor); !st) return fail(st.error());
  if (trim(reason).empty()) {
    return fail(Error::invalid("reason", "a rejection gives its reasons", "退回修改需说明理由"));
  }
  auto a = load(id);
  if (!a) return a;
  if (a->status == ArticleStatus::kInReview) {
    a->status = ArticleStatus::kDraft;
  } else if (a->status == ArticleStatus::kPublished && a->revision && a->revision->in_review) {
    a->revision->in_review = false;
  } else {
    return fail(Error::refused("KB-3", "R17", "nothing of article " + id + " is in review",
                               "该条目没有待审核的内容"));
  }
  if (auto st = save(*a, {change(*a, actor, "reject", reason, false)}); !st)
    return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::withdraw(const Actor& actor, const std::string& id,
                                           const std::string& reason) {
  auto a = load(id);
  if (!a) return a;
  if (auto st = may_maintain(actor, a->unit, "withdraw"); !st) return fail(st.error());
  if (a->status == ArticleStatus::kWithdrawn) {
    return fail(Error::conflict("article " + id + " is already withdrawn", "该条目已撤销"));
  }
  a->status = ArticleStatus::kWithdrawn;
  a->withdrawn_at = clock_.now();
  a->revision.reset();
  if (auto st = save(*a, {change(*a, actor, "withdraw", reason, false)}); !st)
    return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::confirm(const Actor& actor, const std::string& id,
                                          const std::string& reason) {
  auto a = load(id);
  if (!a) return a;
  if (auto st = may_maintain(actor, a->unit, "confirm"); !st) return fail(st.error());
  const auto& validity = policy_for_unit(a->unit).knowledge_base.validity.at(a->type);
  const Instant now = clock_.now();
  if (!a->is_current(now)) {
    return fail(Error::refused(
        "KB-5", validity.article,
        "only a published article within its validity can be confirmed; an expired one is "
        "withdrawn and revised",
        "只有在有效期内的已发布条目可以确认有效；到期条目应撤销后重新修订"));
  }
  Article fresh = *a;
  fresh.valid_until.reset();
  auto until = validity_end(fresh, now);
  if (!until) return fail(until.error());
  a->valid_until = *until;
  a->confirmed_at = now;
  a->reminded_at.reset();
  if (auto st = save(*a, {change(*a, actor, "confirm", reason, false, "KB-5", validity.article)});
      !st)
    return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::prenotify(const Actor& actor, const std::string& id,
                                            Instant public_from, const std::string& reason) {
  auto a = load(id);
  if (!a) return a;
  if (auto st = may_maintain(actor, a->unit, "prenotify"); !st) return fail(st.error());
  const auto& kb = policy_for_unit(a->unit).knowledge_base;
  const std::string& art = kb.prenotice_before.article;
  // R18: with interpretation material or answer guides.
  bool has_guide = false;
  for (const auto& rel : a->content.related) {
    auto r = store_.load_article(rel);
    if (!r) return fail(r.error());
    if (*r &&
        ((*r)->type == ArticleType::kInterpretation || (*r)->type == ArticleType::kAnswerScript) &&
        (*r)->status != ArticleStatus::kWithdrawn)
      has_guide = true;
  }
  if (!has_guide) {
    return fail(Error::refused(
        "KB-4", art,
        "a pre-notice comes with interpretation material or answer guides: relate an "
        "interpretation or answer script to the article",
        "预通报应当提供解读资料或者答复指南，请关联业务解读或答复口径条目"));
  }
  const Instant now = clock_.now();
  auto latest = latest_before(calendar_, public_from, kb.prenotice_before.value);
  if (!latest) return fail(latest.error());
  a->public_interest = true;
  a->prenotified_at = now;
  a->public_from = public_from;
  std::vector<ArticleChange> changes = {change(*a, actor, "prenotify", reason, false, "KB-4", art)};
  KnowledgeCommit extra;
  KnowledgeNotice notice{0,
                         "office",
                         now,
                         "prenotice",
                         a->id,
                         a->unit + "预通报政策《" + a->content.title + "》，拟于" +
                             format_iso8601(public_from) + "公开发布"};
  extra.notices.push_back(notice);
  if (now > *latest) {
    // Too late: recorded as it happened, and the unit goes under supervision
    // (KB-9 [M22(5)]).
    extra.supervisions.push_back(supervision(
        a->unit, "KB-4", "M22(5), " + art, a->id,
        "pre-notice less than " + kb.prenotice_before.value.describe() + " before publication",
        "政策预通报距公开发布不足" + kb.prenotice_before.value.describe_zh()));
    changes.back().reason += changes.back().reason.empty() ? "late" : " (late)";
  }
  if (auto st = save(*a, std::move(changes), std::move(extra)); !st) return fail(st.error());
  return a;
}

Result<Article> KnowledgeService::get(const std::optional<Actor>& actor, const std::string& id) {
  auto a = load(id);
  if (!a) return a;
  if (is_applicant(actor) || !is_staff(actor->role)) {
    if (!a->visible_to_applicants(clock_.now())) return fail(not_found(id));
    a->revision.reset();
    return a;
  }
  return a;
}

Result<std::vector<ArticleChange>> KnowledgeService::history(const Actor& actor,
                                                             const std::string& id) {
  if (!is_staff(actor.role)) return fail(not_found(id));
  auto a = load(id);
  if (!a) return fail(a.error());
  return store_.history(id);
}

Result<std::vector<Article>> KnowledgeService::list(const Actor& actor,
                                                    const ArticleFilter& filter) {
  if (!is_staff(actor.role)) {
    return fail(Error::forbidden("KB-1", "R15", "listing articles is for staff; applicants search",
                                 "诉求人请使用检索"));
  }
  return store_.list_articles(filter);
}

Result<ArticleCitation> KnowledgeService::cite(const std::string& id) {
  auto a = load(id);
  if (!a) return fail(a.error());
  if (!a->is_current(clock_.now())) {
    return fail(Error::refused("RET-4", "T8(3)4",
                               "a return may cite only a published, current article; " + id +
                                   " is " + std::string(to_string(a->status)),
                               "退单引用的知识库条目须为已发布且在有效期内"));
  }
  return ArticleCitation{a->id, a->content.title, a->unit, a->version,
                         "/api/v1/kb/articles/" + a->id};
}

}  // namespace hotline
