#pragma once
// The audit log's entries and their hash chain (SEC-2 [M27, R28, C30]).
//
// Each entry's hash is H(prev_hash ‖ canonical(entry)), prev_hash being the
// hash of the entry before it (64 zeros for the first). The canonical form is
// version-tagged and length-prefixed, so no two different entries share one
// (docs/security.md#audit-chain). The sequence number is storage order, not
// part of the hash: a moved entry still hashes correctly but no longer
// follows its predecessor, which is how a reordering is told apart from an
// edit. Verification is pure: the hash function is given.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline {

// What happened, as the caller reports it (no secrets: never a password,
// token, key or, in `detail`, personal data itself).
struct AuditRecord {
  Instant at{};
  Actor actor;         // who, role, unit
  std::string action;  // "login", "read-personal-data", "command:accept", "user-add" …
  std::string target;  // request number, work order id, username …
  std::string detail;  // e.g. "disclosure=masked", "outcome=refused: SEC-2"
  std::string remote;  // peer address, "cli" for the command line
  bool success = true;
};

// SEC-2 [M27]: a change's audit entry, handed to the store that commits the
// change so that it commits in the same transaction: a command's events
// (the engine), a dispatch-catalogue change (triage). No change stands
// without it. An empty target is filled by whoever knows it first (a
// registration's new request number, a new catalogue entry's id).
struct CommandAudit {
  AuditRecord record;
  bool committed = false;  // set once the entry stood with the change
};

struct AuditEntry {
  std::int64_t sequence = 0;  // 1, 2, 3 … in append order
  AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// "hotline-audit-v1\n" then each field as "<byte length>:<bytes>\n".
std::string canonical_audit_entry(const AuditRecord& record);

using ChainHash =
    std::function<std::string(std::string_view prev_hash, std::string_view canonical)>;

enum class AuditProblem {
  kNone,
  kEdited,          // the entry's content no longer gives its hash
  kRemoved,         // an entry before it is missing (sequence gap or broken link)
  kReordered,       // the entry is intact but out of place
  kAnchorMismatch,  // an externally recorded (sequence, hash) is no longer in the chain
};
std::string_view to_string(AuditProblem p);

struct AuditVerification {
  std::int64_t entries = 0;
  AuditProblem problem = AuditProblem::kNone;
  std::int64_t bad_sequence = 0;  // the first entry found wrong
  std::string explanation;        // English, names the entry
  std::string head_hash;          // hash of the last entry (to anchor elsewhere)

  bool intact() const { return problem == AuditProblem::kNone; }
};

// Checks the entries, in storage order, from the start of the log.
AuditVerification verify_audit_chain(std::span<const AuditEntry> entries, const ChainHash& hash);

struct AuditAnchor {
  std::int64_t sequence = 0;
  std::string hash;
};
// Also checks an anchor recorded earlier outside the database, which finds
// the truncation of the log's tail that a chain alone cannot show.
AuditVerification verify_audit_chain(std::span<const AuditEntry> entries, const ChainHash& hash,
                                     std::span<const AuditAnchor> anchors);

}  // namespace hotline
