#pragma once
// The contract of the triage port (core/triage/triage_store.h), a typed
// gtest suite every implementation runs: SQLite in adapter_tests
// (tests/adapters/triage_store_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_triage_store_contract_test.cc). What only
// one implementation shows (SQLite's former file of its own; several
// PostgreSQL nodes racing) stays in its own tests.
//
// An implementation instantiates it with a factory type:
//   struct MyFactory {
//     void set_up();                  // an empty database
//     // A store on that database: each call opens another instance (its
//     // own connection), as a restart or another node would. `hasher`
//     // chains the catalogue changes' audit entries; null: none.
//     std::unique_ptr<triage::TriageStore> open(std::shared_ptr<const AuditHasher> hasher);
//     // The audit log of that database, read and appended with `hasher`.
//     AuditLog* audit_log(std::shared_ptr<const AuditHasher> hasher);
//     void tear_down();
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, TriageStoreContract, ::testing::Types<MyFactory>);
//
// SPEC: DIS-2 (the catalogue is the replay of its kept changes), SEC-2 [M27]
// (a catalogue change and its audit entry commit together), SUP-1 and TRI-5
// (clusters, their supervision records and the fingerprints survive a
// restart), DIS-8 (dispatch history), TRI-5 / issue 9 (the index as a
// projection of the event log: its position, and a rebuild's clearing;
// an import's bulk writes).

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/ports/audit_log.h"
#include "core/triage/triage_store.h"
#include "support/event_samples.h"
#include "support/test_audit_hasher.h"

namespace hotline::testing {

// A chain function other than the log's: a store configured with it must
// not extend the chain.
class OtherAuditHasher final : public AuditHasher {
 public:
  std::string chain(std::string_view prev_hash, std::string_view canonical) const override {
    return "other:" + std::to_string(prev_hash.size() + canonical.size());
  }
  std::string algorithm() const override { return "test-other"; }
};

template <typename Factory>
class TriageStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    store_ = factory_.open(hasher_);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    factory_.tear_down();
  }

  static triage::CatalogueEntry entry(std::string id) {
    triage::CatalogueEntry e;
    e.id = std::move(id);
    e.category = "城乡建设/物业管理";
    e.district = "district.nankai";
    e.keywords = {"𠮷祥里", "供暖"};
    e.lead = "{district}";
    e.assisting = {"dept.housing"};
    e.functional = true;
    e.exception_of = "urban.property";
    e.basis = "《天津市物业管理条例》第𡒄条";
    return e;
  }
  static triage::CatalogueChange change(std::int64_t sequence, triage::CatalogueAction action,
                                        std::optional<triage::CatalogueEntry> before,
                                        std::optional<triage::CatalogueEntry> after) {
    triage::CatalogueChange c;
    c.sequence = sequence;
    c.at = at("2026-03-02T09:00:00+08:00") + Seconds{sequence * 60};
    c.actor = Actor{"dispatcher.li", Role::kDispatcher, "office"};
    c.action = action;
    c.entry_id = after ? after->id : before->id;
    c.before = std::move(before);
    c.after = std::move(after);
    c.reason = "职责清单调整𠮷";
    c.article = "R7";
    return c;
  }
  static AuditRecord audit_record(std::string target) {
    AuditRecord r;
    r.at = at("2026-03-02T09:00:00+08:00");
    r.actor = Actor{"dispatcher.li", Role::kDispatcher, "office"};
    r.action = "command:triage-catalogue-retire";
    r.target = std::move(target);
    r.remote = "10.0.0.8";
    return r;
  }
  std::vector<AuditEntry> audit_entries() {
    AuditLog* log = factory_.audit_log(hasher_);
    if (log == nullptr) {
      ADD_FAILURE() << "the factory gives no audit log";
      return {};
    }
    auto entries = log->read(0, 100);
    if (!entries) {
      ADD_FAILURE() << entries.error().message;
      return {};
    }
    return *entries;
  }
  std::vector<triage::CatalogueChange> changes(triage::TriageStore& store) {
    auto log = store.catalogue_changes();
    if (!log) {
      ADD_FAILURE() << log.error().message;
      return {};
    }
    return *log;
  }

  static triage::IndexSettings index_settings() {
    triage::IndexSettings s;
    s.clusters.supervision_applicants = {3, "M22(3)"};
    return s;
  }
  static triage::IndexedRequest request(std::string number, std::string phone, Instant when) {
    triage::IndexedRequest r;
    r.number = std::move(number);
    r.applicant_key = triage::applicant_key(phone);
    r.at = when;
    r.district = "district.nankai";
    r.category = "环境保护/噪声污染";
    return r;
  }
  // Observes a request in `index` and saves the observation to `store`.
  static Result<triage::Observation> observe(triage::TriageStore& store,
                                             triage::RequestIndex& index, triage::IndexedRequest r,
                                             std::string_view subject, std::string_view detail) {
    triage::Observation obs = index.observe(r, subject, detail);
    if (auto st = store.save_observation(index, obs); !st) return fail(st.error());
    return obs;
  }
  // Ten unrelated requests, then four applicants on one problem (the
  // third raises the cluster's supervision record).
  void observe_a_cluster(triage::TriageStore& store, triage::RequestIndex& index) {
    const Instant now = at("2026-03-02T09:00:00+08:00");
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(observe(store, index, request("B" + std::to_string(i), "", now), "道路破损",
                          "学校门口道路破损积水" + std::to_string(i)));
    }
    const char* texts[] = {"丽发新城附近搅拌站夜间施工噪音扰民", "丽发新城搅拌站噪音灰尘太大",
                           "投诉丽发新城搅拌站噪音污染", "丽发新城搅拌站晚上还在施工"};
    int alerts = 0;
    for (int i = 0; i < 4; ++i) {
      auto o = observe(store, index,
                       request("L" + std::to_string(i), "1380000000" + std::to_string(i),
                               now + Seconds{3600 * i}),
                       "丽发新城搅拌站扰民", texts[i]);
      ASSERT_TRUE(o) << o.error().describe();
      alerts += o->alert.has_value();
    }
    ASSERT_EQ(alerts, 1) << "precondition: the index clusters the four";
  }
  static std::vector<std::pair<std::uint32_t, float>> terms(const triage::Fingerprint& fp) {
    std::vector<std::pair<std::uint32_t, float>> out;
    for (const auto* list : {&fp.terms, &fp.anchors}) {
      for (const auto& t : *list) out.emplace_back(t.term, t.weight);
      out.emplace_back(0xFFFFFFFF, -1.0f);  // where the terms end
    }
    return out;
  }

  Factory factory_;
  std::shared_ptr<const AuditHasher> hasher_ = std::make_shared<TestAuditHasher>();
  std::unique_ptr<triage::TriageStore> store_;
};

