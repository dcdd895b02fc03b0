#include "core/knowledge/knowledge_service.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/calendar/deadline_clock.h"
#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline {
namespace {

bool is_applicant(const std::optional<Actor>& actor) {
  return !actor || actor->role == Role::kApplicant;
}

bool is_reviewer(Role r) {
  return r == Role::kAdministrator || r == Role::kSupervisor || r == Role::kDispatcher;
}

bool is_staff(Role r) { return is_office_role(r) || is_unit_role(r); }

Status check_id(const std::string& id) {
  if (id.empty() || id.size() > 128) {
    return fail(Error::invalid("id", "an article id has 1 to 128 characters",
                               "条目编号长度应为1至128个字符"));
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) {
      return fail(Error::invalid("id", "an article id uses ASCII letters, digits, '.', '-' and '_'",
                                 "条目编号只能包含字母、数字、点、横线和下划线"));
    }
  }
  return {};
}

Status check_content(ArticleContent& c) {
  for (auto text : c.texts()) {
    if (!is_valid_utf8(text)) {
      return fail(
          Error::invalid("content", "text is not valid UTF-8", "文本不是有效的 UTF-8 编码"));
    }
  }
  if (trim(c.title).empty()) {
    return fail(Error::invalid("title", "an article needs a title", "条目需要标题"));
  }
  if (trim(c.body).empty() && c.faq.empty()) {
    return fail(Error::invalid("body", "an article needs a body or questions and answers",
                               "条目需要正文或常见问题解答"));
  }
  auto catalogue = normalise_catalogue(c.catalogue);
  if (!catalogue) return fail(catalogue.error());
  c.catalogue = std::move(*catalogue);
  return check_no_sensitive_content(c);  // KB-6 [R20]
}

// An article with only what decides its validity period.
Article shell(ArticleType type, const std::string& unit) {
  Article a;
  a.type = type;
  a.unit = unit;
  return a;
}

Error not_found(const std::string& id) {
  return Error::not_found("article " + id, "知识条目不存在：" + id);
}

struct Month {
  int year = 0;
  unsigned month = 0;
};

Result<Month> parse_month(const std::string& text) {
  if (text.size() != 7 || text[4] != '-') {
    return fail(Error::invalid("month", "a month is written YYYY-MM", "月份格式应为 YYYY-MM"));
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (text[i] < '0' || text[i] > '9') {
      return fail(Error::invalid("month", "a month is written YYYY-MM", "月份格式应为 YYYY-MM"));
    }
  }
  Month m{std::stoi(text.substr(0, 4)), static_cast<unsigned>(std::stoi(text.substr(5, 2)))};
  if (m.month < 1 || m.month > 12) {
    return fail(Error::invalid("month", "month out of range", "月份超出范围"));
  }
  return m;
}

std::string format_month(Month m) {
  std::string mm = std::to_string(m.month);
  if (mm.size() < 2) mm.insert(0, "0");
  return std::to_string(m.year) + "-" + mm;
}

Month next_month(Month m) {
  return m.month == 12 ? Month{m.year + 1, 1} : Month{m.year, m.month + 1};
}
Month previous_month(Month m) {
  return m.month == 1 ? Month{m.year - 1, 12} : Month{m.year, m.month - 1};
}

LocalDate first_day(Month m) {
  return std::chrono::sys_days{std::chrono::year{m.year} / std::chrono::month{m.month} /
                               std::chrono::day{1}};
}

Month month_of(Instant t) {
  const std::chrono::year_month_day ymd{local_date(t)};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

}  // namespace

KnowledgeService::KnowledgeService(KnowledgeStore& store, ArticleIndex& index, const Clock& clock,
                                   const WorkingDayCalendar& calendar, const PolicySet& policies,
                                   const Organisation& organisation, KnowledgeOptions options)
    : store_(store),
      index_(index),
      clock_(clock),
      calendar_(calendar),
      policies_(policies),
      organisation_(organisation),
      options_(std::move(options)) {}

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
  if (!st) last_index_error_ = st.error();
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
  if (!st) last_index_error_ = st.error();
  return {};
}

Result<std::vector<std::vector<std::string>>> KnowledgeService::synonyms() {
  return store_.load_synonyms();
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
  last_index_error_.reset();
  return n;
}

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
    if (!st) last_index_error_ = st.error();
  }
  if (auto st = index_.flush(); !st) last_index_error_ = st.error();
  return outcomes;
}

