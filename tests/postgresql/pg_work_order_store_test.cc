// What only a PostgreSQL server shows about PgWorkOrderStore (issue 14):
// several nodes (stores) on one database, reopening, refusing a newer
// schema, personal data sealed at rest, the audit log append-only in the
// database itself, and coming back after the server drops the connections.
// The port's contract is in pg_store_contract_test.cc.

#include "adapters/postgresql/pg_work_order_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_audit_log.h"
#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/event_samples.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

DataKey key_of(unsigned char fill) {
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(fill);
  return DataKey(bytes);
}

class PgWorkOrderStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgWorkOrderStore> open(PgWorkOrderStore::Options options = {}) {
    if (!options.audit_hasher) options.audit_hasher = hasher_;
    auto store = PgWorkOrderStore::open(schema_.target(), options);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  static StreamAppend first_event(const std::string& stream) {
    return StreamAppend{stream, 0, {make_event(stream, 1, sample_body<WorkOrderAccepted>())}};
  }

  PgScratchSchema schema_;
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<Blake2bAuditHasher>();
};

// Two nodes, four writers each, and a reader following the log as a
// projection does: positions follow commit order across the nodes, so the
// reader, which never goes back, still sees every event exactly once.
TEST_F(PgWorkOrderStoreTest, ANA_1_ISSUE14_TwoNodesWritingAtOnceKeepTheLogInCommitOrder) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kWriters = 4;
  constexpr int kAppends = 40;
  std::atomic<bool> writing{true};
  std::set<std::string> seen;
  std::int64_t cursor = 0;
  bool reader_ok = true;
  auto follow = [&](WorkOrderStore& store) {
    auto page = store.read_log(cursor, 1000);
    if (!page) {
      reader_ok = false;
      return;
    }
    for (const LoggedEvent& e : *page) {
      if (e.position <= cursor) reader_ok = false;
      cursor = e.position;
      if (!seen.insert(e.event.stream).second) reader_ok = false;  // one event per stream
    }
  };
  std::thread reader([&] {
    while (writing.load()) follow(*node_b);
  });
  std::vector<std::thread> writers;
  std::atomic<int> failed{0};
  for (int w = 0; w < 2 * kWriters; ++w) {
    writers.emplace_back([&, w] {
      WorkOrderStore& store = w % 2 == 0 ? *node_a : *node_b;
      for (int i = 0; i < kAppends; ++i) {
        const std::string stream = "W" + std::to_string(w) + "-" + std::to_string(i);
        if (!store.append({first_event(stream)}, {})) ++failed;
      }
    });
  }
  for (auto& t : writers) t.join();
  writing = false;
  reader.join();
  follow(*node_a);  // what committed after the reader's last page
  EXPECT_EQ(failed.load(), 0);
  EXPECT_TRUE(reader_ok);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(2 * kWriters * kAppends));
  EXPECT_EQ(*node_a->log_head(), cursor);
}

TEST_F(PgWorkOrderStoreTest, ISSUE14_TheSameVersionFromTwoNodesHasOneWinner) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  for (int round = 0; round < 20; ++round) {
    const std::string stream = "W-race-" + std::to_string(round);
    Status a, b;
    std::thread ta([&] { a = node_a->append({first_event(stream)}, {}); });
    std::thread tb([&] { b = node_b->append({first_event(stream)}, {}); });
    ta.join();
    tb.join();
    ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b)) << "round " << round;
    const Status& lost = a ? b : a;
    EXPECT_EQ(lost.error().code, ErrorCode::kConflict) << lost.error().message;
    EXPECT_EQ(node_a->load(stream)->size(), 1u);
  }
}

TEST_F(PgWorkOrderStoreTest, ISSUE14_AReopenedStoreHasEverythingAndCountsOn) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->append({first_event("W1-1")}, {}));
    ASSERT_EQ(*store->next_sequence("request"), 1);
    ASSERT_TRUE(store->save_units(
        {Unit{"office", "热线办𠮷", UnitKind::kHotlineOffice, std::nullopt, "tianjin", "", true}}));
  }
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->load("W1-1")->size(), 1u);
  EXPECT_EQ(*store->next_sequence("request"), 2);
  auto units = store->load_units();
  ASSERT_TRUE(units);
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].name, "热线办𠮷");
  EXPECT_EQ(*store->log_head(), 1);
}

