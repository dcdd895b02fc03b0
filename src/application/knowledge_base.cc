#include "application/knowledge_base.h"

#include <type_traits>

#include "application/operation_table.h"

namespace hotline {

using nlohmann::json;

namespace {

struct KnowledgeAnswers {
  template <typename A>
  static json schema(const A* a) {
    return kb::answer_schema(a);
  }
  template <typename A>
  static json render(const A& a, const kb::Caller& caller) {
    return kb::render(a, caller);
  }
};

}  // namespace

KnowledgeBase::KnowledgeBase(KnowledgeService& service, PrivacyGuard* guard)
    : service_(service), guard_(guard) {}

const std::vector<KnowledgeOperationEntry>& KnowledgeBase::operations() {
  static const std::vector<KnowledgeOperationEntry> kTable =
      operation_table::generate<KnowledgeService, KnowledgeAnswers>(
          std::type_identity<kb::KnowledgeOperations>{});
  return kTable;
}

const KnowledgeOperationEntry* KnowledgeBase::find(std::string_view name) {
  return operation_table::find(operations(), name);
}

void KnowledgeBase::audit(const OperationSpec& spec, const OperationCall& call,
                          const std::string& target, const Status& outcome) {
  audit_operation(guard_, spec, call, target, outcome);
}

Status KnowledgeBase::admit(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  return operation_table::admit(guard_, *entry, call);
}

Result<json> KnowledgeBase::execute(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  return operation_table::execute(guard_, *entry, service_, call);
}

}  // namespace hotline
