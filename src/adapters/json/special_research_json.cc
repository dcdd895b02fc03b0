#include "adapters/json/special_research_json.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/ports/store_checks.h"

namespace hotline {
namespace {

using nlohmann::json;
using namespace hotline::analysis;

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

Status check_texts(const SpecialResearch& r) {
  auto at = [](const char* list, std::size_t i, const char* member) {
    return std::string(list) + "[" + std::to_string(i) + "]." + member;
  };
  for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"id", &r.id},
                                    {"title", &r.title},
                                    {"problem", &r.problem},
                                    {"opened_by", &r.opened_by},
                                    {"article", &r.article}}) {
    if (auto st = check_stored_text(field, *text); !st) return st;
  }
  if (auto st = check_stored_texts("clusters", r.clusters); !st) return st;
  if (auto st = check_stored_texts("units", r.units); !st) return st;
  for (std::size_t i = 0; i < r.decisions.size(); ++i) {
    const ResearchDecision& d = r.decisions[i];
    if (auto st = check_stored_text(at("decisions", i, "text"), d.text); !st) return st;
    if (auto st = check_stored_text(at("decisions", i, "decided_by"), d.decided_by); !st) {
      return st;
    }
  }
  for (std::size_t i = 0; i < r.follow_ups.size(); ++i) {
    const FollowUpItem& f = r.follow_ups[i];
    if (auto st = check_stored_text(at("follow_ups", i, "task"), f.task); !st) return st;
    if (auto st = check_stored_text(at("follow_ups", i, "unit"), f.unit); !st) return st;
    if (auto st = check_stored_text(at("follow_ups", i, "result"), f.result); !st) return st;
  }
  for (std::size_t i = 0; i < r.history.size(); ++i) {
    const ResearchChange& h = r.history[i];
    if (auto st = check_stored_text(at("history", i, "actor"), h.actor); !st) return st;
    if (auto st = check_stored_text(at("history", i, "action"), h.action); !st) return st;
    if (auto st = check_stored_text(at("history", i, "reason"), h.reason); !st) return st;
  }
  return {};
}

json encode(const SpecialResearch& r) {
  json decisions = json::array();
  for (const auto& d : r.decisions) {
    decisions.push_back({{"number", d.number},
                         {"text", d.text},
                         {"decided_by", d.decided_by},
                         {"decided_at", seconds(d.decided_at)}});
  }
  json follow_ups = json::array();
  for (const auto& f : r.follow_ups) {
    follow_ups.push_back({{"number", f.number},
                          {"task", f.task},
                          {"unit", f.unit},
                          {"due", seconds(f.due)},
                          {"status", std::string(to_string(f.status))},
                          {"result", f.result},
                          {"done_at", f.done_at ? json(seconds(*f.done_at)) : json()}});
  }
  json history = json::array();
  for (const auto& h : r.history) {
    history.push_back(
        {{"at", seconds(h.at)}, {"actor", h.actor}, {"action", h.action}, {"reason", h.reason}});
  }
  return {{"id", r.id},
          {"title", r.title},
          {"problem", r.problem},
          {"clusters", r.clusters},
          {"units", r.units},
          {"status", std::string(to_string(r.status))},
          {"opened_by", r.opened_by},
          {"opened_at", seconds(r.opened_at)},
          {"decisions", decisions},
          {"follow_ups", follow_ups},
          {"history", history},
          {"version", r.version},
          {"article", r.article}};
}

SpecialResearch decode(const json& j) {
  SpecialResearch r;
  r.id = j.at("id").get<std::string>();
  r.title = j.at("title").get<std::string>();
  r.problem = j.at("problem").get<std::string>();
  r.clusters = j.at("clusters").get<std::vector<std::string>>();
  r.units = j.at("units").get<std::vector<std::string>>();
  r.status =
      parse_research_status(j.at("status").get<std::string>()).value_or(ResearchStatus::kOpen);
  r.opened_by = j.at("opened_by").get<std::string>();
  r.opened_at = instant(j.at("opened_at").get<std::int64_t>());
  for (const auto& d : j.at("decisions")) {
    r.decisions.push_back({d.at("number").get<int>(), d.at("text").get<std::string>(),
                           d.at("decided_by").get<std::string>(),
                           instant(d.at("decided_at").get<std::int64_t>())});
  }
  for (const auto& f : j.at("follow_ups")) {
    FollowUpItem item;
    item.number = f.at("number").get<int>();
    item.task = f.at("task").get<std::string>();
    item.unit = f.at("unit").get<std::string>();
    item.due = instant(f.at("due").get<std::int64_t>());
    item.status =
        parse_follow_up_status(f.at("status").get<std::string>()).value_or(FollowUpStatus::kOpen);
    item.result = f.at("result").get<std::string>();
    if (!f.at("done_at").is_null()) item.done_at = instant(f.at("done_at").get<std::int64_t>());
    r.follow_ups.push_back(std::move(item));
  }
  for (const auto& h : j.at("history")) {
    r.history.push_back({instant(h.at("at").get<std::int64_t>()), h.at("actor").get<std::string>(),
                         h.at("action").get<std::string>(), h.at("reason").get<std::string>()});
  }
  r.version = j.at("version").get<std::int64_t>();
  r.article = j.at("article").get<std::string>();
  return r;
}

}  // namespace

Result<std::string> encode_special_research(const SpecialResearch& record) {
  if (auto st = check_texts(record); !st) return fail(st.error());
  if (auto seq = special_research_sequence(record.id); !seq) return fail(seq.error());
  return encode(record).dump();
}

Result<SpecialResearch> decode_special_research(std::string_view body) {
  try {
    return decode(json::parse(body));
  } catch (const std::exception& e) {
    return fail(Error::storage(std::string("special research record unreadable: ") + e.what()));
  }
}

Result<std::int64_t> special_research_sequence(std::string_view id) {
  const auto dash = id.find('-');
  std::int64_t sequence = 0;
  if (dash != std::string_view::npos) {
    const std::string_view digits = id.substr(dash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
      return sequence;
    }
  }
  return fail(Error::invalid("id", "is not a special research number (SR-000001)",
                             "专题研究编号格式不正确"));
}

}  // namespace hotline