TYPED_TEST_SUITE_P(TriageStoreContract);

TYPED_TEST_P(TriageStoreContract, DIS_2_CatalogueChangesComeBackInOrderWithTheirEntries) {
  using triage::CatalogueAction;
  auto first = this->entry("urban.property.nankai");
  auto changed = first;
  changed.assisting.push_back("dept.𠮷");
  changed.keywords.clear();
  auto retired = changed;
  retired.active = false;
  ASSERT_TRUE(this->store_->append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, first), {}));
  ASSERT_TRUE(this->store_->append_catalogue_change(
      this->change(2, CatalogueAction::kChange, first, changed), {}));
  ASSERT_TRUE(this->store_->append_catalogue_change(
      this->change(3, CatalogueAction::kRetire, changed, retired), {}));

  // As another instance (a restart) reads them.
  this->store_.reset();
  auto reopened = this->factory_.open(this->hasher_);
  ASSERT_NE(reopened, nullptr);
  const auto log = this->changes(*reopened);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].sequence, 1);
  EXPECT_EQ(log[0].action, CatalogueAction::kAdd);
  EXPECT_FALSE(log[0].before);
  ASSERT_TRUE(log[0].after);
  EXPECT_EQ(*log[0].after, first);
  EXPECT_EQ(log[1].action, CatalogueAction::kChange);
  ASSERT_TRUE(log[1].before && log[1].after);
  EXPECT_EQ(*log[1].before, first);
  EXPECT_EQ(*log[1].after, changed);
  EXPECT_EQ(log[2].action, CatalogueAction::kRetire);
  EXPECT_FALSE(log[2].after->active);
  EXPECT_EQ(log[2].at, this->change(3, CatalogueAction::kRetire, changed, retired).at);
  EXPECT_EQ(log[2].actor.id, "dispatcher.li");
  EXPECT_EQ(log[2].actor.role, Role::kDispatcher);
  EXPECT_EQ(log[2].actor.unit, "office");
  EXPECT_EQ(log[2].entry_id, "urban.property.nankai");
  EXPECT_EQ(log[2].reason, "职责清单调整𠮷");
  EXPECT_EQ(log[2].article, "R7");
}

