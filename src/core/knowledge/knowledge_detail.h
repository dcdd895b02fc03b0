#pragma once
// Helpers shared by the files of KnowledgeService (knowledge_service.cc and
// the files of each concern: workflow, search, import, update requests,
// reports, sweep). Internal to core/knowledge: nothing outside includes it.

#include <optional>
#include <string>

#include "core/knowledge/article.h"
#include "core/result.h"
#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline::knowledge_detail {

// No actor, or an applicant: sees published, current, public articles only.
bool is_applicant(const std::optional<Actor>& actor);
// The office's reviewers: dispatchers, supervisors, administrators.
bool is_reviewer(Role r);
// Office and unit roles.
bool is_staff(Role r);
// An article id: 1 to 128 ASCII letters, digits, '.', '-', '_'.
Status check_id(const std::string& id);
// Valid UTF-8, a title, a body or FAQ, a normal catalogue path, no personal data (KB-6).
Status check_content(ArticleContent& c);
// An article with only what decides its validity period.
Article shell(ArticleType type, const std::string& unit);
Error not_found(const std::string& id);

struct Month {
  int year = 0;
  unsigned month = 0;
};
Result<Month> parse_month(const std::string& text);  // "2026-03"
std::string format_month(Month m);
Month next_month(Month m);
Month previous_month(Month m);
LocalDate first_day(Month m);
Month month_of(Instant t);

}  // namespace hotline::knowledge_detail
