// SPEC: SEC-2 — the audit log in SQLite: append-only by trigger, and the hash
// chain finds an edited, a deleted and a swapped entry when the rows are
// tampered with directly (triggers dropped, as an intruder would).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "adapters/security_fixture.h"
#include "core/security/privacy_guard.h"

namespace hotline {
namespace {

using testing::test_key;

class AuditChain : public testing::SecurityFixture {
 protected:
  void append(int n) {
    for (int i = 1; i <= n; ++i) {
      AuditRecord r;
      r.at = Instant{Seconds{1'772'400'000 + i}};
      r.actor = Actor{"agent.wang", Role::kAgent, "office"};
      r.action = "read-personal-data";
      r.target = "R202603020000000" + std::to_string(i);
      r.detail = "disclosure=full";
      r.remote = "10.0.0.1";
      auto e = security_->append(r);
      ASSERT_TRUE(e) << e.error().message;
      EXPECT_EQ(e->sequence, i);
    }
  }
  // Runs SQL on the file behind the store's back.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const std::string all =
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " +
        sql;
    EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
  AuditVerification verify() {
    auto v = security_->verify_audit();
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : AuditVerification{};
  }
  std::unique_ptr<SodiumPersonalDataCipher> cipher_ =
      *SodiumPersonalDataCipher::create(test_key(3));
};

TEST_F(AuditChain, SEC_2_AnIntactLogVerifies) {
  open(cipher_.get());
  append(5);
  const auto v = verify();
  EXPECT_TRUE(v.intact()) << v.explanation;
  EXPECT_EQ(v.entries, 5);
}

TEST_F(AuditChain, SEC_2_TheLogRefusesUpdateAndDelete) {
  open(cipher_.get());
  append(2);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET target = 'x'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_TRUE(verify().intact());
}

TEST_F(AuditChain, SEC_2_AnEditedEntryIsFound) {
  open(cipher_.get());
  append(5);
  tamper("UPDATE audit_log SET actor_id = 'agent.li' WHERE sequence = 3");
  const auto v = verify();
  EXPECT_EQ(v.problem, AuditProblem::kEdited);
  EXPECT_EQ(v.bad_sequence, 3);
}

TEST_F(AuditChain, SEC_2_ADeletedEntryIsFound) {
  open(cipher_.get());
  append(5);
  tamper("DELETE FROM audit_log WHERE sequence = 2");
  const auto v = verify();
  EXPECT_EQ(v.problem, AuditProblem::kRemoved);
  EXPECT_EQ(v.bad_sequence, 2);
}

TEST_F(AuditChain, SEC_2_ASwappedPairIsFound) {
  open(cipher_.get());
  append(5);
  // Swap every column but the sequence of entries 2 and 3.
  tamper(
      "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE sequence IN (2, 3);"
      "UPDATE audit_log SET (at, actor_id, actor_role, actor_unit, action, target, detail, "
      "remote, success, prev_hash, hash) = (SELECT at, actor_id, actor_role, actor_unit, action, "
      "target, detail, remote, success, prev_hash, hash FROM t WHERE t.sequence = 5 - "
      "audit_log.sequence) WHERE sequence IN (2, 3);");
  const auto v = verify();
  EXPECT_EQ(v.problem, AuditProblem::kReordered);
  EXPECT_EQ(v.bad_sequence, 2);
}

TEST_F(AuditChain, SEC_2_AnEditWithARecomputedUnkeyedHashStillNeedsTheKey) {
  open(cipher_.get());
  append(3);
  // The intruder recomputes entry 3's hash without the key: it does not match.
  const Blake2bAuditHasher unkeyed;
  auto entries = *security_->read(0, 10);
  AuditRecord edited = entries[2].record;
  edited.target = "R0";
  const std::string forged = unkeyed.chain(entries[2].prev_hash, canonical_audit_entry(edited));
  tamper("UPDATE audit_log SET target = 'R0', hash = '" + forged + "' WHERE sequence = 3");
  EXPECT_EQ(verify().problem, AuditProblem::kEdited);
}

TEST_F(AuditChain, SEC_2_VerifyingWithAnotherKeySaysSo) {
  open(cipher_.get());
  append(1);
  close();
  auto other = *SodiumPersonalDataCipher::create(test_key(4));
  auto store =
      SqliteSecurityStore::open(file_, std::shared_ptr<const AuditHasher>(other->audit_hasher()));
  ASSERT_TRUE(store);
  EXPECT_FALSE((*store)->verify_audit());
  AuditRecord r;
  r.action = "x";
  EXPECT_FALSE((*store)->append(r));  // and appending would fork the chain
}

TEST_F(AuditChain, SEC_2_PersonalDataReadsAreAuditedBeforeDisclosure) {
  open(cipher_.get());
  const Organisation org = *Organisation::create(
      {Unit{"office", "中心", UnitKind::kHotlineOffice, {}, "", "", true},
       Unit{"housing", "住建委", UnitKind::kMunicipalDepartment, {}, "", "", true}});
  FakeClock clock(Instant{Seconds{1'772'400'000}});
  PrivacyGuard guard(*security_, clock, org);
  RequestDetails d;
  d.applicant = Applicant{false, "张三", "13812345678", "南京路1号", std::string("housing")};
  auto full = guard.read_request(Actor{"agent.wang", Role::kAgent, "office"}, "10.0.0.1", "R1", d);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->applicant.phone, "13812345678");
  auto withheld =
      guard.read_request(Actor{"h.li", Role::kUnitStaff, "housing"}, "10.0.0.2", "R1", d);
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->applicant.phone, "");
  ASSERT_TRUE(guard.record_change(Actor{"h.li", Role::kUnitStaff, "housing"}, "10.0.0.2",
                                  "command:accept", "R1-1", true));
  auto entries = *security_->read(0, 10);
  ASSERT_EQ(entries.size(), 2u);  // the withheld read disclosed nothing
  EXPECT_EQ(entries[0].record.action, "read-personal-data");
  EXPECT_EQ(entries[0].record.detail, "disclosure=full");
  EXPECT_EQ(entries[0].record.remote, "10.0.0.1");
  EXPECT_EQ(entries[1].record.action, "command:accept");
  EXPECT_EQ(entries[1].record.actor.unit, "housing");
  EXPECT_TRUE(verify().intact());
}

}  // namespace
}  // namespace hotline
