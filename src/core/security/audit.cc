#include "core/security/audit.h"

#include <set>

namespace hotline {
namespace {

void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string canonical_audit_entry(const AuditRecord& r) {
  std::string out = "hotline-audit-v1\n";
  field(out, std::to_string(r.at.time_since_epoch().count()));
  field(out, r.actor.id);
  field(out, to_string(r.actor.role));
  field(out, r.actor.unit);
  field(out, r.action);
  field(out, r.target);
  field(out, r.detail);
  field(out, r.remote);
  field(out, r.success ? "ok" : "failed");
  return out;
}

std::string_view to_string(AuditProblem p) {
  switch (p) {
    case AuditProblem::kNone:
      return "intact";
    case AuditProblem::kEdited:
      return "edited";
    case AuditProblem::kRemoved:
      return "removed";
    case AuditProblem::kReordered:
      return "reordered";
    case AuditProblem::kAnchorMismatch:
      return "anchor-mismatch";
  }
  return "?";
}

AuditVerification verify_audit_chain(std::span<const AuditEntry> entries, const ChainHash& hash) {
  return verify_audit_chain(entries, hash, {});
}

AuditVerification verify_audit_chain(std::span<const AuditEntry> entries, const ChainHash& hash,
                                     std::span<const AuditAnchor> anchors) {
  AuditVerification v;
  v.entries = static_cast<std::int64_t>(entries.size());
  v.head_hash = kAuditGenesisHash;
  const auto bad = [&](AuditProblem p, std::int64_t seq, std::string why) {
    v.problem = p;
    v.bad_sequence = seq;
    v.explanation = "entry " + std::to_string(seq) + ": " + std::move(why);
    return v;
  };
  std::set<std::string, std::less<>> hashes;  // of every entry, to tell moved from missing
  for (const auto& e : entries) hashes.insert(e.hash);

  std::string prev(kAuditGenesisHash);
  std::int64_t expected_sequence = 1;
  for (const AuditEntry& e : entries) {
    const std::string seq = std::to_string(e.sequence);
    if (hash(e.prev_hash, canonical_audit_entry(e.record)) != e.hash) {
      return bad(AuditProblem::kEdited, e.sequence, "its content does not match its hash (edited)");
    }
    if (e.prev_hash != prev) {
      if (e.sequence > expected_sequence) {
        return bad(AuditProblem::kRemoved, expected_sequence,
                   "missing: entry " + seq + " follows entry " +
                       std::to_string(expected_sequence - 1) + " (removed)");
      }
      if (hashes.contains(e.prev_hash)) {
        return bad(AuditProblem::kReordered, e.sequence,
                   "intact but out of place: the entry it follows comes later (reordered)");
      }
      return bad(AuditProblem::kRemoved, e.sequence,
                 "does not follow the entry before it: an entry was removed before it "
                 "(or the previous entry was rewritten)");
    }
    if (e.sequence != expected_sequence) {
      // Linked correctly but numbered out of turn: the sequence column was edited.
      return bad(AuditProblem::kReordered, e.sequence,
                 "numbered out of turn (expected " + std::to_string(expected_sequence) + ")");
    }
    prev = e.hash;
    ++expected_sequence;
  }
  v.head_hash = prev;
  for (const AuditAnchor& a : anchors) {
    const bool found = a.sequence >= 1 && a.sequence <= v.entries &&
                       entries[static_cast<std::size_t>(a.sequence - 1)].hash == a.hash;
    if (!found) {
      return bad(AuditProblem::kAnchorMismatch, a.sequence,
                 "the anchored hash is not in the log (entries at or after it were removed or "
                 "rewritten)");
    }
  }
  return v;
}

}  // namespace hotline
