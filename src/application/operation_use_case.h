#pragma once
// A use case made of typed operations, written once (operation_table.h does
// the work): the table generated from the tuple of operation structs, the
// look-up by name, the admission check before a door reads a body, and the
// execution with its audit entry. Accounts, HolidayCalendar, Analysis,
// Governance and Oversight are this with their context; `Answers` (each
// operations' namespace declares it with HOTLINE_OPERATION_ANSWERS,
// operation.h) renders an answer for the caller and gives its schema.
//
// Thread-safety: no state of its own beyond what the context refers to.

#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "application/operation.h"
#include "application/operation_table.h"

namespace hotline {

template <typename Context, typename Answers, typename Operations>
class OperationUseCase {
 public:
  using Entry = OperationEntry<Context>;

  // `guard` null: no audit (tests of the operations alone). `atomically`:
  // one transaction around a change and its audit entry (else the store
  // commits an entry handed with the call, or the entry follows the change).
  OperationUseCase(Context context, PrivacyGuard* guard, Atomically atomically = {})
      : context_(context), guard_(guard), atomically_(std::move(atomically)) {}

  static const std::vector<Entry>& operations() {
    static const std::vector<Entry> kTable =
        operation_table::generate<Context, Answers>(std::type_identity<Operations>{});
    return kTable;
  }
  // Null for an unknown name.
  static const Entry* find(std::string_view name) {
    return operation_table::find(operations(), name);
  }

  // The caller may call operation `name` (SEC-2); a refused change is audited.
  Status admit(std::string_view name, const OperationCall& call) {
    const Entry* entry = find(name);
    HOTLINE_ASSERT(entry != nullptr);  // doors call the names of the table
    return operation_table::admit(guard_, *entry, call);
  }
  // Checks the caller, reads the call, runs the operation, records the audit
  // entry a change asks for; the answer as the caller may see it.
  Result<nlohmann::json> execute(std::string_view name, const OperationCall& call) {
    const Entry* entry = find(name);
    HOTLINE_ASSERT(entry != nullptr);
    return operation_table::execute(guard_, *entry, context_, call, atomically_);
  }

 private:
  Context context_;
  PrivacyGuard* guard_;
  Atomically atomically_;
};

}  // namespace hotline
