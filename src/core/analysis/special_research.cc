#include "core/analysis/special_research.h"

#include <algorithm>
#include <cstdio>

#include "core/security/visibility.h"
#include "core/text.h"

namespace hotline::analysis {

std::string_view to_string(ResearchStatus s) {
  return s == ResearchStatus::kOpen ? "open" : "closed";
}
std::string_view to_chinese(ResearchStatus s) {
  return s == ResearchStatus::kOpen ? "研究中" : "已办结";
}
std::optional<ResearchStatus> parse_research_status(std::string_view s) {
  if (s == "open") return ResearchStatus::kOpen;
  if (s == "closed") return ResearchStatus::kClosed;
  return std::nullopt;
}
std::string_view to_string(FollowUpStatus s) {
  return s == FollowUpStatus::kOpen ? "open" : "done";
}
std::string_view to_chinese(FollowUpStatus s) {
  return s == FollowUpStatus::kOpen ? "待落实" : "已落实";
}
std::optional<FollowUpStatus> parse_follow_up_status(std::string_view s) {
  if (s == "open") return FollowUpStatus::kOpen;
  if (s == "done") return FollowUpStatus::kDone;
  return std::nullopt;
}

namespace {

Error not_found(const std::string& id) {
  return Error::not_found("special research " + id, "未找到该专题研究");
}

// A required text of at most `max` characters.
Status text_field(const std::string& value, const char* field, std::size_t max,
                  const char* name_zh) {
  if (!is_valid_utf8(value) || trim(value).empty() || code_points(value) > max) {
    return fail(Error::invalid(
        field, "required, valid UTF-8, at most " + std::to_string(max) + " characters",
        std::string(name_zh) + "须填写，且不超过" + std::to_string(max) + "字"));
  }
  return {};
}

Status reason_field(const std::string& reason) { return text_field(reason, "reason", 500, "理由"); }

}  // namespace

SpecialResearchService::SpecialResearchService(ResearchStore& store,
                                               const Organisation& organisation, const Clock& clock,
                                               ClusterCheck clusters)
    : store_(store), organisation_(organisation), clock_(clock), clusters_(std::move(clusters)) {}

bool SpecialResearchService::may_steer(const Actor& a) const {
  return a.role == Role::kSupervisor || a.role == Role::kDispatcher ||
         a.role == Role::kAdministrator;
}

bool SpecialResearchService::may_see(const Actor& a, const SpecialResearch& r) const {
  if (sees_all_work_orders(a.role)) return true;
  if (!is_unit_role(a.role) || organisation_.find(a.unit) == nullptr) return false;
  const auto mine = [&](const std::string& u) { return organisation_.is_within(u, a.unit); };
  if (std::any_of(r.units.begin(), r.units.end(), mine)) return true;
  return std::any_of(r.follow_ups.begin(), r.follow_ups.end(),
                     [&](const FollowUpItem& f) { return mine(f.unit); });
}

Result<SpecialResearch> SpecialResearchService::load_for(const Actor& actor,
                                                         const std::string& id) {
  auto found = store_.find(id);
  if (!found) return fail(found.error());
  if (!*found || !may_see(actor, **found)) return fail(not_found(id));
  return std::move(**found);
}

Result<SpecialResearch> SpecialResearchService::commit(SpecialResearch record, const Actor& actor,
                                                       std::string action, std::string reason,
                                                       CommandAudit* audit) {
  const std::int64_t expected = record.version;
  record.history.push_back({clock_.now(), actor.id, std::move(action), std::move(reason)});
  ++record.version;
  if (auto st = store_.save(record, expected, audit); !st) return fail(st.error());
  return record;
}

Result<SpecialResearch> SpecialResearchService::open(const Actor& actor, const OpenResearch& in,
                                                     const std::string& reason,
                                                     CommandAudit* audit) {
  if (!may_steer(actor)) {
    return fail(Error::forbidden("ANA-3", "C25", "only the office opens a special research",
                                 "专题研究由热线工作机构发起"));
  }
  if (auto st = text_field(in.title, "title", 200, "标题"); !st) return fail(st.error());
  if (auto st = text_field(in.problem, "problem", 5000, "问题描述"); !st) return fail(st.error());
  if (auto st = reason_field(reason); !st) return fail(st.error());
  if (in.clusters.empty() && in.units.empty()) {
    return fail(Error::invalid("clusters", "name at least one cluster or unit",
                               "请至少关联一个聚类或单位"));
  }
  for (std::size_t i = 0; i < in.clusters.size(); ++i) {
    if (clusters_ && !clusters_(in.clusters[i])) {
      return fail(Error::invalid("clusters[" + std::to_string(i) + "]",
                                 "no cluster has the request " + in.clusters[i],
                                 "未找到该聚类：" + in.clusters[i]));
    }
  }
  for (std::size_t i = 0; i < in.units.size(); ++i) {
    if (organisation_.find(in.units[i]) == nullptr) {
      return fail(Error::invalid("units[" + std::to_string(i) + "]", "unknown unit " + in.units[i],
                                 "未知单位：" + in.units[i]));
    }
  }
  auto seq = store_.next_sequence();
  if (!seq) return fail(seq.error());
  char id[32];
  std::snprintf(id, sizeof id, "SR-%06lld", static_cast<long long>(*seq));
  SpecialResearch r;
  r.id = id;
  r.title = in.title;
  r.problem = in.problem;
  r.clusters = in.clusters;
  r.units = in.units;
  r.opened_by = actor.id;
  r.opened_at = clock_.now();
  return commit(std::move(r), actor, "opened", reason, audit);
}

Result<SpecialResearch> SpecialResearchService::decide(const Actor& actor, const std::string& id,
                                                       const std::string& text,
                                                       const std::string& reason,
                                                       CommandAudit* audit) {
  auto r = load_for(actor, id);
  if (!r) return fail(r.error());
  if (!may_steer(actor)) {
    return fail(Error::forbidden("ANA-3", "C25", "only the office records decisions",
                                 "决定由热线工作机构记录"));
  }
  if (r->status == ResearchStatus::kClosed) {
    return fail(
        Error::refused("ANA-3", "C25", "the special research is closed", "该专题研究已办结"));
  }
  if (auto st = text_field(text, "text", 5000, "决定内容"); !st) return fail(st.error());
  if (auto st = reason_field(reason); !st) return fail(st.error());
  r->decisions.push_back({static_cast<int>(r->decisions.size()) + 1, text, actor.id, clock_.now()});
  return commit(std::move(*r), actor, "decided", reason, audit);
}

Result<SpecialResearch> SpecialResearchService::add_follow_up(const Actor& actor,
                                                              const std::string& id,
                                                              const NewFollowUp& in,
                                                              const std::string& reason,
                                                              CommandAudit* audit) {
  auto r = load_for(actor, id);
  if (!r) return fail(r.error());
  if (!may_steer(actor)) {
    return fail(Error::forbidden("ANA-3", "C25", "only the office assigns follow-up items",
                                 "跟进事项由热线工作机构交办"));
  }
  if (r->status == ResearchStatus::kClosed) {
    return fail(
        Error::refused("ANA-3", "C25", "the special research is closed", "该专题研究已办结"));
  }
  if (auto st = text_field(in.task, "task", 2000, "跟进事项"); !st) return fail(st.error());
  if (organisation_.find(in.unit) == nullptr) {
    return fail(Error::invalid("unit", "unknown unit " + in.unit, "未知单位：" + in.unit));
  }
  if (in.due <= clock_.now()) {
    return fail(Error::invalid("due", "the deadline must be in the future", "期限须晚于当前时间"));
  }
  if (auto st = reason_field(reason); !st) return fail(st.error());
  FollowUpItem f;
  f.number = static_cast<int>(r->follow_ups.size()) + 1;
  f.task = in.task;
  f.unit = in.unit;
  f.due = in.due;
  r->follow_ups.push_back(std::move(f));
  return commit(std::move(*r), actor, "follow-up-added", reason, audit);
}

Result<SpecialResearch> SpecialResearchService::complete_follow_up(const Actor& actor,
                                                                   const std::string& id,
                                                                   int number,
                                                                   const std::string& result,
                                                                   CommandAudit* audit) {
  auto r = load_for(actor, id);
  if (!r) return fail(r.error());
  auto it = std::find_if(r->follow_ups.begin(), r->follow_ups.end(),
                         [&](const FollowUpItem& f) { return f.number == number; });
  if (it == r->follow_ups.end()) {
    return fail(Error::not_found("follow-up " + std::to_string(number), "未找到该跟进事项"));
  }
  // The office, or the staff of the unit that carries it out (or above it).
  const bool own = is_unit_role(actor.role) && organisation_.is_within(it->unit, actor.unit);
  if (!may_steer(actor) && !own) {
    return fail(Error::forbidden("ANA-3", "C26",
                                 "only the office or the unit that carries it out reports it done",
                                 "仅热线工作机构或承办该事项的单位可报告落实情况"));
  }
  if (it->status == FollowUpStatus::kDone) {
    return fail(
        Error::refused("ANA-3", "C26", "the follow-up item is done already", "该跟进事项已落实"));
  }
  if (auto st = text_field(result, "result", 5000, "落实情况"); !st) return fail(st.error());
  it->status = FollowUpStatus::kDone;
  it->result = result;
  it->done_at = clock_.now();
  const std::string what = "follow-up " + std::to_string(number) + ": " + result;
  return commit(std::move(*r), actor, "follow-up-done", what, audit);
}

Result<SpecialResearch> SpecialResearchService::close(const Actor& actor, const std::string& id,
                                                      const std::string& reason,
                                                      CommandAudit* audit) {
  auto r = load_for(actor, id);
  if (!r) return fail(r.error());
  if (!may_steer(actor)) {
    return fail(Error::forbidden("ANA-3", "C25", "only the office closes a special research",
                                 "专题研究由热线工作机构办结"));
  }
  if (r->status == ResearchStatus::kClosed) {
    return fail(Error::refused("ANA-3", "C25", "the special research is closed already",
                               "该专题研究已办结"));
  }
  for (const FollowUpItem& f : r->follow_ups) {
    if (f.status == FollowUpStatus::kOpen) {
      return fail(Error::refused(
          "ANA-3", "C25",
          "follow-up item " + std::to_string(f.number) + " is still open; close it first",
          "跟进事项" + std::to_string(f.number) + "尚未落实，不能办结"));
    }
  }
  if (auto st = reason_field(reason); !st) return fail(st.error());
  r->status = ResearchStatus::kClosed;
  return commit(std::move(*r), actor, "closed", reason, audit);
}

Result<SpecialResearch> SpecialResearchService::get(const Actor& actor, const std::string& id) {
  return load_for(actor, id);
}

Result<std::vector<SpecialResearch>> SpecialResearchService::list(
    const Actor& actor, std::optional<ResearchStatus> status) {
  if (!sees_all_work_orders(actor.role) && !is_unit_role(actor.role)) {
    return fail(Error::forbidden("ANA-3", "C25", "this role sees no special research",
                                 "该角色无权查看专题研究"));
  }
  auto all = store_.list();
  if (!all) return fail(all.error());
  std::vector<SpecialResearch> out;
  for (auto& r : *all) {
    if (status && r.status != *status) continue;
    if (may_see(actor, r)) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hotline::analysis
