#include "core/knowledge/knowledge_detail.h"

#include <chrono>

#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline::knowledge_detail {

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

}  // namespace hotline::knowledge_detail
