#include "core/triage/catalogue.h"

#include <algorithm>

#include "core/enum_table.h"
#include "core/text.h"

namespace hotline::triage {
namespace {

constexpr EnumTable<CatalogueAction, 3> kActions{{
    {CatalogueAction::kAdd, "add", "新增"},
    {CatalogueAction::kChange, "change", "修改"},
    {CatalogueAction::kRetire, "retire", "停用"},
}};

Error entry_error(const std::string& field, std::string message, std::string message_zh,
                  std::string rule = "DIS-2", std::string article = "R7") {
  Error e = Error::refused(std::move(rule), std::move(article), std::move(message),
                           std::move(message_zh));
  e.field = field;
  return e;
}

Status check_unit(const std::string& field, const std::string& unit_id, const CatalogueEntry& e,
                  const Organisation& org) {
  if (unit_id == kStreetOfRequest) {
    if (e.functional) {
      return fail(entry_error(field,
                              "a functional department's matter may not go to the street of the "
                              "request (grassroots)",
                              "应当由职能部门承办的诉求事项不得分派给基层（街道）", "DIS-6", "R8"));
    }
    return {};
  }
  if (unit_id == kDistrictOfRequest) return {};
  const Unit* u = org.find(unit_id);
  if (u == nullptr) {
    return fail(
        entry_error(field, "unknown unit \"" + unit_id + "\"", "未知的单位“" + unit_id + "”"));
  }
  if (!u->active || !u->is_undertaking()) {
    return fail(entry_error(field, "unit \"" + unit_id + "\" cannot undertake work orders",
                            "单位“" + unit_id + "”不能承办工单"));
  }
  if (e.functional && u->is_grassroots()) {
    return fail(entry_error(field,
                            "a functional department's matter may not be dispatched to the "
                            "grassroots unit \"" +
                                unit_id + "\"",
                            "应当由职能部门承办的诉求事项不得分派给基层单位“" + unit_id + "”",
                            "DIS-6", "R8"));
  }
  return {};
}

int depth(std::string_view category) {
  return static_cast<int>(std::count(category.begin(), category.end(), '/')) + 1;
}

std::string resolve(const std::string& unit, const CatalogueQuery& q) {
  if (unit == kDistrictOfRequest) return q.district;
  if (unit == kStreetOfRequest) return q.street;
  return unit;
}

}  // namespace

std::string_view to_string(CatalogueAction a) { return enum_name(kActions, a); }
std::optional<CatalogueAction> parse_catalogue_action(std::string_view s) {
  return enum_parse(kActions, s);
}

bool category_within(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

Status validate_entry(const CatalogueEntry& e, const Organisation& org) {
  if (e.id.empty() || e.id.size() > 100 || !std::all_of(e.id.begin(), e.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
      })) {
    return fail(entry_error("id", "an entry id is 1-100 characters of a-z, 0-9, '.', '-', '_'",
                            "目录条目编号须为1至100个小写字母、数字或“.-_”"));
  }
  const std::string_view cat = trim(e.category);
  if (cat.empty() || cat != e.category || !is_valid_utf8(e.category) ||
      e.category.find("//") != std::string::npos || e.category.front() == '/' ||
      e.category.back() == '/') {
    return fail(entry_error("category", "a category path such as 城乡建设/物业管理 is required",
                            "须填写事项分类路径，如“城乡建设/物业管理”"));
  }
  if (!e.district.empty()) {
    const Unit* d = org.find(e.district);
    if (d == nullptr || d->kind != UnitKind::kDistrictGovernment) {
      return fail(entry_error("district", "\"" + e.district + "\" is not a district government",
                              "“" + e.district + "”不是区人民政府"));
    }
  }
  if (!e.street.empty()) {
    const Unit* s = org.find(e.street);
    if (s == nullptr || s->kind != UnitKind::kStreet) {
      return fail(entry_error("street", "\"" + e.street + "\" is not a street",
                              "“" + e.street + "”不是街道"));
    }
    if (!e.district.empty() && s->district != e.district) {
      return fail(entry_error("street", "street \"" + e.street + "\" is not in " + e.district,
                              "街道“" + e.street + "”不属于" + e.district));
    }
  }
  if (e.lead.empty()) {
    return fail(entry_error("lead", "a lead unit is required", "须指定主办单位"));
  }
  if (auto s = check_unit("lead", e.lead, e, org); !s) return s;
  for (std::size_t i = 0; i < e.assisting.size(); ++i) {
    const std::string field = "assisting[" + std::to_string(i) + "]";
    if (auto s = check_unit(field, e.assisting[i], e, org); !s) return s;
    if (e.assisting[i] == e.lead) {
      return fail(entry_error(field, "the lead unit cannot also assist",
                              "主办单位不能同时为协办单位", "DIS-4", "R8"));
    }
  }
  for (const auto& k : e.keywords) {
    if (trim(k).empty() || !is_valid_utf8(k)) {
      return fail(entry_error("keywords", "keywords may not be empty", "关键词不能为空"));
    }
  }
  if (!e.exception_of.empty() && e.exception_of == e.id) {
    return fail(entry_error("exception_of", "an entry cannot be an exception to itself",
                            "条目不能作为自身的例外"));
  }
  return {};
}

Result<DispatchCatalogue> DispatchCatalogue::replay(const std::vector<CatalogueChange>& log) {
  DispatchCatalogue c;
  for (const auto& change : log) {
    if (auto s = c.apply(change); !s) return fail(s.error());
  }
  return c;
}

const CatalogueEntry* DispatchCatalogue::find(std::string_view id) const {
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

namespace {

// R7: the office of hotline keeps the catalogue (with the undertaking units):
// those of its staff who dispatch or manage — not the call agents or
// return-visit agents, whose work the catalogue steers. Checked before the
// entry is read (SEC-2: the role first).
Status check_maintainer(const Actor& actor) {
  const bool maintains = actor.role == Role::kDispatcher || actor.role == Role::kSupervisor ||
                         actor.role == Role::kAdministrator || actor.role == Role::kSystem;
  if (maintains) return {};
  return fail(Error::forbidden(
      "DIS-2", "R7",
      "the dispatch catalogue is maintained by the office's dispatchers, supervisors and "
      "administrators",
      "派单目录由热线工作机构的派单员、督办员和系统管理员维护"));
}

}  // namespace

Result<CatalogueChange> DispatchCatalogue::make(CatalogueAction action,
                                                std::optional<CatalogueEntry> before,
                                                std::optional<CatalogueEntry> after,
                                                const Actor& actor, std::string reason,
                                                Instant at) const {
  if (trim(reason).empty()) {
    return fail(Error::invalid("reason", "say why the catalogue changes", "须说明目录变更原因"));
  }
  CatalogueChange c;
  c.sequence = static_cast<std::int64_t>(log_.size()) + 1;
  c.at = at;
  c.actor = actor;
  c.action = action;
  c.entry_id = after ? after->id : before->id;
  c.before = std::move(before);
  c.after = std::move(after);
  c.reason = std::move(reason);
  return c;
}

Result<CatalogueChange> DispatchCatalogue::add(CatalogueEntry entry, const Organisation& org,
                                               const Actor& actor, std::string reason,
                                               Instant at) const {
  if (auto s = check_maintainer(actor); !s) return fail(s.error());
  if (auto s = validate_entry(entry, org); !s) return fail(s.error());
  if (find(entry.id) != nullptr) {
    Error e = Error::conflict("catalogue entry \"" + entry.id + "\" exists; change it instead",
                              "目录条目“" + entry.id + "”已存在，请使用修改");
    e.field = "id";
    return fail(std::move(e));
  }
  if (!entry.exception_of.empty()) {
    const CatalogueEntry* base = find(entry.exception_of);
    if (base == nullptr) {
      return fail(entry_error("exception_of", "unknown entry \"" + entry.exception_of + "\"",
                              "例外所针对的条目“" + entry.exception_of + "”不存在"));
    }
    if (!category_within(entry.category, base->category)) {
      return fail(
          entry_error("exception_of",
                      "an exception covers part of its entry's category (" + base->category + ")",
                      "例外条目的分类须在所针对条目的分类（" + base->category + "）之内"));
    }
  }
  entry.active = true;
  return make(CatalogueAction::kAdd, std::nullopt, std::move(entry), actor, std::move(reason), at);
}

Result<CatalogueChange> DispatchCatalogue::change(CatalogueEntry entry, const Organisation& org,
                                                  const Actor& actor, std::string reason,
                                                  Instant at) const {
  if (auto s = check_maintainer(actor); !s) return fail(s.error());
  const CatalogueEntry* old = find(entry.id);
  if (old == nullptr) {
    return fail(Error::not_found("catalogue entry \"" + entry.id + "\"",
                                 "目录条目“" + entry.id + "”不存在"));
  }
  if (!old->active) {
    return fail(entry_error("id", "entry \"" + entry.id + "\" is retired; add a new one",
                            "目录条目“" + entry.id + "”已停用，请新增条目"));
  }
  if (auto s = validate_entry(entry, org); !s) return fail(s.error());
  entry.active = true;
  if (entry == *old) {
    return fail(Error::invalid("entry", "nothing changes", "条目内容没有变化"));
  }
  return make(CatalogueAction::kChange, *old, std::move(entry), actor, std::move(reason), at);
}

Result<CatalogueChange> DispatchCatalogue::retire(std::string_view id, const Actor& actor,
                                                  std::string reason, Instant at) const {
  if (auto s = check_maintainer(actor); !s) return fail(s.error());
  const CatalogueEntry* old = find(id);
  if (old == nullptr) {
    return fail(Error::not_found("catalogue entry \"" + std::string(id) + "\"",
                                 "目录条目“" + std::string(id) + "”不存在"));
  }
  if (!old->active) {
    return fail(
        Error::conflict("entry \"" + std::string(id) + "\" is retired already", "目录条目已停用"));
  }
  CatalogueEntry after = *old;
  after.active = false;
  return make(CatalogueAction::kRetire, *old, std::move(after), actor, std::move(reason), at);
}

Status DispatchCatalogue::apply(const CatalogueChange& change) {
  if (change.sequence != static_cast<std::int64_t>(log_.size()) + 1) {
    return fail(Error::conflict("catalogue change " + std::to_string(change.sequence) +
                                    " does not follow change " + std::to_string(log_.size()),
                                "目录变更序号不连续"));
  }
  if (!change.after) return fail(Error::invalid("after", "a change records the entry after it"));
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const CatalogueEntry& e) { return e.id == change.entry_id; });
  if (change.action == CatalogueAction::kAdd) {
    if (it != entries_.end()) return fail(Error::conflict("entry " + change.entry_id + " exists"));
    entries_.push_back(*change.after);
  } else {
    if (it == entries_.end()) return fail(Error::not_found("entry " + change.entry_id));
    *it = *change.after;
  }
  log_.push_back(change);
  return {};
}

