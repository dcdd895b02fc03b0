#pragma once
// What SqliteSecurityStore and PgSecurityStore share beyond SQL: the check
// of the text they are asked to store, and the verification of the audit log
// they keep (SEC-2). Header-only, as the rest of adapters/storage.

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/audit_log.h"
#include "core/ports/store_checks.h"
#include "core/result.h"
#include "core/security/audit.h"

namespace hotline::security_store {

// Refuses, before anything is written, text no store can keep
// (core/ports/store_checks.h); the field is "text", as this store has always named it.
inline Status check_text(std::initializer_list<std::string_view> texts) {
  for (std::string_view t : texts) {
    if (!is_storable_text(t)) {
      return fail(Error::invalid("text", "is not valid UTF-8 or holds NUL",
                                 "文本不是有效的 UTF-8 或含有空字符"));
    }
  }
  return {};
}

// Every entry of `log`, then verify_audit_chain with `hasher`; a log chained
// with another key or function says so instead of reporting every entry as
// edited.
inline Result<AuditVerification> verify_audit_log(AuditLog& log, const AuditHasher& hasher,
                                                  std::span<const AuditAnchor> anchors) {
  auto alg = log.chain_algorithm();
  if (!alg) return fail(alg.error());
  if (!alg->empty() && *alg != hasher.algorithm()) {
    return fail(Error::invalid("key",
                               "the audit log is chained with " + *alg + ", not " +
                                   hasher.algorithm() + "; give the data key it was started with",
                               "审计日志使用的密钥与当前配置不同"));
  }
  std::vector<AuditEntry> all;
  for (std::int64_t after = 0;;) {
    // Pages by storage order, so a renumbered entry is still read.
    auto page = log.read(after, 10000);
    if (!page) return fail(page.error());
    if (page->empty()) break;
    after = page->back().sequence;
    for (auto& e : *page) all.push_back(std::move(e));
  }
  return verify_audit_chain(
      all,
      [&](std::string_view prev, std::string_view canonical) {
        return hasher.chain(prev, canonical);
      },
      anchors);
}

}  // namespace hotline::security_store