TEST_F(PgWorkOrderStoreTest, ISSUE14_ADatabaseOfANewerSchemaIsRefused) {
  ASSERT_TRUE(open());
  schema_.exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  auto again = PgWorkOrderStore::open(schema_.target(), {});
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("schema version 99"), std::string::npos)
      << again.error().message;
}

TEST_F(PgWorkOrderStoreTest, ISSUE14_ASchemaNameThatIsNotAnIdentifierIsRefused) {
  pg::Target target = schema_.target();
  target.schema = "x\"; DROP TABLE events; --";
  auto store = PgWorkOrderStore::open(target, {});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().field, "schema");
}

// SEC-1: the applicant's name, phone and address are sealed in the stored
// row; the store is bound to its key; the phone index finds the request.
TEST_F(PgWorkOrderStoreTest, SEC_1_INT_5_PersonalDataIsSealedAtRestAndTheKeyIsBound) {
  auto cipher = std::move(*SodiumPersonalDataCipher::create(key_of(5)));
  PgWorkOrderStore::Options options;
  options.cipher = cipher.get();
  {
    auto store = open(options);
    ASSERT_TRUE(store);
    Event e = make_event("R1", 1, sample_body<RequestRegistered>());
    std::get<RequestRegistered>(e.body).number = "R1";
    ASSERT_TRUE(store->append({StreamAppend{"R1", 0, {e}}}, {}));
    auto loaded = store->load("R1");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(std::get<RequestRegistered>((*loaded)[0].body).details.applicant.name, "吉𠮷");
    auto found = store->requests_for_phone_hash(cipher->lookup_hash("13800000000"));
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, std::vector<std::string>{"R1"});
  }
  const std::string raw = schema_.exec("SELECT data FROM events")[0][0].c_str();
  EXPECT_EQ(raw.find("吉𠮷"), std::string::npos);
  EXPECT_EQ(raw.find("13800000000"), std::string::npos);
  EXPECT_EQ(raw.find("𡒄路"), std::string::npos);
  auto without_key = PgWorkOrderStore::open(schema_.target(), {});
  ASSERT_FALSE(without_key);
  auto other = std::move(*SodiumPersonalDataCipher::create(key_of(6)));
  PgWorkOrderStore::Options wrong;
  wrong.cipher = other.get();
  EXPECT_FALSE(PgWorkOrderStore::open(schema_.target(), wrong));
}

// SEC-2: the database itself refuses to edit or remove an entry.
TEST_F(PgWorkOrderStoreTest, SEC_2_TheAuditLogIsAppendOnlyInTheDatabase) {
  auto log = PgAuditLog::open(schema_.target(), hasher_);
  ASSERT_TRUE(log) << log.error().message;
  AuditRecord r;
  r.at = at("2026-01-05T10:00:00+08:00");
  r.actor = Actor{"u1", Role::kAgent, "office"};
  r.action = "read-personal-data";
  r.target = "R1";
  ASSERT_TRUE((*log)->append(r));
  EXPECT_THROW(schema_.exec("UPDATE audit_log SET target = 'R2'"), pqxx::sql_error);
  EXPECT_THROW(schema_.exec("DELETE FROM audit_log"), pqxx::sql_error);
  EXPECT_THROW(schema_.exec("TRUNCATE audit_log"), pqxx::sql_error);
  auto entries = (*log)->read(0, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].record.target, "R1");
  EXPECT_EQ(*(*log)->chain_algorithm(), hasher_->algorithm());
}

// The server drops every connection (a restart, a fail-over): the next
// calls find it out before anything commits and run again on a new
// connection, so the callers see nothing of it.
TEST_F(PgWorkOrderStoreTest, ISSUE14_DroppedConnectionsAreReopenedWithoutAFailedCall) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append({first_event("W1-1")}, {}));
  ASSERT_TRUE(store->load("W1-1"));
  for (int round = 0; round < 3; ++round) {
    // Only this test's connections: other tests share the server.
    schema_.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'hotline:" +
        schema_.target().schema + "'");
    const std::string stream = "W2-" + std::to_string(round);
    Status appended = store->append({first_event(stream)}, {});
    EXPECT_TRUE(appended) << appended.error().message;
    auto loaded = store->load(stream);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->size(), 1u);
  }
  EXPECT_EQ(*store->log_head(), 4);
}

}  // namespace
}  // namespace hotline::testing
