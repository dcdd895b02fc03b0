#include "application/triage.h"

#include <type_traits>

#include "application/operation_table.h"

namespace hotline {

using nlohmann::json;

namespace {

struct TriageAnswers {
  template <typename A>
  static json schema(const A* a) {
    return triage_ops::answer_schema(a);
  }
  template <typename A>
  static json render(const A& a, const triage_ops::Caller& caller) {
    return triage_ops::render(a, caller);
  }
};

}  // namespace

Triage::Triage(TriageContext context, PrivacyGuard* guard)
    : context_(std::move(context)), guard_(guard) {}

const std::vector<TriageOperationEntry>& Triage::operations() {
  static const std::vector<TriageOperationEntry> kTable =
      operation_table::generate<TriageContext, TriageAnswers>(
          std::type_identity<triage_ops::TriageOperations>{});
  return kTable;
}

const TriageOperationEntry* Triage::find(std::string_view name) {
  return operation_table::find(operations(), name);
}

Status Triage::admit(std::string_view name, const OperationCall& call) {
  const TriageOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  return operation_table::admit(guard_, *entry, call);
}

Result<json> Triage::execute(std::string_view name, const OperationCall& call) {
  const TriageOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  return operation_table::execute(guard_, *entry, context_, call);
}

}  // namespace hotline