TYPED_TEST_P(TriageStoreContract, DIS_2_ASequenceRecordedMeanwhileIsAConflict) {
  using triage::CatalogueAction;
  auto mine = this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("a"));
  ASSERT_TRUE(this->store_->append_catalogue_change(mine, {}));
  // Another instance read the log before and records its own first change.
  auto other = this->factory_.open(this->hasher_);
  ASSERT_NE(other, nullptr);
  auto theirs = this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("b"));
  auto refused = other->append_catalogue_change(theirs, {this->audit_record("b")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << refused.error().describe();
  EXPECT_FALSE(refused.error().message_zh.empty());
  const auto log = this->changes(*this->store_);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].entry_id, "a");
  EXPECT_TRUE(this->audit_entries().empty()) << "the refused change's entry stood without it";
}

TYPED_TEST_P(TriageStoreContract, SEC_2_ACatalogueChangeAndItsAuditEntryCommitTogether) {
  using triage::CatalogueAction;
  auto e = this->entry("it");
  auto retired = e;
  retired.active = false;
  ASSERT_TRUE(this->store_->append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, e), {}));
  auto record = this->audit_record("it");
  record.detail = "并入经济管理𠮷";
  auto st = this->store_->append_catalogue_change(
      this->change(2, CatalogueAction::kRetire, e, retired), {record});
  ASSERT_TRUE(st) << st.error().describe();
  const auto entries = this->audit_entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].sequence, 1);
  EXPECT_EQ(entries[0].record.action, "command:triage-catalogue-retire");
  EXPECT_EQ(entries[0].record.target, "it");
  EXPECT_EQ(entries[0].record.detail, "并入经济管理𠮷");
  EXPECT_EQ(entries[0].record.remote, "10.0.0.8");
  // An entry appended to the log afterwards chains onto the change's.
  AuditLog* log = this->factory_.audit_log(this->hasher_);
  ASSERT_NE(log, nullptr);
  auto next = log->append(this->audit_record("login"));
  ASSERT_TRUE(next) << next.error().describe();
  EXPECT_EQ(next->sequence, 2);
  EXPECT_EQ(next->prev_hash, entries[0].hash);
}

TYPED_TEST_P(TriageStoreContract, SEC_2_NoCatalogueChangeStandsWithoutItsAuditEntry) {
  using triage::CatalogueAction;
  // The log was started with the platform's chain function; this store is
  // configured with another one, which cannot extend it.
  AuditLog* log = this->factory_.audit_log(this->hasher_);
  ASSERT_NE(log, nullptr);
  ASSERT_TRUE(log->append(this->audit_record("login")));
  this->store_.reset();
  auto store = this->factory_.open(std::make_shared<OtherAuditHasher>());
  ASSERT_NE(store, nullptr);
  auto refused = store->append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("it")),
      {this->audit_record("it")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kStorage) << refused.error().describe();
  EXPECT_TRUE(this->changes(*store).empty()) << "the change stood without its audit entry";
  EXPECT_EQ(this->audit_entries().size(), 1u);
}

TYPED_TEST_P(TriageStoreContract, SEC_2_AStoreWithoutAnAuditLogRefusesEntries) {
  using triage::CatalogueAction;
  this->store_.reset();
  auto store = this->factory_.open(nullptr);
  ASSERT_NE(store, nullptr);
  auto refused = store->append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("it")),
      {this->audit_record("it")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInternal) << refused.error().describe();
  EXPECT_TRUE(this->changes(*store).empty());
  // Without entries (the seeding of the catalogue), it records.
  EXPECT_TRUE(store->append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("it")), {}));
}

