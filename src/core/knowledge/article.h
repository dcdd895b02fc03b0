#pragma once
// Knowledge-base articles (KB-1, KB-2 [M20, R15, R16]): the authoritative
// answers agents give on the spot (TRI-7) and applicants can look up.
//
// An article belongs to a unit (KB-3 [R17]), has a type (KB-2), a place in
// the catalogue (a path of names, "社会保障/医疗保险"), tags, and the elements
// R16 asks for: legal basis, scope, subjects, conditions, related articles and
// frequently asked questions. Its life: draft → in review (by the office) →
// published → withdrawn. A published article keeps serving its text while a
// revision of it is drafted and reviewed. Every change is recorded as an
// ArticleChange (who, role, unit, when, what, why, rule, article) with a
// snapshot of the content whenever the content changed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy/policy.h"
#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline {

std::string_view article_type_chinese(ArticleType t);
std::optional<ArticleType> parse_article_type_any(std::string_view s);  // wire or Chinese name

enum class ArticleStatus { kDraft, kInReview, kPublished, kWithdrawn };
std::string_view to_string(ArticleStatus s);
std::string_view to_chinese(ArticleStatus s);
std::optional<ArticleStatus> parse_article_status(std::string_view s);

// Who may read a published article. Answer scripts and event scripts are
// internal by default: agents read them out, applicants never see them.
enum class Audience { kPublic, kInternal };
std::string_view to_string(Audience a);
std::optional<Audience> parse_audience(std::string_view s);
Audience default_audience(ArticleType t);

struct Faq {
  std::string question;
  std::string answer;
  friend bool operator==(const Faq&, const Faq&) = default;
};

// What a version of an article says.
struct ArticleContent {
  std::string title;
  std::string body;                  // 正文
  std::string legal_basis;           // 政策依据
  std::string scope;                 // 适用范围
  std::string subjects;              // 适用对象
  std::string conditions;            // 办理条件
  std::vector<std::string> related;  // ids of related articles
  std::vector<Faq> faq;              // 常见问题
  std::vector<std::string> tags;
  std::string catalogue;  // node path, names joined by '/': "社会保障/医疗保险"
  friend bool operator==(const ArticleContent&, const ArticleContent&) = default;

  // Every piece of text, for screening (KB-6) and indexing.
  std::vector<std::string_view> texts() const;
};

// A change of a published article being worked on.
struct Revision {
  ArticleContent content;
  bool in_review = false;
  Instant since{};
  std::string by;  // actor id who started it
};

struct Article {
  std::string id;  // stable, ASCII: "kb.medical-insurance.outpatient" or "KB000123"
  ArticleType type = ArticleType::kServiceGuide;
  std::string unit;  // owning unit (KB-3 [R17])
  Audience audience = Audience::kPublic;
  ArticleStatus status = ArticleStatus::kDraft;
  ArticleContent content;  // the current version; published text while published
  std::optional<Revision> revision;
  int version = 1;  // content version, +1 for every accepted content change

  Instant created_at{};
  Instant updated_at{};
  std::optional<Instant> published_at;
  std::optional<Instant> valid_until;  // KB-5 [R19]
  std::optional<Instant> confirmed_at;
  std::optional<Instant> reminded_at;  // expiry reminder sent for this validity period
  std::optional<Instant> withdrawn_at;

  // KB-4 [R18, M21, T29]: a policy closely related to the public interest.
  // The office is notified before the policy goes public; applicants see the
  // article only from `public_from`.
  bool public_interest = false;
  std::optional<Instant> public_from;
  std::optional<Instant> prenotified_at;

  std::int64_t revision_number = 0;  // store version, for optimistic concurrency

  bool is_published() const { return status == ArticleStatus::kPublished; }
  // Published and not past its validity at `now`.
  bool is_current(Instant now) const;
  // What an applicant may read at `now` (KB-1): current, public, and past its
  // public date for a pre-notified policy.
  bool visible_to_applicants(Instant now) const;
};

// One line of an article's history (who changed what and when, and why).
struct ArticleChange {
  std::string article;
  std::int64_t sequence = 0;  // 1, 2, … within the article
  Instant at{};
  Actor actor;
  std::string action;  // "create", "edit", "submit", "approve", "reject", "publish", …
  std::string reason;
  std::string rule;         // SPEC ID when a rule drove it ("KB-5")
  std::string article_ref;  // regulation article ("R19")
  int version = 0;          // content version after the change
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<ArticleContent> content;  // snapshot when the content changed
};

// The catalogue path and all its ancestors: "a/b/c" → {"a", "a/b", "a/b/c"}.
std::vector<std::string> catalogue_ancestors(std::string_view path);
// Trims each segment; rejects empty segments. "" stays "".
Result<std::string> normalise_catalogue(std::string_view path);

}  // namespace hotline
