// The embedded store on a real SQLite file: what only a durable store shows
// (the codec keeps every member, text that cannot be stored is refused,
// sequences and everything else survive closing and reopening, concurrency,
// WAL). The contract every store keeps (atomic batches, conflicts, filters,
// paging, the sweep's index, the log) is sqlite_store_contract_test.cc.
// SPEC: platform bar (atomic, durable store); INT-5 (request numbers from
// sequences); HND-5 (the deadline sweep's index); DIS-4/DIS-7 (a unit finds
// the work orders it leads, handles or assists).
#include "adapters/sqlite/sqlite_work_order_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/json/event_json.h"
#include "support/event_samples.h"

namespace hotline {
namespace {

using testing::at;
using testing::make_event;
using testing::sample_bodies;
using testing::sample_body;

class SqliteStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    file_ = dir_ / "hotline.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<SqliteWorkOrderStore> open(SqliteWorkOrderStore::Options options = {}) {
    auto store = SqliteWorkOrderStore::open(file_, options);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
};

WorkOrderSummary summary(std::string id, std::int64_t version = 1) {
  WorkOrderSummary s;
  s.id = std::move(id);
  s.request = "R1";
  s.status = WorkOrderStatus::kDispatched;
  s.lead_unit = "dept.a";
  s.policy_profile = "tianjin";
  s.type = RequestType::kComplaint;
  s.urgency = Urgency::kGeneral;
  s.dispatched_at = at("2026-01-05T10:00:00+08:00");
  s.version = version;
  return s;
}

StreamAppend one_event(const std::string& stream, std::int64_t expected, EventBody body) {
  return StreamAppend{stream, expected, {make_event(stream, expected + 1, std::move(body))}};
}

EventBody accepted() { return WorkOrderAccepted{std::nullopt, false}; }

std::vector<std::string> dumps(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(event_to_json(e).dump());
  return out;
}

TEST_F(SqliteStore, AppendAndLoadEveryEventType) {
  auto store = open();
  ASSERT_TRUE(store);
  std::vector<Event> events;
  for (const auto& body : sample_bodies()) {
    events.push_back(make_event("W1-1", static_cast<std::int64_t>(events.size()) + 1, body));
  }
  ASSERT_TRUE(store->append({StreamAppend{"W1-1", 0, events}}, {}));
  auto loaded = store->load("W1-1");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(dumps(*loaded), dumps(events));

  auto missing = store->load("W-none");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->empty());
}

TEST_F(SqliteStore, MalformedAppendsAreInvalidAndWriteNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  StreamAppend gap{
      "W1-1", 0, {make_event("W1-1", 2, EventBody{sample_body<WorkOrderDispatched>()})}};
  auto r = store->append({gap}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "batch[0].events[0].version");

  StreamAppend wrong_stream{
      "W1-1", 0, {make_event("W2-1", 1, EventBody{sample_body<WorkOrderDispatched>()})}};
  r = store->append({wrong_stream}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "batch[0].events[0].stream");

  Event bad_text = make_event("W1-1", 1, EventBody{sample_body<WorkOrderDispatched>()});
  bad_text.reason = "\xff\xfe";
  r = store->append({StreamAppend{"W1-1", 0, {bad_text}}}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  Event bad_body = make_event("W1-1", 1, WorkOrderForwarded{"dept.b", "\xc3\x28"});
  r = store->append({StreamAppend{"W1-1", 0, {bad_body}}}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  EXPECT_TRUE(store->load("W1-1")->empty());
}

std::vector<std::string> ids(const Result<std::vector<WorkOrderSummary>>& rows) {
  std::vector<std::string> out;
  if (!rows) {
    ADD_FAILURE() << rows.error().message;
    return out;
  }
  for (const auto& r : *rows) out.push_back(r.id);
  return out;
}

TEST_F(SqliteStore, SequencesStrictlyIncreasingAcrossReopen) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->next_sequence("request"), 1);
    EXPECT_EQ(*store->next_sequence("request"), 2);
    EXPECT_EQ(*store->next_sequence("other"), 1);
    EXPECT_EQ(*store->next_sequence("request"), 3);
  }
  auto store = open(SqliteWorkOrderStore::Options{false, 1});
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->next_sequence("request"), 4);
  EXPECT_EQ(*store->next_sequence("other"), 2);
}

