#pragma once
// What the SQLite and PostgreSQL oversight stores share apart from their SQL
// (EVA-2, EVA-4): the text checks made before a write, a circulation's lists
// kept in one column a line each, and a row's columns read back into a
// record, so both stores keep and return the same thing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/oversight/records.h"
#include "core/ports/store_checks.h"

namespace hotline::oversight_rows {

// Work-order ids and indicator names, a line each (check_circulation
// refuses an item holding a newline).
inline std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}
inline std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto nl = s.find('\n');
    out.emplace_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

inline Status check_lines(std::string_view field, const std::vector<std::string>& items) {
  if (auto st = check_stored_texts(field, items); !st) return st;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].find('\n') != std::string::npos) {
      return fail(Error::invalid(std::string(field) + "[" + std::to_string(i) + "]",
                                 "holds a line break", "不能包含换行符"));
    }
  }
  return {};
}

inline Status check_circulation(const oversight::Circulation& c) {
  for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"unit", &c.unit},
                                    {"month", &c.month},
                                    {"article", &c.article},
                                    {"reason", &c.reason},
                                    {"recorded_by.id", &c.recorded_by.id},
                                    {"recorded_by.unit", &c.recorded_by.unit}}) {
    if (auto st = check_stored_text(field, *text); !st) return st;
  }
  if (auto st = check_lines("work_orders", c.work_orders); !st) return st;
  return check_lines("indicators", c.indicators);
}

inline Status check_opinion(const oversight::Opinion& o) {
  if (auto st = check_stored_text("author", o.author); !st) return st;
  if (auto st = check_stored_text("work_order", o.work_order); !st) return st;
  return check_stored_text("text", o.text);
}

inline Status check_answer(std::string_view answer, std::string_view answered_by) {
  if (auto st = check_stored_text("answer", answer); !st) return st;
  return check_stored_text("answered_by", answered_by);
}

// A circulation row as a store read it; instants in seconds since the epoch.
struct CirculationColumns {
  std::int64_t id = 0;
  std::string_view unit, month, kind, ground, article, reason, work_orders, indicators, recorded_by,
      recorded_role, recorded_unit;
  std::int64_t recorded_at = 0;
};

inline Result<oversight::Circulation> read_circulation(const CirculationColumns& row) {
  oversight::Circulation c;
  c.id = row.id;
  auto kind = oversight::parse_circulation_kind(row.kind);
  auto ground = oversight::parse_circulation_ground(row.ground);
  auto role = parse_role(row.recorded_role);
  if (!kind || !ground || !role) {
    return fail(Error::storage("circulation " + std::to_string(c.id) + " has an unknown kind"));
  }
  c.unit = row.unit;
  c.month = row.month;
  c.kind = *kind;
  c.ground = *ground;
  c.article = row.article;
  c.reason = row.reason;
  c.work_orders = split_lines(row.work_orders);
  c.indicators = split_lines(row.indicators);
  c.recorded_by = Actor{std::string(row.recorded_by), *role, std::string(row.recorded_unit)};
  c.recorded_at = Instant{Seconds{row.recorded_at}};
  return c;
}

// An opinion row; `answered_at` set once it is answered.
struct OpinionColumns {
  std::int64_t id = 0;
  std::string_view author, work_order, text;
  std::int64_t created_at = 0;
  std::string_view answer, answered_by;
  std::optional<std::int64_t> answered_at;
};

inline oversight::Opinion read_opinion(const OpinionColumns& row) {
  oversight::Opinion o;
  o.id = row.id;
  o.author = row.author;
  o.work_order = row.work_order;
  o.text = row.text;
  o.created_at = Instant{Seconds{row.created_at}};
  if (row.answered_at) {
    o.status = oversight::OpinionStatus::kAnswered;
    o.answer = row.answer;
    o.answered_by = row.answered_by;
    o.answered_at = Instant{Seconds{*row.answered_at}};
  }
  return o;
}

}  // namespace hotline::oversight_rows
