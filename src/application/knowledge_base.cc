#include "application/knowledge_base.h"

#include <type_traits>
#include <utility>

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

KnowledgeBase::KnowledgeBase(KnowledgeService& service, PrivacyGuard* guard, Atomically atomically)
    : service_(service), guard_(guard) {
  if (!atomically) return;
  atomically_ = [this, atomically = std::move(atomically)](const std::function<Status()>& body) {
    Status st = atomically(body);
    // The search index is written as the store commits, so a storage
    // failure that rolled the transaction back may have left it ahead of
    // the store. Refusals write nothing and cost nothing here.
    if (!st &&
        (st.error().code == ErrorCode::kStorage || st.error().code == ErrorCode::kInternal)) {
      (void)service_.reindex();
    }
    return st;
  };
}

const std::vector<KnowledgeOperationEntry>& KnowledgeBase::operations() {
  static const std::vector<KnowledgeOperationEntry> kTable =
      operation_table::generate<KnowledgeService, KnowledgeAnswers>(
          std::type_identity<kb::KnowledgeOperations>{});
  return kTable;
}

const KnowledgeOperationEntry* KnowledgeBase::find(std::string_view name) {
  return operation_table::find(operations(), name);
}

Status KnowledgeBase::admit(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
  return operation_table::admit(guard_, *entry, call);
}

Result<json> KnowledgeBase::execute(std::string_view name, const OperationCall& call) {
  const KnowledgeOperationEntry* entry = find(name);
  HOTLINE_ASSERT(entry != nullptr);
  return operation_table::execute(guard_, *entry, service_, call, atomically_);
}

Result<json> KnowledgeBase::import(const OperationCall& call, kb::ImportArticles articles) {
  const KnowledgeOperationEntry* entry = find(kb::ImportArticles::kSpec.name);
  HOTLINE_ASSERT(entry != nullptr);
  return operation_table::execute_typed<KnowledgeAnswers>(guard_, *entry, service_, call,
                                                          std::move(articles), atomically_);
}

}  // namespace hotline
