#include "core/ports/store_checks.h"

#include <set>
#include <string>

#include "core/text.h"

namespace hotline {

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
        if (!is_valid_utf8(*text)) {
          return fail(Error::invalid(field, "text is not valid UTF-8", "文本不是有效的 UTF-8"));
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
      if (!is_valid_utf8(*text)) {
        return fail(Error::invalid(field, "text is not valid UTF-8", "文本不是有效的 UTF-8"));
      }
    }
  }
  return {};
}

Status check_units(const std::vector<Unit>& units) {
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string field = "units[" + std::to_string(i) + "]";
    if (units[i].id.empty() || !is_valid_utf8(units[i].id) || !is_valid_utf8(units[i].name)) {
      return fail(Error::invalid(field + ".id", "empty or not UTF-8", "单位编号为空或编码无效"));
    }
    if (!ids.insert(units[i].id).second) {
      return fail(Error::invalid(field + ".id", "repeats " + units[i].id, "单位编号重复"));
    }
  }
  return {};
}

Error no_audit_log() {
  return Error::internal(
      "this store keeps no audit log: a command's audit entries cannot commit with its events");
}

}  // namespace hotline
