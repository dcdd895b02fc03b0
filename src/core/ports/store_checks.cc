#include "core/ports/store_checks.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/text.h"

namespace hotline {

bool is_storable_text(std::string_view text) {
  return is_valid_utf8(text) && text.find('\0') == std::string_view::npos;
}

Status check_stored_text(std::string_view field, std::string_view text) {
  if (is_storable_text(text)) return {};
  return fail(Error::invalid(std::string(field), "is not valid UTF-8 or holds NUL",
                             "文本不是有效的 UTF-8 或含有空字符"));
}

Status check_stored_texts(std::string_view field, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto st = check_stored_text(std::string(field) + "[" + std::to_string(i) + "]", items[i]);
        !st) {
      return st;
    }
  }
  return {};
}

Status check_stored_fields(
    std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  for (const auto& [field, text] : fields) {
    if (auto st = check_stored_text(field, text); !st) return st;
  }
  return {};
}

Status check_append(const std::vector<StreamAppend>& batch,
                    const std::vector<WorkOrderSummary>& summaries) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const StreamAppend& append = batch[i];
    const std::string where = "batch[" + std::to_string(i) + "]";
    if (append.stream.empty()) {
      return fail(Error::invalid(where + ".stream", "empty stream name", "流名称为空"));
    }
    if (append.expected_version < 0) {
      return fail(
          Error::invalid(where + ".expected_version", "must not be negative", "版本号不能为负"));
    }
    for (std::size_t j = 0; j < append.events.size(); ++j) {
      const Event& e = append.events[j];
      const std::string field = where + ".events[" + std::to_string(j) + "]";
      if (e.stream != append.stream) {
        return fail(Error::invalid(field + ".stream", "event belongs to stream " + e.stream,
                                   "事件不属于该流"));
      }
      const std::int64_t want = append.expected_version + static_cast<std::int64_t>(j) + 1;
      if (e.version != want) {
        return fail(
            Error::invalid(field + ".version",
                           "is " + std::to_string(e.version) + ", expected " + std::to_string(want),
                           "事件版本号不连续"));
      }
      for (const std::string* text :
           {&e.stream, &e.actor.id, &e.actor.unit, &e.reason, &e.article}) {
        if (!is_storable_text(*text)) {
          return fail(Error::invalid(field, "text is not valid UTF-8 or holds NUL",
                                     "文本不是有效的 UTF-8 或含有空字符"));
        }
      }
    }
  }
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const WorkOrderSummary& s = summaries[i];
    const std::string field = "summaries[" + std::to_string(i) + "]";
    if (s.id.empty()) return fail(Error::invalid(field + ".id", "empty id", "工单编号为空"));
    for (const std::string* text :
         {&s.id, &s.request, &s.lead_unit, &s.handling_unit, &s.policy_profile}) {
      if (!is_storable_text(*text)) {
        return fail(Error::invalid(field, "text is not valid UTF-8 or holds NUL",
                                   "文本不是有效的 UTF-8 或含有空字符"));
      }
    }
  }
  return {};
}

Status check_units(const std::vector<Unit>& units) {
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string field = "units[" + std::to_string(i) + "]";
    if (units[i].id.empty() || !is_storable_text(units[i].id) || !is_storable_text(units[i].name)) {
      return fail(Error::invalid(field + ".id", "empty or not UTF-8", "单位编号为空或编码无效"));
    }
    if (!ids.insert(units[i].id).second) {
      return fail(Error::invalid(field + ".id", "repeats " + units[i].id, "单位编号重复"));
    }
  }
  return {};
}

Result<std::vector<std::size_t>> units_parents_first(const std::vector<Unit>& units) {
  if (auto st = check_units(units); !st) return fail(st.error());
  std::vector<std::size_t> order;
  order.reserve(units.size());
  std::set<std::string, std::less<>> placed;
  std::vector<bool> done(units.size(), false);
  while (order.size() < units.size()) {
    const std::size_t before = order.size();
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (done[i]) continue;
      const auto& parent = units[i].parent;
      if (!parent || placed.count(*parent) != 0) {
        order.push_back(i);
        placed.insert(units[i].id);
        done[i] = true;
      }
    }
    if (order.size() == before) {
      const auto i =
          static_cast<std::size_t>(std::find(done.begin(), done.end(), false) - done.begin());
      return fail(Error::invalid("units[" + std::to_string(i) + "].parent",
                                 "unknown parent or a cycle of parents",
                                 "上级单位不存在或形成循环"));
    }
  }
  return order;
}

Status check_audit_record(const AuditRecord& r) {
  for (std::string_view t :
       {std::string_view(r.actor.id), std::string_view(r.actor.unit), std::string_view(r.action),
        std::string_view(r.target), std::string_view(r.detail), std::string_view(r.remote)}) {
    if (!is_storable_text(t)) {
      return fail(Error::invalid("text", "is not valid UTF-8 or holds NUL",
                                 "文本不是有效的 UTF-8 或含有空字符"));
    }
  }
  return {};
}

Status check_audit_records(const AuditHasher* hasher, std::span<const AuditRecord> records) {
  if (records.empty()) return {};
  if (hasher == nullptr) return fail(no_audit_log());
  for (const AuditRecord& r : records) {
    if (auto st = check_audit_record(r); !st) return st;
  }
  return {};
}

Error no_audit_log() {
  return Error::internal(
      "this store keeps no audit log: a command's audit entries cannot commit with its events");
}

}  // namespace hotline