TYPED_TEST_P(TriageStoreContract, DIS_2_TextThatCannotBeStoredIsRefusedNamingItsField) {
  using triage::CatalogueAction;
  auto& store = *this->store_;
  auto bad_keyword = this->entry("a");
  bad_keyword.keywords.push_back(std::string("\xE4\xB8", 2));  // a truncated character
  auto st = store.append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, bad_keyword), {});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.error().field, "after.keywords[2]");
  auto nul_reason = this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("a"));
  nul_reason.reason = std::string("理由") + '\0' + "后";
  st = store.append_catalogue_change(nul_reason, {});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "reason");
  auto bad_record = this->audit_record("a");
  bad_record.detail = std::string("x\0y", 3);
  st = store.append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("a")), {bad_record});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(this->changes(store).empty());
  EXPECT_TRUE(this->audit_entries().empty());

  triage::RequestIndex index(this->index_settings());
  auto r = this->request("HL1", "13800000001", at("2026-03-02T09:00:00+08:00"));
  r.district = std::string("district.nankai") + '\0';
  auto observed = this->observe(store, index, r, "噪音", "夜间施工噪音");
  ASSERT_FALSE(observed);
  EXPECT_EQ(observed.error().field, "district");
  st = store.save_history({{"环境保护", "district.nankai", std::string("\xFF", 1), 1.0}});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "records[0].unit");
  triage::RequestIndex restored(this->index_settings());
  ASSERT_TRUE(store.load_index(restored));
  EXPECT_EQ(restored.size(), 0u);
  EXPECT_TRUE(store.history()->empty());
}

TYPED_TEST_P(TriageStoreContract, SUP_1_TRI_5_TheIndexComesBackWithItsClustersAndRecords) {
  triage::RequestIndex index(this->index_settings());
  ASSERT_NO_FATAL_FAILURE(this->observe_a_cluster(*this->store_, index));
  ASSERT_TRUE(this->store_->save_statistics(index.statistics()));

  this->store_.reset();
  auto store = this->factory_.open(this->hasher_);
  ASSERT_NE(store, nullptr);
  triage::RequestIndex restored(this->index_settings());
  auto loaded = store->load_index(restored);
  ASSERT_TRUE(loaded) << loaded.error().describe();
  ASSERT_EQ(restored.size(), 14u);
  EXPECT_EQ(restored.statistics().documents(), index.statistics().documents());
  EXPECT_EQ(restored.statistics().table(), index.statistics().table());
  for (triage::DocId d = 0; d < index.size(); ++d) {
    EXPECT_EQ(restored.request(d).number, index.request(d).number);
    EXPECT_EQ(restored.request(d).applicant_key, index.request(d).applicant_key);
    EXPECT_EQ(restored.request(d).at, index.request(d).at);
    EXPECT_EQ(restored.request(d).district, index.request(d).district);
    EXPECT_EQ(restored.request(d).category, index.request(d).category);
    EXPECT_EQ(restored.cluster_of(d), index.cluster_of(d)) << d;
    EXPECT_EQ(this->terms(restored.fingerprint_of(d)), this->terms(index.fingerprint_of(d))) << d;
  }
  const Instant later = at("2026-03-02T09:00:00+08:00") + Seconds{4 * 3600};
  const auto l3 = restored.find_number("L3");
  ASSERT_TRUE(l3);
  const auto view = restored.cluster(restored.cluster_of(*l3), later);
  EXPECT_EQ(view.requests, 4u);
  EXPECT_TRUE(view.alerted) << "the supervision record was kept";
  auto alerts = store->cluster_alerts();
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().article, "M22(3)");
  EXPECT_EQ(alerts->front().rule, "SUP-1");
  EXPECT_EQ(alerts->front().threshold, 3);
  EXPECT_EQ(alerts->front().applicants, 3u);
  EXPECT_EQ(alerts->front().cluster, restored.cluster_of(*l3));
  // TRI-5 on restored fingerprints: the same neighbours as before.
  const auto query =
      restored.fingerprint("丽发新城搅拌站噪音", "丽发新城附近搅拌站夜间施工噪音扰民");
  const auto before = index.neighbours(query, 0.1, 5);
  const auto after = restored.neighbours(query, 0.1, 5);
  ASSERT_FALSE(after.empty());
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].doc, before[i].doc);
  // SUP-1 on restored anchors (the index keeps them only in its postings, so
  // they come back from the store's fingerprints): the same anchored requests.
  const auto anchored_before = index.anchored(query, 0.01, "", later);
  ASSERT_FALSE(anchored_before.empty()) << "precondition: the cluster shares rare anchors";
  EXPECT_EQ(restored.anchored(query, 0.01, "", later), anchored_before);
  // A fifth applicant joins the restored cluster and raises no second record.
  auto fifth =
      this->observe(*store, restored, this->request("L4", "13800000009", later + Seconds{3600}),
                    "丽发新城搅拌站", "丽发新城搅拌站噪音扰民问题");
  ASSERT_TRUE(fifth) << fifth.error().describe();
  EXPECT_FALSE(fifth->alert);
  EXPECT_EQ(store->cluster_alerts()->size(), 1u);
}