TEST_F(SqliteStore, SequencesAreUniqueUnderConcurrency) {
  auto store = open();
  ASSERT_TRUE(store);
  std::vector<std::vector<std::int64_t>> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) got[t].push_back(*store->next_sequence("request"));
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::int64_t> all;
  for (const auto& g : got) {
    for (std::size_t i = 1; i < g.size(); ++i) EXPECT_LT(g[i - 1], g[i]);
    all.insert(g.begin(), g.end());
  }
  EXPECT_EQ(all.size(), 400u);
}

Unit unit(std::string id, UnitKind kind, std::optional<std::string> parent) {
  Unit u;
  u.id = id;
  u.name = "单位" + id + "𠮷";
  u.kind = kind;
  u.parent = std::move(parent);
  u.policy_profile = id == "dept.transport" ? "tianjin-transport" : "";
  u.district = id.starts_with("street") ? "district.heping" : "";
  u.active = id != "street.old";
  return u;
}

TEST_F(SqliteStore, UnitsRoundTrip) {
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->load_units()->empty());
  // Children listed before their parents still save.
  const std::vector<Unit> units = {
      unit("street.quanyechang", UnitKind::kStreet, "district.heping"),
      unit("street.old", UnitKind::kStreet, "district.heping"),
      unit("district.heping", UnitKind::kDistrictGovernment, std::nullopt),
      unit("office", UnitKind::kHotlineOffice, std::nullopt),
      unit("dept.transport.taxi", UnitKind::kHandlingUnit, "dept.transport"),
      unit("dept.transport", UnitKind::kMunicipalDepartment, std::nullopt),
  };
  ASSERT_TRUE(store->save_units(units));
  auto loaded = store->load_units();
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->size(), units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& a = units[i];
    const Unit& b = loaded->at(i);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.parent, b.parent);
    EXPECT_EQ(a.policy_profile, b.policy_profile);
    EXPECT_EQ(a.district, b.district);
    EXPECT_EQ(a.active, b.active);
  }

  // Saving replaces the organisation.
  ASSERT_TRUE(store->save_units({unit("office", UnitKind::kHotlineOffice, std::nullopt)}));
  EXPECT_EQ(store->load_units()->size(), 1u);

  auto orphan = store->save_units({unit("street.x", UnitKind::kStreet, "district.none")});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().field, "units[0].parent");
  auto twice = store->save_units({unit("office", UnitKind::kHotlineOffice, std::nullopt),
                                  unit("office", UnitKind::kHotlineOffice, std::nullopt)});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "units[1].id");
  EXPECT_EQ(store->load_units()->size(), 1u);
}

class SqliteStoreModes : public SqliteStore, public ::testing::WithParamInterface<bool> {};

TEST_P(SqliteStoreModes, ConcurrentAppendsToDistinctStreamsAllLand) {
  auto store = open(SqliteWorkOrderStore::Options{GetParam(), 256});
  ASSERT_TRUE(store);
  constexpr int kThreads = 8;
  constexpr int kAppends = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string stream = "W" + std::to_string(t);
      for (int v = 0; v < kAppends; ++v) {
        EventBody body =
            v == 0 ? EventBody{sample_body<WorkOrderDispatched>()} : EventBody{DeadlineWarned{}};
        auto s = summary(stream, v + 1);
        if (!store->append({one_event(stream, v, body)}, {s})) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    auto events = store->load("W" + std::to_string(t));
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), static_cast<std::size_t>(kAppends));
  }
  auto rows = store->list_work_orders({});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kThreads));
  for (const auto& r : *rows) EXPECT_EQ(r.version, kAppends);
}

