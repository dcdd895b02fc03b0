// What only a PostgreSQL server shows about PgSecurityStore (issue 14):
// several nodes (stores) on one schema appending to one audit chain and
// racing for the same account or key, a body of atomically() unseen by the
// others until it commits, reopening, and coming back after the server drops
// the connections. The ports' contract is in pg_security_store_contract_test.cc.
//
// SPEC: SEC-2 (one unbroken audit chain; accounts and keys); issue 14.

#include "adapters/postgresql/pg_security_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <thread>
#include <vector>

#include "adapters/postgresql/pg_work_order_store.h"
#include "adapters/sodium/sodium_cipher.h"
#include "support/event_samples.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

class PgSecurityStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgSecurityStore> open() {
    auto store = PgSecurityStore::open(schema_.target(), hasher_);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }
  static AuditRecord record(std::string actor, int i) {
    AuditRecord r;
    r.at = at("2026-03-02T09:00:00+08:00") + Seconds{i};
    r.actor = Actor{std::move(actor), Role::kAgent, "office"};
    r.action = "read-personal-data";
    r.target = "R" + std::to_string(i);
    r.detail = "吉𠮷";
    r.remote = "10.0.0.1";
    return r;
  }
  static Account account(std::string id) {
    Account a;
    a.id = id;
    a.username = std::move(id);
    a.display_name = "王𠮷";
    a.role = Role::kAgent;
    a.unit = "office";
    return a;
  }

  PgScratchSchema schema_;
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<Blake2bAuditHasher>();
};

// Two nodes, four threads each, appending at once: on their own, inside
// atomically() with an account, and through the work-order store's group
// commit. The chain has every entry once, numbered without a gap, each
// linked to the one before, and verify_audit_chain finds it intact.
TEST_F(PgSecurityStoreTest, SEC_2_ISSUE14_TwoNodesAppendingAtOnceKeepOneUnbrokenChain) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  PgWorkOrderStore::Options options;
  options.audit_hasher = hasher_;
  auto work_orders = PgWorkOrderStore::open(schema_.target(), options);
  ASSERT_TRUE(work_orders) << work_orders.error().message;

  constexpr int kThreads = 4;
  constexpr int kAppends = 30;
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreads; ++t) {
    threads.emplace_back([&, t] {
      PgSecurityStore& store = t % 2 == 0 ? *node_a : *node_b;
      const std::string actor = "agent." + std::to_string(t);
      for (int i = 0; i < kAppends; ++i) {
        bool ok = false;
        if (t == 0) {  // the work-order store's entries go on the same chain
          ok = static_cast<bool>((*work_orders)->append_audit(record(actor, i)));
        } else if (i % 3 == 0) {  // an account and its entry, committed together
          ok = static_cast<bool>(store.atomically([&]() -> Status {
            const std::string id = actor + "-" + std::to_string(i);
            if (auto st = store.create_account(account(id), "h", record(actor, i).at); !st) {
              return st;
            }
            auto entry = store.append(record(actor, i));
            if (!entry) return fail(entry.error());
            return {};
          }));
        } else {
          ok = static_cast<bool>(store.append(record(actor, i)));
        }
        if (!ok) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);

  auto all = node_b->read(0, 100000);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), static_cast<std::size_t>(2 * kThreads * kAppends));
  std::map<std::string, int> per_actor;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const AuditEntry& e = (*all)[i];
    EXPECT_EQ(e.sequence, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(e.prev_hash, i == 0 ? std::string(kAuditGenesisHash) : (*all)[i - 1].hash);
    ++per_actor[e.record.actor.id];
  }
  EXPECT_EQ(per_actor.size(), static_cast<std::size_t>(2 * kThreads));
  for (const auto& [actor, n] : per_actor) EXPECT_EQ(n, kAppends) << actor;
  auto verified = node_a->verify_audit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->intact()) << verified->explanation;
  EXPECT_EQ(verified->entries, 2 * kThreads * kAppends);
  EXPECT_EQ(node_a->list_accounts()->size(), static_cast<std::size_t>((2 * kThreads - 1) * 10));
}

// The same username or key revocation from two nodes at once: one wins.
TEST_F(PgSecurityStoreTest, ISSUE14_TheSameAccountOrKeyFromTwoNodesHasOneWinner) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  const Instant t = at("2026-03-02T09:00:00+08:00");
  ASSERT_TRUE(node_a->create_account(account("api.x"), "", t));
  for (int round = 0; round < 10; ++round) {
    Account a = account("agent.race" + std::to_string(round));
    Account b = a;
    b.id += "-b";  // another id, the same username
    auto ra = std::async(std::launch::async, [&] { return node_a->create_account(a, "h", t); });
    auto rb = std::async(std::launch::async, [&] { return node_b->create_account(b, "h", t); });
    const Status sa = ra.get();
    const Status sb = rb.get();
    ASSERT_NE(static_cast<bool>(sa), static_cast<bool>(sb)) << "round " << round;
    EXPECT_EQ((sa ? sb : sa).error().code, ErrorCode::kConflict);

    const std::string key = "key-" + std::to_string(round);
    ApiKeyRecord k{key, "kh-" + std::to_string(round), "api.x", "系统𡒄", t, std::nullopt};
    ASSERT_TRUE(node_a->create_api_key(k));
    auto va = std::async(std::launch::async, [&] { return node_a->revoke_api_key(key, t); });
    auto vb = std::async(std::launch::async, [&] { return node_b->revoke_api_key(key, t); });
    const Status qa = va.get();
    const Status qb = vb.get();
    ASSERT_NE(static_cast<bool>(qa), static_cast<bool>(qb)) << "round " << round;
    EXPECT_EQ((qa ? qb : qa).error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(node_b->list_accounts()->size(), 11u);
}

// Until atomically() commits, other threads and nodes see none of its body;
// they are not held up by it either.
TEST_F(PgSecurityStoreTest, ISSUE14_ABodyIsUnseenByOthersUntilItCommits) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  const Instant t = at("2026-03-02T09:00:00+08:00");
  std::promise<void> written;
  std::promise<void> looked;
  std::future<void> looked_done = looked.get_future();
  std::thread body([&] {
    auto st = node_a->atomically([&]() -> Status {
      if (auto s = node_a->create_account(account("agent.pending"), "h", t); !s) return s;
      if (auto e = node_a->append(record("agent.pending", 1)); !e) return fail(e.error());
      written.set_value();
      looked_done.wait();
      return {};
    });
    EXPECT_TRUE(st) << st.error().message;
  });
  written.get_future().wait();
  // Another thread of the same store, and another node.
  EXPECT_FALSE(*node_a->find_account("agent.pending"));
  EXPECT_FALSE(*node_b->find_account("agent.pending"));
  EXPECT_TRUE(node_b->read(0, 10)->empty());
  EXPECT_TRUE(node_a->create_account(account("agent.other"), "h", t));
  looked.set_value();
  body.join();
  EXPECT_TRUE(*node_b->find_account("agent.pending"));
  EXPECT_EQ(node_b->read(0, 10)->size(), 1u);
}