TYPED_TEST_P(TriageStoreContract, SUP_1_ARequestIndexedMeanwhileIsAConflict) {
  // Two instances (nodes) take the same request in, each into its own index.
  auto other = this->factory_.open(this->hasher_);
  ASSERT_NE(other, nullptr);
  triage::RequestIndex mine(this->index_settings()), theirs(this->index_settings());
  const auto r = this->request("HL20260302000001", "13800000001", at("2026-03-02T09:00:00+08:00"));
  ASSERT_TRUE(this->observe(*this->store_, mine, r, "噪音扰民", "丽发新城搅拌站夜间施工噪音扰民"));
  auto again = this->observe(*other, theirs, r, "噪音扰民", "丽发新城搅拌站夜间施工噪音扰民");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict) << again.error().describe();
  triage::RequestIndex restored(this->index_settings());
  ASSERT_TRUE(this->store_->load_index(restored));
  EXPECT_EQ(restored.size(), 1u);
}

TYPED_TEST_P(TriageStoreContract, DIS_8_DispatchHistoryAddsUpAndNeverFallsBelowZero) {
  auto& store = *this->store_;
  const triage::HistoryRecord civil{"民政/社会救助", "district.nankai", "dept.civil-affairs", 1.0};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store.save_history({civil}));
  // A correction moves one dispatch from one unit to another.
  ASSERT_TRUE(store.save_history({{civil.category, civil.district, civil.unit, -1.0},
                                  {civil.category, civil.district, "district.𠮷", 1.0}}));
  ASSERT_TRUE(store.save_history({{"城乡建设", "", "district.heping", 0.5}}));
  auto other = this->factory_.open(this->hasher_);
  ASSERT_NE(other, nullptr);
  auto h = other->history();
  ASSERT_TRUE(h) << h.error().describe();
  auto weight = [&](const std::vector<triage::HistoryRecord>& records, const std::string& unit) {
    for (const auto& r : records) {
      if (r.unit == unit) return r.weight;
    }
    return -100.0;
  };
  EXPECT_EQ(h->size(), 3u);
  EXPECT_DOUBLE_EQ(weight(*h, "dept.civil-affairs"), 2.0);
  EXPECT_DOUBLE_EQ(weight(*h, "district.𠮷"), 1.0);
  EXPECT_DOUBLE_EQ(weight(*h, "district.heping"), 0.5);
  ASSERT_TRUE(store.save_history({{civil.category, civil.district, civil.unit, -5.0}}));
  EXPECT_DOUBLE_EQ(weight(*store.history(), "dept.civil-affairs"), 0.0);
}