TEST_P(SqliteStoreModes, ConcurrentAppendsToOneStreamOneWinnerPerVersion) {
  auto store = open(SqliteWorkOrderStore::Options{GetParam(), 256});
  ASSERT_TRUE(store);
  constexpr int kThreads = 8;
  constexpr int kRounds = 15;
  std::vector<std::atomic<int>> wins(kRounds);
  std::vector<std::atomic<int>> conflicts(kRounds);
  std::barrier sync(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        sync.arrive_and_wait();  // all threads race for the same version
        Event e = make_event("W-race", round + 1, DeadlineWarned{});
        e.actor.id = "thread-" + std::to_string(t);
        auto r = store->append({StreamAppend{"W-race", round, {e}}}, {});
        if (r) {
          ++wins[round];
        } else if (r.error().code == ErrorCode::kConflict) {
          ++conflicts[round];
        }
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int round = 0; round < kRounds; ++round) {
    EXPECT_EQ(wins[round].load(), 1) << "round " << round;
    EXPECT_EQ(conflicts[round].load(), kThreads - 1) << "round " << round;
  }
  auto events = store->load("W-race");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), static_cast<std::size_t>(kRounds));
}

INSTANTIATE_TEST_SUITE_P(GroupCommit, SqliteStoreModes, ::testing::Bool(),
                         [](const auto& p) { return p.param ? "Grouped" : "Direct"; });

TEST_F(SqliteStore, ReopenAfterCloseKeepsEverything) {
  std::vector<Event> events;
  {
    auto store = open();
    ASSERT_TRUE(store);
    for (const auto& body : sample_bodies()) {
      events.push_back(make_event("R7", static_cast<std::int64_t>(events.size()) + 1, body));
    }
    auto s = summary("W7-1");
    s.next_check = at("2026-01-05T10:00:00+08:00");
    ASSERT_TRUE(store->append({StreamAppend{"R7", 0, events}}, {s}));
    ASSERT_TRUE(store->save_units({unit("office", UnitKind::kHotlineOffice, std::nullopt)}));
    ASSERT_TRUE(store->next_sequence("request"));
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto loaded = store->load("R7");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(dumps(*loaded), dumps(events));
  EXPECT_EQ(*store->due_for_check(at("2026-01-06T00:00:00+08:00"), 10),
            (std::vector<std::string>{"W7-1"}));
  EXPECT_EQ(store->load_units()->size(), 1u);
  EXPECT_EQ(*store->next_sequence("request"), 2);
}

TEST_F(SqliteStore, NonBmpTextRoundTrips) {
  auto store = open();
  ASSERT_TRUE(store);
  Event e = make_event("R-𠮷", 1, EventBody{sample_body<RequestRegistered>()});
  e.reason = "𠮷野家门口𡒄";
  e.actor.unit = "街道𡒄";
  auto s = summary("W-𠮷");
  s.lead_unit = "单位𠮷";
  ASSERT_TRUE(store->append({StreamAppend{"R-𠮷", 0, {e}}}, {s}));
  store.reset();
  store = open();
  ASSERT_TRUE(store);
  auto loaded = store->load("R-𠮷");
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ(loaded->at(0).reason, "𠮷野家门口𡒄");
  EXPECT_EQ(loaded->at(0).actor.unit, "街道𡒄");
  EXPECT_EQ(std::get<RequestRegistered>(loaded->at(0).body).details.applicant.name, "吉𠮷");
  WorkOrderFilter f;
  f.unit = "单位𠮷";
  EXPECT_EQ(ids(store->list_work_orders(f)), (std::vector<std::string>{"W-𠮷"}));
}

TEST_F(SqliteStore, RefusesFilesThatAreNotOurs) {
  {
    std::ofstream text(file_);
    text << "not a database, just some text that is long enough to fill a header........";
  }
  auto r = SqliteWorkOrderStore::open(file_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kStorage);

  std::filesystem::remove(file_);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE customers (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  r = SqliteWorkOrderStore::open(file_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not a hotline store"), std::string::npos);
}

TEST_F(SqliteStore, UsesWalWithFullSync) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append({one_event("W1", 0, accepted())}, {}));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace hotline
