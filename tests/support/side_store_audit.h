#pragma once
// What the contracts of the stores that commit a change with its audit entry
// (oversight, special research, calendar) share: an entry to hand them, a
// second chain hash (an entry chained with it cannot extend a log started
// with TestAuditHasher, so it cannot be written), and reading the log.
//
// Their factories give, besides the store:
//   std::unique_ptr<Port> open(std::shared_ptr<const AuditHasher> hasher);
//       a store on the test's data (again: another process or node on the
//       same data); `hasher` null: it keeps no audit log
//   std::unique_ptr<AuditLog> audit_log(std::shared_ptr<const AuditHasher> hasher);
//       the audit log on the same data, chaining with `hasher`

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/ports/audit_log.h"
#include "support/event_samples.h"
#include "support/test_audit_hasher.h"

namespace hotline::testing {

class OtherAuditHasher final : public AuditHasher {
 public:
  std::string chain(std::string_view prev_hash, std::string_view canonical) const override {
    return TestAuditHasher().chain(canonical, prev_hash);
  }
  std::string algorithm() const override { return "test-other"; }
};

inline CommandAudit command_audit(std::string action, std::string target) {
  CommandAudit audit;
  audit.record.at = at("2026-11-20T09:00:00+08:00");
  audit.record.actor = Actor{"supervisor.li", Role::kSupervisor, "office"};
  audit.record.action = std::move(action);
  audit.record.target = std::move(target);
  audit.record.detail = "𠮷𡒄";
  audit.record.remote = "10.0.0.7";
  audit.record.success = true;
  return audit;
}

// Every entry of `log`, failing the test when it cannot be read.
inline std::vector<AuditEntry> read_entries(AuditLog& log) {
  auto entries = log.read(0, 1000);
  if (!entries) {
    ADD_FAILURE() << entries.error().describe();
    return {};
  }
  return *entries;
}

// Starts the log with one entry chained by TestAuditHasher, as the security
// store's login would; a store given OtherAuditHasher then cannot write.
template <typename Factory>
void start_audit_log(Factory& factory) {
  auto log = factory.audit_log(std::make_shared<TestAuditHasher>());
  ASSERT_NE(log, nullptr);
  AuditRecord first = command_audit("login", "supervisor.li").record;
  auto appended = log->append(first);
  ASSERT_TRUE(appended) << appended.error().describe();
}

}  // namespace hotline::testing