TYPED_TEST_P(TriageStoreContract, TRI_5_ThePositionIsKeptAndARebuildClearsAllButTheCatalogue) {
  using triage::CatalogueAction;
  auto& store = *this->store_;
  auto none = store.log_position();
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  ASSERT_TRUE(store.append_catalogue_change(
      this->change(1, CatalogueAction::kAdd, std::nullopt, this->entry("a")), {}));
  triage::RequestIndex index(this->index_settings());
  ASSERT_NO_FATAL_FAILURE(this->observe_a_cluster(store, index));
  ASSERT_TRUE(store.save_statistics(index.statistics()));
  ASSERT_TRUE(store.save_history({{"环境保护", "district.nankai", "dept.ecology", 1.0}}));
  // The rows a page of the log brought, then its position: another
  // instance sees both.
  ASSERT_TRUE(store.save_log_position(41));
  ASSERT_TRUE(store.save_log_position(42));
  {
    auto other = this->factory_.open(this->hasher_);
    ASSERT_NE(other, nullptr);
    auto position = other->log_position();
    ASSERT_TRUE(position && *position);
    EXPECT_EQ(**position, 42);
    triage::RequestIndex seen(this->index_settings());
    ASSERT_TRUE(other->load_index(seen));
    EXPECT_EQ(seen.size(), 14u);
  }

  ASSERT_TRUE(store.clear_index());
  auto cleared = store.log_position();
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(*cleared);
  triage::RequestIndex empty(this->index_settings());
  ASSERT_TRUE(store.load_index(empty));
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.statistics().documents(), 0u);
  EXPECT_TRUE(store.cluster_alerts()->empty());
  EXPECT_TRUE(store.history()->empty());
  EXPECT_EQ(this->changes(store).size(), 1u) << "the catalogue stays";
  // Rebuilt from the first request on, the rows are taken again.
  triage::RequestIndex rebuilt(this->index_settings());
  ASSERT_NO_FATAL_FAILURE(this->observe_a_cluster(store, rebuilt));
  ASSERT_TRUE(store.save_log_position(42));
  EXPECT_EQ(**store.log_position(), 42);
}

TYPED_TEST_P(TriageStoreContract, TRI_5_AnImportsWritesAreKeptAtItsEndAndAFailedOneAlone) {
  auto& store = *this->store_;
  triage::RequestIndex index(this->index_settings());
  ASSERT_TRUE(store.begin_bulk());
  const Instant now = at("2026-03-02T09:00:00+08:00");
  ASSERT_TRUE(this->observe(store, index, this->request("T1", "13800000001", now), "噪音",
                            "丽发新城搅拌站夜间施工噪音扰民"));
  // A request taken in already fails alone; the import goes on.
  triage::RequestIndex elsewhere(this->index_settings());
  auto again = this->observe(store, elsewhere, this->request("T1", "13800000001", now), "噪音",
                             "丽发新城搅拌站夜间施工噪音扰民");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict) << again.error().describe();
  ASSERT_TRUE(this->observe(store, index, this->request("T2", "13800000002", now), "道路",
                            "学校门口道路破损积水"));
  ASSERT_TRUE(store.save_statistics(index.statistics()));
  ASSERT_TRUE(store.save_log_position(3));
  // The importer reads its own writes.
  triage::RequestIndex own(this->index_settings());
  ASSERT_TRUE(store.load_index(own));
  EXPECT_EQ(own.size(), 2u);
  ASSERT_TRUE(store.end_bulk());
  EXPECT_TRUE(store.end_bulk()) << "a second end has nothing to do";

  this->store_.reset();
  auto reopened = this->factory_.open(this->hasher_);
  ASSERT_NE(reopened, nullptr);
  triage::RequestIndex restored(this->index_settings());
  ASSERT_TRUE(reopened->load_index(restored));
  ASSERT_EQ(restored.size(), 2u);
  EXPECT_EQ(restored.request(1).number, "T2");
  EXPECT_EQ(restored.statistics().documents(), 2u);
  EXPECT_EQ(**reopened->log_position(), 3);
}

REGISTER_TYPED_TEST_SUITE_P(TriageStoreContract,
                            DIS_2_CatalogueChangesComeBackInOrderWithTheirEntries,
                            DIS_2_ASequenceRecordedMeanwhileIsAConflict,
                            SEC_2_ACatalogueChangeAndItsAuditEntryCommitTogether,
                            SEC_2_NoCatalogueChangeStandsWithoutItsAuditEntry,
                            SEC_2_AStoreWithoutAnAuditLogRefusesEntries,
                            DIS_2_TextThatCannotBeStoredIsRefusedNamingItsField,
                            SUP_1_TRI_5_TheIndexComesBackWithItsClustersAndRecords,
                            SUP_1_ARequestIndexedMeanwhileIsAConflict,
                            DIS_8_DispatchHistoryAddsUpAndNeverFallsBelowZero,
                            TRI_5_ThePositionIsKeptAndARebuildClearsAllButTheCatalogue,
                            TRI_5_AnImportsWritesAreKeptAtItsEndAndAFailedOneAlone);

}  // namespace hotline::testing
