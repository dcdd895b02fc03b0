#include "core/org/organisation.h"

#include <array>
#include <tuple>
#include <utility>

namespace hotline {
namespace {

constexpr std::array<std::tuple<UnitKind, std::string_view, std::string_view>, 10> kKinds{{
    {UnitKind::kHotlineOffice, "hotline-office", "热线工作机构"},
    {UnitKind::kServiceDepartment, "service-department", "市政务服务部门"},
    {UnitKind::kMunicipalDepartment, "municipal-department", "市级部门"},
    {UnitKind::kDistrictGovernment, "district-government", "区人民政府"},
    {UnitKind::kDistrictDepartment, "district-department", "区级部门"},
    {UnitKind::kStreet, "street", "街道（乡镇）"},
    {UnitKind::kPublicUtility, "public-utility", "公共服务企业"},
    {UnitKind::kHandlingUnit, "handling-unit", "经办单位"},
    {UnitKind::kSubCentre, "sub-centre", "热线分中心（双号并行热线）"},
    {UnitKind::kPartnerHotline, "partner-hotline", "协同热线（京津冀）"},
}};

// Ids and profile names end up in URLs, file names and log lines, so they are
// kept to a small ASCII alphabet: "district.heping", "tianjin-transport".
bool is_plain_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool is_blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

// Field names point at a unit by position ("units[3].parent") so that the
// TOML adapter can translate them into file:line.
std::string field_of(std::size_t i, std::string_view key) {
  return "units[" + std::to_string(i) + "]." + std::string(key);
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }
std::string quoted_zh(std::string_view s) { return "“" + std::string(s) + "”"; }

}  // namespace

std::string_view to_string(UnitKind k) {
  for (const auto& [kind, wire, zh] : kKinds) {
    if (kind == k) return wire;
  }
  return "?";
}

std::string_view to_chinese(UnitKind k) {
  for (const auto& [kind, wire, zh] : kKinds) {
    if (kind == k) return zh;
  }
  return "?";
}

std::optional<UnitKind> parse_unit_kind(std::string_view s) {
  for (const auto& [kind, wire, zh] : kKinds) {
    if (wire == s || zh == s) return kind;
  }
  return std::nullopt;
}

Result<Organisation> Organisation::create(std::vector<Unit> units) {
  Organisation org;
  // Pass 1: each unit on its own, and the index (duplicates found here).
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (!is_plain_name(u.id)) {
      return fail(Error::invalid(
          field_of(i, "id"),
          "unit id " + quoted(u.id) + " must be non-empty ASCII letters, digits, '.', '-' or '_'",
          "单位标识" + quoted_zh(u.id) + "不能为空，且只能包含英文字母、数字和 . - _"));
    }
    if (is_blank(u.name)) {
      return fail(Error::invalid(field_of(i, "name"), "unit " + quoted(u.id) + " has no name",
                                 "单位" + quoted_zh(u.id) + "缺少名称"));
    }
    if (!u.policy_profile.empty() && !is_plain_name(u.policy_profile)) {
      return fail(Error::invalid(
          field_of(i, "policy_profile"),
          "policy profile " + quoted(u.policy_profile) + " of unit " + quoted(u.id) +
              " must be empty (default) or ASCII letters, digits, "
              "'.', '-' or '_'",
          "单位" + quoted_zh(u.id) + "的政策配置名称" + quoted_zh(u.policy_profile) + "无效"));
    }
    if (u.parent && *u.parent == u.id) {
      return fail(Error::invalid(field_of(i, "parent"),
                                 "unit " + quoted(u.id) + " is its own parent",
                                 "单位" + quoted_zh(u.id) + "不能以自身为上级单位"));
    }
    auto [it, inserted] = org.index_.emplace(u.id, i);
    if (!inserted) {
      return fail(Error::invalid(field_of(i, "id"), "unit id " + quoted(u.id) + " repeats",
                                 "单位标识" + quoted_zh(u.id) + "重复"));
    }
  }
  org.units_ = std::move(units);
  const auto& all = org.units_;