// ---------------------------------------------------------------------------
// Update requests (KB-3)

Result<UpdateRequest> KnowledgeService::request_update(const Actor& actor, const std::string& unit,
                                                       UpdateKind kind, const std::string& article,
                                                       const std::string& text, bool emergency) {
  if (!is_reviewer(actor.role)) {
    return fail(Error::forbidden("KB-3", "R17", "update requests come from the office of hotline",
                                 "知识信息需求由热线工作机构提出"));
  }
  const Unit* u = organisation_.find(unit);
  if (!u || !u->is_undertaking()) {
    return fail(Error::invalid("unit", "no undertaking unit " + unit, "承办单位不存在：" + unit));
  }
  if (trim(text).empty()) {
    return fail(Error::invalid("text", "say what is to be added or corrected", "请说明需求内容"));
  }
  if (kind != UpdateKind::kAdd) {
    auto a = load(article);
    if (!a) return fail(a.error());
    if (a->unit != unit && !organisation_.is_within(a->unit, unit)) {
      return fail(Error::invalid("article", "article " + article + " belongs to " + a->unit,
                                 "该条目不属于该单位"));
    }
  }
  const Instant now = clock_.now();
  const auto& kb = policy_for_unit(unit).knowledge_base;
  const auto& period = emergency ? kb.emergency_update_within : kb.update_within;
  auto due = add_period(calendar_, now, period.value);
  if (!due) return fail(due.error());
  auto id = next_id("knowledge-request", "KR");
  if (!id) return fail(id.error());
  UpdateRequest r;
  r.id = *id;
  r.unit = unit;
  r.kind = kind;
  r.article = article;
  r.text = text;
  r.emergency = emergency;
  r.requested_at = now;
  r.due = *due;
  r.due_article = period.article;
  r.steps.push_back({now, actor, "requested", text, "KB-3", period.article});
  KnowledgeCommit c;
  c.requests.push_back({r});
  c.notices.push_back({0, unit, now, "update-request", r.id,
                       "热线工作机构提出知识信息" + std::string(to_chinese(kind)) + "需求，请于" +
                           format_iso8601(r.due) + "前完成：" + text});
  if (auto st = store_.commit(c); !st) return fail(st.error());
  r.revision_number = 1;
  return r;
}

Result<UpdateRequest> KnowledgeService::complete_request(const Actor& actor, const std::string& id,
                                                         const std::string& article,
                                                         const std::string& note) {
  auto loaded = store_.load_request(id);
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return fail(Error::not_found("update request " + id, "知识信息需求不存在"));
  UpdateRequest r = std::move(**loaded);
  if (auto st = may_maintain(actor, r.unit, "complete requests for"); !st) return fail(st.error());
  if (!r.is_open()) {
    return fail(Error::conflict("update request " + id + " is " + std::string(to_string(r.status)),
                                "该需求已办结"));
  }
  const std::string target = article.empty() ? r.article : article;
  auto a = load(target);
  if (!a) return fail(a.error());
  if (!organisation_.is_within(a->unit, r.unit)) {
    return fail(Error::invalid("article", "article " + target + " is not the unit's",
                               "该条目不属于本单位"));
  }
  // The article must show the unit's work since the request. R17 完成增补、
  // 修改: an addition or correction is done when the text is submitted for
  // the office's review or published, not while it is a draft.
  auto changes = store_.history(target);
  if (!changes) return fail(changes.error());
  bool worked = false;
  for (const auto& c : *changes) {
    if (c.at < r.requested_at) continue;
    const bool delivered = c.action == "submit" || c.action == "approve" ||
                           (c.action == "import" && c.status != ArticleStatus::kDraft);
    const bool fits =
        ((r.kind == UpdateKind::kAdd || r.kind == UpdateKind::kCorrect) && delivered) ||
        (r.kind == UpdateKind::kConfirm && (c.action == "confirm" || c.action == "approve")) ||
        (r.kind == UpdateKind::kWithdraw && c.action == "withdraw");
    worked = worked || fits;
  }
  if (!worked) {
    return fail(Error::refused("KB-3", r.due_article,
                               "article " + target + " shows no " + std::string(to_string(r.kind)) +
                                   " since the request was made",
                               "条目" + target + "在需求提出后没有相应的" +
                                   std::string(to_chinese(r.kind)) +
                                   "记录（增补、修改须提交审核或已发布，草稿不算完成）"));
  }
  const Instant now = clock_.now();
  r.done_at = now;
  r.result_article = target;
  r.status = now > r.due ? UpdateRequestStatus::kDoneLate : UpdateRequestStatus::kDone;
  r.steps.push_back({now, actor, "done", note, "KB-3", r.due_article});
  KnowledgeCommit c;
  c.requests.push_back({r});
  if (r.status == UpdateRequestStatus::kDoneLate) {
    // The sweep may not have seen it yet; supervision is recorded once.
    bool recorded = false;
    for (const auto& s : r.steps) recorded = recorded || s.action == "overdue";
    if (!recorded) {
      c.supervisions.push_back(supervision(r.unit, "KB-3", "M22(5), " + r.due_article, r.id,
                                           "update request done after its deadline",
                                           "知识信息需求超期完成"));
    }
  }
  if (auto st = store_.commit(c); !st) return fail(st.error());
  r.revision_number += 1;
  return r;
}

