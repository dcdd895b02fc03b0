// SPEC: SEC-2 — the audit chain: an edited, a removed and a reordered entry
// are each found and named; an anchor finds a truncated tail. The hash is
// passed in (pure), here a simple stand-in for BLAKE2b.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "core/security/audit.h"

namespace hotline {
namespace {

std::string stand_in_hash(std::string_view prev, std::string_view canonical) {
  return std::to_string(std::hash<std::string>{}(std::string(prev) + "|" + std::string(canonical)));
}

std::vector<AuditEntry> chain_of(int n) {
  std::vector<AuditEntry> out;
  std::string prev(kAuditGenesisHash);
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.sequence = i;
    e.record.at = Instant{Seconds{1'770'000'000 + i}};
    e.record.actor = Actor{"agent.wang", Role::kAgent, "office"};
    e.record.action = "read-personal-data";
    e.record.target = "R" + std::to_string(i);
    e.record.remote = "10.0.0.1";
    e.prev_hash = prev;
    e.hash = stand_in_hash(prev, canonical_audit_entry(e.record));
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(SecurityAudit, SEC_2_AnIntactChainVerifies) {
  const auto entries = chain_of(5);
  const auto v = verify_audit_chain(entries, stand_in_hash);
  EXPECT_TRUE(v.intact()) << v.explanation;
  EXPECT_EQ(v.entries, 5);
  EXPECT_EQ(v.head_hash, entries.back().hash);
  EXPECT_TRUE(verify_audit_chain({}, stand_in_hash).intact());
}

TEST(SecurityAudit, SEC_2_AnEditedEntryIsFound) {
  auto entries = chain_of(5);
  entries[2].record.target = "R999";
  const auto v = verify_audit_chain(entries, stand_in_hash);
  EXPECT_EQ(v.problem, AuditProblem::kEdited);
  EXPECT_EQ(v.bad_sequence, 3);
  EXPECT_NE(v.explanation.find("entry 3"), std::string::npos);
}

TEST(SecurityAudit, SEC_2_AnEditRehashedWithoutTheKeyStillBreaksTheNextLink) {
  auto entries = chain_of(5);
  entries[2].record.target = "R999";
  entries[2].hash = stand_in_hash(entries[2].prev_hash, canonical_audit_entry(entries[2].record));
  const auto v = verify_audit_chain(entries, stand_in_hash);
  EXPECT_FALSE(v.intact());
  EXPECT_EQ(v.bad_sequence, 4);
}

TEST(SecurityAudit, SEC_2_ARemovedEntryIsFound) {
  auto entries = chain_of(5);
  entries.erase(entries.begin() + 2);
  const auto v = verify_audit_chain(entries, stand_in_hash);
  EXPECT_EQ(v.problem, AuditProblem::kRemoved);
  EXPECT_EQ(v.bad_sequence, 3);
  // … also when the sequence numbers were closed up afterwards.
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].sequence = std::int64_t(i) + 1;
  EXPECT_EQ(verify_audit_chain(entries, stand_in_hash).problem, AuditProblem::kRemoved);
}

TEST(SecurityAudit, SEC_2_ASwappedPairIsFoundAsReordered) {
  auto entries = chain_of(5);
  std::swap(entries[1].record, entries[2].record);
  std::swap(entries[1].prev_hash, entries[2].prev_hash);
  std::swap(entries[1].hash, entries[2].hash);  // sequence numbers stay in place
  const auto v = verify_audit_chain(entries, stand_in_hash);
  EXPECT_EQ(v.problem, AuditProblem::kReordered);
  EXPECT_EQ(v.bad_sequence, 2);
}

TEST(SecurityAudit, SEC_2_AnAnchorFindsATruncatedTail) {
  auto entries = chain_of(5);
  const AuditAnchor anchor{5, entries[4].hash};
  entries.pop_back();
  EXPECT_TRUE(verify_audit_chain(entries, stand_in_hash).intact());  // a chain alone cannot tell
  const std::vector<AuditAnchor> anchors = {anchor};
  const auto v = verify_audit_chain(entries, stand_in_hash, anchors);
  EXPECT_EQ(v.problem, AuditProblem::kAnchorMismatch);
  EXPECT_EQ(v.bad_sequence, 5);
}

TEST(SecurityAudit, SEC_2_TheCanonicalFormIsUnambiguous) {
  AuditRecord a;
  a.action = "ab";
  a.target = "c";
  AuditRecord b = a;
  b.action = "a";
  b.target = "bc";
  EXPECT_NE(canonical_audit_entry(a), canonical_audit_entry(b));
  b = a;
  b.success = false;
  EXPECT_NE(canonical_audit_entry(a), canonical_audit_entry(b));
}

}  // namespace
}  // namespace hotline