  // Pass 2: references between units.
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Unit& u = all[i];
    if (u.parent) {
      const Unit* parent = org.find(*u.parent);
      if (parent == nullptr) {
        return fail(Error::invalid(
            field_of(i, "parent"),
            "unit " + quoted(u.id) + " names an unknown parent " + quoted(*u.parent),
            "单位" + quoted_zh(u.id) + "的上级单位" + quoted_zh(*u.parent) + "不存在"));
      }
    }
    if (!u.district.empty()) {
      const Unit* d = org.find(u.district);
      if (d == nullptr || d->kind != UnitKind::kDistrictGovernment) {
        return fail(Error::invalid(
            field_of(i, "district"),
            "unit " + quoted(u.id) + " names " + quoted(u.district) +
                " as its district, which is not a district-government unit",
            "单位" + quoted_zh(u.id) + "所属区" + quoted_zh(u.district) + "不是区人民政府"));
      }
    }
  }

  // Pass 3: cycles. A unit is on a cycle when walking up from it comes back
  // to it; units that merely lead into a cycle are left to its members.
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Unit* cur = &all[i];
    for (std::size_t steps = 0; steps < all.size() && cur->parent; ++steps) {
      cur = org.find(*cur->parent);
      if (cur != &all[i]) continue;
      std::string path = all[i].id;
      do {
        cur = org.find(*cur->parent);
        path += " -> " + cur->id;
      } while (cur != &all[i]);
      return fail(Error::invalid(field_of(i, "parent"), "parents form a cycle: " + path,
                                 "上级单位关系形成循环：" + path));
    }
  }

  // Pass 4: rules that need the whole tree.
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Unit& u = all[i];
    // DIS-7 [M6, T6]: a handling unit works on behalf of an undertaking unit,
    // which stays responsible for the work order.
    if (u.kind == UnitKind::kHandlingUnit) {
      const Unit* parent = u.parent ? org.find(*u.parent) : nullptr;
      if (parent == nullptr || !parent->is_undertaking()) {
        return fail(Error::invalid(
            field_of(i, "parent"),
            "handling unit " + quoted(u.id) +
                " must lie under an undertaking unit (not the office or the service department)",
            "经办单位" + quoted_zh(u.id) + "必须隶属于承办单位"));
      }
    }
    // A unit below a district government serves that district; a different
    // `district` is a typo that would misroute work orders.
    if (!u.district.empty()) {
      for (const Unit* a = u.parent ? org.find(*u.parent) : nullptr; a != nullptr;
           a = a->parent ? org.find(*a->parent) : nullptr) {
        if (a->kind == UnitKind::kDistrictGovernment && a->id != u.district) {
          return fail(Error::invalid(field_of(i, "district"),
                                     "unit " + quoted(u.id) + " lies under " + quoted(a->id) +
                                         " but names " + quoted(u.district) + " as its district",
                                     "单位" + quoted_zh(u.id) + "隶属于" + quoted_zh(a->id) +
                                         "，但所属区填写为" + quoted_zh(u.district)));
        }
      }
    }
  }
  return org;
}

const Unit* Organisation::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &units_[it->second];
}

Result<const Unit*> Organisation::require(std::string_view id) const {
  if (const Unit* u = find(id)) return u;
  return fail(Error::not_found("unit " + quoted(id), "未找到单位" + quoted_zh(id)));
}

std::vector<const Unit*> Organisation::children(std::string_view id) const {
  std::vector<const Unit*> out;
  for (const Unit& u : units_) {
    if (u.parent && *u.parent == id) out.push_back(&u);
  }
  return out;
}

bool Organisation::is_within(std::string_view descendant, std::string_view ancestor) const {
  // create() rules out cycles and unknown parents, so the walk ends at a root.
  for (const Unit* u = find(descendant); u != nullptr; u = u->parent ? find(*u->parent) : nullptr) {
    if (u->id == ancestor) return true;
  }
  return false;
}

std::string Organisation::profile_for(std::string_view id) const {
  for (const Unit* u = find(id); u != nullptr; u = u->parent ? find(*u->parent) : nullptr) {
    if (!u->policy_profile.empty()) return u->policy_profile;
  }
  return {};
}

}  // namespace hotline