Result<std::vector<UpdateRequest>> KnowledgeService::requests(const Actor& actor,
                                                              const RequestFilter& filter) {
  RequestFilter f = filter;
  if (is_unit_role(actor.role)) {
    f.unit = actor.unit;
  } else if (!is_office_role(actor.role)) {
    return fail(Error::forbidden("KB-3", "R17", "update requests are for the office and units",
                                 "无权查看知识信息需求"));
  }
  return store_.list_requests(f);
}

// ---------------------------------------------------------------------------
// Monthly reports (KB-8)

std::vector<std::string> KnowledgeService::reporting_units() const {
  if (!options_.monthly_report_units.empty()) return options_.monthly_report_units;
  std::vector<std::string> out;
  for (const auto& u : organisation_.units()) {
    if (u.kind != UnitKind::kHandlingUnit || !u.active) continue;
    const auto& kb = policy_for_unit(u.id).knowledge_base;
    if (kb.monthly_kb_report_last_day) out.push_back(u.id);
  }
  return out;
}

Result<std::optional<Instant>> KnowledgeService::report_due(const std::string& unit,
                                                            ReportKind kind,
                                                            const std::string& month) const {
  auto m = parse_month(month);
  if (!m) return fail(m.error());
  const auto& kb = policy_for_unit(unit).knowledge_base;
  // T31(1): the KB report on last month, by day N of this month; T31(2): the
  // training report of this month, by day N. Never postponed for holidays.
  const auto& day = kind == ReportKind::kKnowledgeBase ? kb.monthly_kb_report_last_day
                                                       : kb.monthly_training_report_last_day;
  if (!day) return std::optional<Instant>{};
  const Month due_month = kind == ReportKind::kKnowledgeBase ? next_month(*m) : *m;
  const LocalDate last = first_day(due_month) + std::chrono::days{day->value - 1};
  return std::optional<Instant>{at_local(last + std::chrono::days{1})};
}

Result<MonthlyReport> KnowledgeService::draft_report(const std::string& unit,
                                                     const std::string& month) {
  auto m = parse_month(month);
  if (!m) return fail(m.error());
  MonthlyReport r;
  r.unit = unit;
  r.kind = ReportKind::kKnowledgeBase;
  r.month = format_month(*m);
  auto changes =
      store_.changes_between(at_local(first_day(*m)), at_local(first_day(next_month(*m))));
  if (!changes) return fail(changes.error());
  std::set<std::string> added, changed, withdrawn, confirmed;
  for (const auto& c : *changes) {
    auto a = store_.load_article(c.article);
    if (!a) return fail(a.error());
    if (!*a || !organisation_.is_within((*a)->unit, unit)) continue;
    if (c.action == "create" || (c.action == "import" && c.version == 1)) added.insert(c.article);
    if (c.action == "approve" && c.version > 1) changed.insert(c.article);
    if (c.action == "withdraw" || c.action == "expire") withdrawn.insert(c.article);
    if (c.action == "confirm") confirmed.insert(c.article);
  }
  r.added = static_cast<int>(added.size());
  r.changed = static_cast<int>(changed.size());
  r.withdrawn = static_cast<int>(withdrawn.size());
  r.confirmed = static_cast<int>(confirmed.size());
  return r;
}