// Lists come in byte order, as SQLite's, even where the database or the
// column sorts by language (an ICU collation: "Zhao" after "agent").
TEST_F(PgSecurityStoreTest, ISSUE14_ListsAreInByteOrderWhateverTheCollation) {
  auto store = open();
  ASSERT_TRUE(store);
  if (schema_.exec("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").empty()) {
    GTEST_SKIP() << "this server has no ICU collation";
  }
  schema_.exec(
      "ALTER TABLE accounts ALTER COLUMN username TYPE TEXT COLLATE \"und-x-icu\";"
      "ALTER TABLE api_keys ALTER COLUMN id TYPE TEXT COLLATE \"und-x-icu\"");
  const Instant t = at("2026-03-02T09:00:00+08:00");
  for (const char* name : {"agent.b", "Zhao.li", "agent-a", "王𠮷"}) {
    ASSERT_TRUE(store->create_account(account(name), "h", t));
  }
  auto accounts = store->list_accounts();
  ASSERT_TRUE(accounts) << accounts.error().message;
  std::vector<std::string> names;
  for (const Account& a : *accounts) names.push_back(a.username);
  EXPECT_EQ(names, (std::vector<std::string>{"Zhao.li", "agent-a", "agent.b", "王𠮷"}));
  for (const char* id : {"key-b", "key-B", "key-a"}) {
    ASSERT_TRUE(store->create_api_key(
        ApiKeyRecord{id, std::string("kh-") + id, "agent.b", "系统", t, std::nullopt}));
  }
  auto keys = store->list_api_keys();
  ASSERT_TRUE(keys) << keys.error().message;
  std::vector<std::string> ids;
  for (const ApiKeyRecord& k : *keys) ids.push_back(k.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"key-B", "key-a", "key-b"}));
}

TEST_F(PgSecurityStoreTest, ISSUE14_AReopenedStoreHasEverythingAndChainsOn) {
  const Instant t = at("2026-03-02T09:00:00+08:00");
  {
    auto store = open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create_account(account("agent.li"), "$argon2id$h", t));
    SessionRecord s{"tok",
                    Actor{"agent.li", Role::kAgent, "office"},
                    "agent.li",
                    "",
                    "10.0.0.1",
                    t,
                    t + Seconds{3600},
                    t};
    ASSERT_TRUE(store->create_session(s));
    ASSERT_TRUE(store->record_attempt("agent.li", "10.0.0.1", t, false));
    ASSERT_TRUE(store->append(record("agent.li", 1)));
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto a = store->find_account_by_username("agent.li");
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->display_name, "王𠮷");
  EXPECT_EQ(*store->password_hash("agent.li"), "$argon2id$h");
  EXPECT_TRUE(*store->find_session("tok"));
  EXPECT_EQ(store->failures("agent.li", "10.0.0.1", t)->size(), 1u);
  auto second = store->append(record("agent.li", 2));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->sequence, 2);
  EXPECT_TRUE(store->verify_audit()->intact());
}

// The server drops every connection (a restart, a fail-over): the call in
// flight may fail with a storage error, the next ones reconnect by themselves.
TEST_F(PgSecurityStoreTest, ISSUE14_DroppedConnectionsAreReopenedByTheNextCall) {
  // pg::connect names the connections after the schema: only this test's
  // are dropped, not those of other tests sharing the server.
  const std::string name = "hotline:" + schema_.target().schema;
  auto store = open();
  ASSERT_TRUE(store);
  const Instant t = at("2026-03-02T09:00:00+08:00");
  ASSERT_TRUE(store->create_account(account("agent.li"), "h", t));
  ASSERT_TRUE(store->append(record("agent.li", 1)));
  const pqxx::result dropped = schema_.exec(
      "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = '" +
      name + "') AS k");
  ASSERT_GT(dropped[0][0].as<int>(), 0);
  auto found = store->find_account("agent.li");
  if (!found) {
    EXPECT_EQ(found.error().code, ErrorCode::kStorage);
    found = store->find_account("agent.li");
  }
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(*found);
  auto appended = store->append(record("agent.li", 2));
  if (!appended) {
    EXPECT_EQ(appended.error().code, ErrorCode::kStorage);
    appended = store->append(record("agent.li", 2));
  }
  ASSERT_TRUE(appended) << appended.error().message;
  EXPECT_EQ(appended->sequence, 2);
}

}  // namespace
}  // namespace hotline::testing