std::vector<CatalogueMatch> DispatchCatalogue::match(const CatalogueQuery& q) const {
  std::vector<CatalogueMatch> out;
  for (const auto& e : entries_) {
    if (!e.active || !category_within(q.category, e.category)) continue;
    if (!e.district.empty() && e.district != q.district) continue;
    if (!e.street.empty() && e.street != q.street) continue;
    if (!e.keywords.empty() &&
        std::none_of(e.keywords.begin(), e.keywords.end(),
                     [&](const std::string& k) { return q.text.find(k) != std::string::npos; })) {
      continue;
    }
    CatalogueMatch m;
    m.entry = &e;
    m.lead = resolve(e.lead, q);
    if (m.lead.empty()) continue;  // {street} with no street known
    for (const auto& a : e.assisting) {
      std::string unit = resolve(a, q);
      if (!unit.empty() && unit != m.lead) m.assisting.push_back(std::move(unit));
    }
    // Category depth first; then a keyword exception (it names the matter
    // itself: heating, gas …) over a place; then street over district.
    m.specificity = depth(e.category) * 100 + (!e.keywords.empty() ? 40 : 0) +
                    (!e.street.empty()     ? 20
                     : !e.district.empty() ? 10
                                           : 0) +
                    (!e.exception_of.empty() ? 1 : 0);
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const CatalogueMatch& a, const CatalogueMatch& b) {
    return a.specificity > b.specificity;
  });
  return out;
}

}  // namespace hotline::triage