Result<MonthlyReport> KnowledgeService::submit_report(const Actor& actor, ReportKind kind,
                                                      const std::string& month,
                                                      const std::string& text, bool no_changes) {
  if (!is_unit_role(actor.role)) {
    return fail(Error::forbidden("KB-8", "T31", "monthly reports are filed by the unit",
                                 "月报表由承办单位报送"));
  }
  auto due = report_due(actor.unit, kind, month);
  if (!due) return fail(due.error());
  if (!*due) {
    return fail(Error::refused(
        "KB-8", "T31",
        "the unit's policy profile has no monthly " + std::string(to_string(kind)) + " report",
        "本单位适用的政策没有该月报表要求"));
  }
  auto existing = store_.report(actor.unit, kind, month);
  if (!existing) return fail(existing.error());
  if (*existing) return fail(Error::conflict("report already filed", "该月报表已报送"));
  MonthlyReport r;
  if (kind == ReportKind::kKnowledgeBase) {
    auto figures = draft_report(actor.unit, month);
    if (!figures) return fail(figures.error());
    r = *figures;
    // T31: a confirmation is needed even with no changes, and "no changes"
    // must be true.
    if (no_changes && (r.added || r.changed || r.withdrawn)) {
      return fail(Error::invalid("no_changes",
                                 "the month has changes: " + std::to_string(r.added) + " added, " +
                                     std::to_string(r.changed) + " changed, " +
                                     std::to_string(r.withdrawn) + " withdrawn",
                                 "本月知识库有变更，不能报送“无变化”"));
    }
  }
  if (!is_valid_utf8(text)) return fail(Error::invalid("text", "not valid UTF-8", "文本编码无效"));
  if (!no_changes && trim(text).empty()) {
    return fail(Error::invalid("text", "a report says what changed, or confirms no changes",
                               "请填写报表内容，或确认本月无变化"));
  }
  r.unit = actor.unit;
  r.kind = kind;
  r.month = month;
  r.submitted_at = clock_.now();
  r.actor = actor;
  r.no_changes = no_changes;
  r.text = text;
  r.late = r.submitted_at > **due;
  KnowledgeCommit c;
  c.reports.push_back(r);
  if (auto st = store_.commit(c); !st) return fail(st.error());
  return r;
}

// ---------------------------------------------------------------------------
// Sweep

Result<KnowledgeSweepReport> KnowledgeService::sweep() {
  const Instant now = clock_.now();
  const Actor system = Actor::system();
  KnowledgeSweepReport report;

  // KB-5 [R19]: withdraw what expired; the unit let it happen (KB-9 [M22(5)]).
  {
    ArticleFilter f;
    f.status = ArticleStatus::kPublished;
    f.valid_until_before = now;
    auto expired = store_.list_articles(f);
    if (!expired) return fail(expired.error());
    for (auto& a : *expired) {
      const auto& validity = policy_for_unit(a.unit).knowledge_base.validity.at(a.type);
      a.status = ArticleStatus::kWithdrawn;
      a.withdrawn_at = now;
      a.revision.reset();
      KnowledgeCommit extra;
      extra.supervisions.push_back(
          supervision(a.unit, "KB-5", "M22(5), " + validity.article, a.id,
                      "article expired without being confirmed or renewed; withdrawn",
                      "知识条目《" + a.content.title + "》到期未确认或更新，已撤销，列入督办"));
      extra.notices.push_back(
          {0, a.unit, now, "supervision", a.id,
           "知识条目《" + a.content.title + "》已过有效期，系统已撤销；本单位列入督办"});
      if (auto st =
              save(a,
                   {change(a, system, "expire", "validity ended " + format_iso8601(*a.valid_until),
                           false, "KB-5", validity.article)},
                   std::move(extra));
          !st)
        return fail(st.error());
      ++report.expired;
      ++report.supervisions;
    }
  }

  // KB-5: remind the owning unit before expiry, once per validity period.
  {
    ArticleFilter f;
    f.status = ArticleStatus::kPublished;
    f.valid_until_before = now + options_.remind_before;
    auto expiring = store_.list_articles(f);
    if (!expiring) return fail(expiring.error());
    for (auto& a : *expiring) {
      if (a.reminded_at) continue;
      const auto& validity = policy_for_unit(a.unit).knowledge_base.validity.at(a.type);
      a.reminded_at = now;
      KnowledgeCommit extra;
      extra.notices.push_back({0, a.unit, now, "expiry-reminder", a.id,
                               "知识条目《" + a.content.title + "》将于" +
                                   format_iso8601(*a.valid_until) + "到期，请确认有效或申请更新"});
      if (auto st = save(a,
                         {change(a, system, "remind", "expires " + format_iso8601(*a.valid_until),
                                 false, "KB-5", validity.article)},
                         std::move(extra));
          !st)
        return fail(st.error());
      ++report.reminded;
    }
  }

  // KB-3 [R17]: requests past their deadline; the unit is supervised (KB-9).
  {
    RequestFilter f;
    f.open_only = true;
    f.due_before = now;
    auto due = store_.list_requests(f);
    if (!due) return fail(due.error());
    for (auto& r : *due) {
      if (r.status != UpdateRequestStatus::kOpen) continue;
      // R17 "在…内完成" includes the due instant, as completion does
      // (complete_request counts late only after it): overdue strictly after.
      if (!(now > r.due)) continue;
      r.status = UpdateRequestStatus::kOverdue;
      r.steps.push_back({now, system, "overdue", "", "KB-3", r.due_article});
      KnowledgeCommit c;
      c.requests.push_back({r});
      c.supervisions.push_back(supervision(r.unit, "KB-3", "M22(5), " + r.due_article, r.id,
                                           "update request not done by " + format_iso8601(r.due),
                                           "知识信息需求未在期限内完成，列入督办"));
      if (auto st = store_.commit(c); !st) return fail(st.error());
      ++report.requests_overdue;
      ++report.supervisions;
    }
  }

  // KB-8 [T31]: monthly reports not filed by their day.
  {
    const Month this_month = month_of(now);
    for (const auto& unit : reporting_units()) {
      std::vector<UnitSupervision> existing;
      bool loaded = false;
      for (auto [kind, month] : {std::pair{ReportKind::kKnowledgeBase, previous_month(this_month)},
                                 std::pair{ReportKind::kTraining, this_month}}) {
        const std::string m = format_month(month);
        auto due = report_due(unit, kind, m);
        if (!due) return fail(due.error());
        if (!*due || now <= **due) continue;
        auto filed = store_.report(unit, kind, m);
        if (!filed) return fail(filed.error());
        if (*filed) continue;
        const std::string subject = "report:" + std::string(to_string(kind)) + ":" + m;
        if (!loaded) {
          auto s = store_.supervisions(unit);
          if (!s) return fail(s.error());
          existing = std::move(*s);
          loaded = true;
        }
        const bool already = std::any_of(existing.begin(), existing.end(),
                                         [&](const auto& s) { return s.subject == subject; });
        if (already) continue;
        const auto& kb = policy_for_unit(unit).knowledge_base;
        const std::string art = kind == ReportKind::kKnowledgeBase
                                    ? kb.monthly_kb_report_last_day->article
                                    : kb.monthly_training_report_last_day->article;
        KnowledgeCommit c;
        c.supervisions.push_back(
            supervision(unit, "KB-8", "M22(5), " + art, subject,
                        std::string(to_string(kind)) + " report for " + m + " not filed by " +
                            format_iso8601(**due),
                        std::string(to_chinese(kind)) + "（" + m + "）未按时报送"));
        c.notices.push_back({0, unit, now, "supervision", subject,
                             std::string(to_chinese(kind)) + "（" + m + "）未按时报送，列入督办"});
        if (auto st = store_.commit(c); !st) return fail(st.error());
        ++report.reports_missed;
        ++report.supervisions;
      }
    }
  }
  return report;
}

Result<std::vector<UnitSupervision>> KnowledgeService::supervisions(
    std::optional<std::string> unit) {
  return store_.supervisions(std::move(unit));
}

Result<std::vector<KnowledgeNotice>> KnowledgeService::notices(std::optional<std::string> unit) {
  return store_.notices(std::move(unit));
}

}  // namespace hotline
