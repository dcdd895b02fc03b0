// SPEC: SEC-2 [M27, R28], KB-1, DIS-2, ANA-3 — issue 9: one file for the embedded
// store. The knowledge base and triage keep their tables in the platform's
// file; a file of their own from an earlier version is moved in once, and
// nothing is lost or moved twice; their changes commit with their audit
// entries, so no change stands without one.
#include <gtest/gtest.h>

#include "adapters/json/calendar_json.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sqlite/sqlite_calendar_store.h"
#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_shared_connection.h"
#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/xapian/xapian_article_index.h"
#include "application/governance.h"
#include "application/holiday_calendar.h"
#include "application/knowledge_base.h"
#include "application/triage.h"
#include "core/calendar/holiday_notice.h"
#include "core/security/privacy_guard.h"
#include "support/engine_on_shipped_data.h"
#include "support/test_audit_hasher.h"
#include "triage_fixture.h"

namespace hotline::testing {
namespace {

constexpr const char* kKnowledgeMark =
    "PRAGMA application_id = 1213158475; PRAGMA user_version = 1";
constexpr const char* kTriageMark = "PRAGMA application_id = 1213158484; PRAGMA user_version = 1";

class OneFile : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteWorkOrderStore::open(platform_file());  // marks the file as ours
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto shared = sqlite::SharedConnection::open(platform_file(), /*create=*/false);
    ASSERT_TRUE(shared) << shared.error().describe();
    shared_ = std::move(*shared);
  }

  std::filesystem::path platform_file() const { return dir_ / "hotline.db"; }
  std::filesystem::path former_kb() const {
    return SqliteKnowledgeStore::former_file(platform_file());
  }
  std::filesystem::path former_triage() const {
    return SqliteTriageStore::former_file(platform_file());
  }

  // A knowledge base in a file of its own, as an earlier version left it.
  void make_former_kb(const std::vector<std::vector<std::string>>& synonyms) {
    {
      auto kb = SqliteKnowledgeStore::open(former_kb());
      ASSERT_TRUE(kb) << kb.error().describe();
      ASSERT_TRUE((*kb)->save_synonyms(synonyms));
    }
    mark(former_kb(), kKnowledgeMark);
  }
  static void mark(const std::filesystem::path& file, const char* pragmas) {
    auto c = sqlite::Connection::open(file, false);
    ASSERT_TRUE(c) << c.error().describe();
    ASSERT_TRUE((*c)->exec(pragmas));
  }
  Result<std::unique_ptr<SqliteKnowledgeStore>> open_kb() {
    return SqliteKnowledgeStore::open(shared_, former_kb());
  }
  static bool exists(const std::filesystem::path& p) { return std::filesystem::exists(p); }

  ScratchDir dir_{"hotline-one-file"};
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::shared_ptr<sqlite::SharedConnection> shared_;
};

TEST_F(OneFile, ISSUE9_AFormerKnowledgeBaseFileIsMovedInOnce) {
  make_former_kb({{"医保", "医疗保险"}, {"𠮷野家", "吉野家"}});
  {
    auto kb = open_kb();
    ASSERT_TRUE(kb) << kb.error().describe();
    auto groups = (*kb)->load_synonyms();
    ASSERT_TRUE(groups);
    ASSERT_EQ(groups->size(), 2u);
    EXPECT_EQ(groups->at(1).at(0), "𠮷野家");
  }
  EXPECT_FALSE(exists(former_kb()));
  EXPECT_TRUE(exists(former_kb().string() + ".adopted")) << "the former file is kept";

  // A crash between the commit and the rename leaves the file in place: the
  // next open only renames it, it does not move the rows a second time.
  std::filesystem::rename(former_kb().string() + ".adopted", former_kb());
  auto again = open_kb();
  ASSERT_TRUE(again) << again.error().describe();
  auto groups = (*again)->load_synonyms();
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->size(), 2u);
  EXPECT_FALSE(exists(former_kb()));
}

TEST_F(OneFile, ISSUE9_AFileThatIsNotTheStoresOwnIsRefusedAndNothingIsMoved) {
  {
    auto c = sqlite::Connection::open(former_kb(), true);
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->exec("CREATE TABLE kb_synonyms (grp, pos, term)"));
  }
  auto kb = open_kb();
  ASSERT_FALSE(kb);
  EXPECT_NE(kb.error().message.find(former_kb().string()), std::string::npos) << kb.error().message;
  EXPECT_TRUE(exists(former_kb()));
}

TEST_F(OneFile, ISSUE9_APlatformFileWithAKnowledgeBaseRefusesASecondOne) {
  {
    auto kb = SqliteKnowledgeStore::open(shared_);
    ASSERT_TRUE(kb);
    ASSERT_TRUE((*kb)->save_synonyms({{"公交", "公共汽车"}}));
  }
  make_former_kb({{"医保", "医疗保险"}});
  auto kb = open_kb();
  ASSERT_FALSE(kb);
  EXPECT_NE(kb.error().message.find("already holds"), std::string::npos) << kb.error().message;
  EXPECT_TRUE(exists(former_kb()));
  auto mine = SqliteKnowledgeStore::open(shared_);
  ASSERT_TRUE(mine);
  auto groups = (*mine)->load_synonyms();
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 1u) << "nothing of the refused file was moved in";
  EXPECT_EQ(groups->at(0).at(0), "公交");
}

TEST_F(OneFile, ISSUE9_AFormerTriageFileIsMovedIn) {
  const auto& sh = triage_testing::shipped();
  {
    auto former = SqliteTriageStore::open(former_triage());
    ASSERT_TRUE(former) << former.error().describe();
    triage::TriageService service(sh.organisation, sh.policies, sh.deadlines, {}, sh.catalogue(),
                                  sh.gazetteer, former->get());
    ASSERT_TRUE(service.load(Actor::system(), at("2026-03-02T09:00:00+08:00")));
    ASSERT_TRUE((*former)->save_log_position(42));
  }
  mark(former_triage(), kTriageMark);
  SqliteTriageStore::Options options;
  options.former_file = former_triage();
  auto store = SqliteTriageStore::open(platform_file(), options);
  ASSERT_TRUE(store) << store.error().describe();
  auto changes = (*store)->catalogue_changes();
  ASSERT_TRUE(changes);
  EXPECT_EQ(changes->size(), sh.entries.size()) << "each seeded entry moved in";
  auto position = (*store)->log_position();
  ASSERT_TRUE(position && *position);
  EXPECT_EQ(**position, 42);
  EXPECT_FALSE(exists(former_triage()));
}

// ---- A change and its audit entry commit together ----

class SideStoreAudit : public OneFile {
 protected:
  // The log's first entry, chained with BLAKE2b; later appends with
  // `hasher` (another function cannot extend the chain).
  void open_security(std::shared_ptr<const AuditHasher> hasher) {
    guard_.reset();
    security_.reset();
    auto security = SqliteSecurityStore::open(shared_, platform_file(), hasher);
    ASSERT_TRUE(security) << security.error().describe();
    security_ = std::move(*security);
    guard_ = std::make_unique<PrivacyGuard>(*security_, clock_, *shipped_data().organisation);
  }
  void start_log() {
    open_security(blake2b_);
    AuditRecord first;
    first.at = clock_.now();
    first.actor = dispatcher_;
    first.action = "login";
    first.target = dispatcher_.id;
    ASSERT_TRUE(security_->append(first));
  }
  std::vector<AuditEntry> entries() {
    auto read = security_->read(0, 100);
    EXPECT_TRUE(read) << read.error().describe();
    return read ? *read : std::vector<AuditEntry>{};
  }

  void open_knowledge_base() {
    auto kb = SqliteKnowledgeStore::open(shared_);
    ASSERT_TRUE(kb) << kb.error().describe();
    kb_store_ = std::move(*kb);
    auto index = XapianArticleIndex::in_memory();
    ASSERT_TRUE(index);
    index_ = std::move(*index);
    service_ = std::make_unique<KnowledgeService>(*kb_store_, *index_, clock_,
                                                  *shipped_data().calendar, shipped_data().policies,
                                                  *shipped_data().organisation, KnowledgeOptions{});
    std::shared_ptr<sqlite::SharedConnection> db = shared_;
    knowledge_base_ = std::make_unique<KnowledgeBase>(
        *service_, guard_.get(),
        [db](const std::function<Status()>& body) { return db->atomically(body); });
  }
  Result<nlohmann::json> set_synonyms() {
    OperationCall call;
    call.actor = dispatcher_;
    call.remote = "10.0.0.8";
    call.body = nlohmann::json::object();
    call.body["groups"] = nlohmann::json::array({nlohmann::json::array({"医保", "医疗保险"})});
    return knowledge_base_->execute(kb::SetSynonyms::kSpec.name, call);
  }

  void open_triage(std::shared_ptr<const AuditHasher> hasher) {
    const auto& sh = triage_testing::shipped();
    SqliteTriageStore::Options options;
    options.audit_hasher = std::move(hasher);
    auto store = SqliteTriageStore::open(platform_file(), options);
    ASSERT_TRUE(store) << store.error().describe();
    triage_store_ = std::move(*store);
    triage_ = std::make_unique<triage::TriageService>(sh.organisation, sh.policies, sh.deadlines,
                                                      triage::TriageSettings{}, sh.catalogue(),
                                                      sh.gazetteer, triage_store_.get());
    ASSERT_TRUE(triage_->load(Actor::system(), clock_.now()));
    triage_use_case_ = std::make_unique<Triage>(TriageContext{*triage_, clock_}, guard_.get());
  }
  Result<nlohmann::json> retire(const std::string& id) {
    OperationCall call;
    call.actor = dispatcher_;
    call.remote = "10.0.0.8";
    call.path = {{"id", id}};
    call.body = {{"reason", "并入经济管理"}};
    return triage_use_case_->execute(triage_ops::RetireEntry::kSpec.name, call);
  }
  bool retired_in_store(const std::string& id) {
    auto changes = triage_store_->catalogue_changes();
    EXPECT_TRUE(changes);
    for (const auto& c : changes ? *changes : std::vector<triage::CatalogueChange>{}) {
      if (c.entry_id == id && c.action == triage::CatalogueAction::kRetire) return true;
    }
    return false;
  }

  void open_calendar(std::shared_ptr<const AuditHasher> hasher) {
    auto store = SqliteCalendarStore::open(platform_file(), std::move(hasher));
    ASSERT_TRUE(store) << store.error().describe();
    calendar_store_ = std::move(*store);
    calendar_.emplace(*shipped_data().calendar);
    calendar_admin_ = std::make_unique<CalendarAdmin>(*calendar_, *calendar_store_, clock_);
    holidays_ =
        std::make_unique<HolidayCalendar>(CalendarContext{*calendar_admin_, clock_}, guard_.get());
  }
  // 2027, the year after the shipped ones, with one test holiday (TEST
  // DATA, not the State Council's notice).
  Result<nlohmann::json> add_2027() {
    CalendarYear y;
    y.year = 2027;
    y.notice = "测试用通知";
    y.source = "测试〔𠮷〕1号";
    y.periods = {{"测试节", *parse_date("2027-01-04"), *parse_date("2027-01-04"), {}}};
    OperationCall call;
    call.actor = administrator_;
    call.remote = "10.0.0.9";
    call.body = calendar_year_to_json(y);
    return holidays_->execute(calendar_ops::AddCalendarYear::kSpec.name, call);
  }

  // ANA-3: the Governance use case on a research store chaining with
  // `hasher` (triage, for the clusters a research names, on BLAKE2b).
  void open_research(std::shared_ptr<const AuditHasher> hasher) {
    open_triage(blake2b_);
    auto store = SqliteResearchStore::open(platform_file(), std::move(hasher));
    ASSERT_TRUE(store) << store.error().describe();
    research_store_ = std::move(*store);
    auto suggestions = SqliteSuggestionStore::open(platform_file());
    ASSERT_TRUE(suggestions) << suggestions.error().describe();
    suggestions_ = std::move(*suggestions);
    research_ = std::make_unique<analysis::SpecialResearchService>(
        *research_store_, *shipped_data().organisation, clock_);
    models_ = std::make_unique<analysis::ModelAccuracyService>(*suggestions_,
                                                               analysis::DriftSettings{}, clock_);
    governance_ = std::make_unique<Governance>(
        GovernanceContext{*models_, *research_, *triage_, analysis::RecurringSettings{}, clock_},
        guard_.get());
  }
  Result<nlohmann::json> open_research_on(const std::string& title) {
    OperationCall call;
    call.actor = dispatcher_;
    call.remote = "10.0.0.7";
    call.body = {{"title", title},
                 {"problem", "每月均有投诉"},
                 {"units", {"district.heping"}},
                 {"reason", "反复投诉"}};
    return governance_->execute(governance_ops::OpenResearch::kSpec.name, call);
  }

  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};
  Actor dispatcher_{"dispatcher.li", Role::kDispatcher, "office"};
  Actor administrator_{"admin.wang", Role::kAdministrator, "office"};
  std::shared_ptr<const AuditHasher> blake2b_ = std::make_shared<Blake2bAuditHasher>();
  std::unique_ptr<SqliteSecurityStore> security_;
  std::unique_ptr<PrivacyGuard> guard_;
  std::unique_ptr<SqliteKnowledgeStore> kb_store_;
  std::unique_ptr<XapianArticleIndex> index_;
  std::unique_ptr<KnowledgeService> service_;
  std::unique_ptr<KnowledgeBase> knowledge_base_;
  std::unique_ptr<SqliteTriageStore> triage_store_;
  std::unique_ptr<triage::TriageService> triage_;
  std::unique_ptr<Triage> triage_use_case_;
  std::unique_ptr<SqliteCalendarStore> calendar_store_;
  std::optional<WorkingDayCalendar> calendar_;
  std::unique_ptr<CalendarAdmin> calendar_admin_;
  std::unique_ptr<HolidayCalendar> holidays_;
  std::unique_ptr<SqliteResearchStore> research_store_;
  std::unique_ptr<SqliteSuggestionStore> suggestions_;
  std::unique_ptr<analysis::SpecialResearchService> research_;
  std::unique_ptr<analysis::ModelAccuracyService> models_;
  std::unique_ptr<Governance> governance_;
};

TEST_F(SideStoreAudit, SEC_2_AKnowledgeBaseChangeAndItsEntryCommitTogether) {
  open_security(blake2b_);
  open_knowledge_base();
  auto set = set_synonyms();
  ASSERT_TRUE(set) << set.error().describe();
  auto groups = kb_store_->load_synonyms();
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->size(), 1u);
  const auto log = entries();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].record.action, "command:kb-set-synonyms");
  EXPECT_EQ(log[0].record.remote, "10.0.0.8");
  EXPECT_TRUE(log[0].record.success);
}

TEST_F(SideStoreAudit, SEC_2_NoKnowledgeBaseChangeStandsWithoutItsAuditEntry) {
  start_log();
  open_security(std::make_shared<TestAuditHasher>());
  open_knowledge_base();
  auto set = set_synonyms();
  ASSERT_FALSE(set);
  EXPECT_TRUE(set.error().field.empty())
      << "refused for its body, not its entry: " << set.error().describe();
  auto groups = kb_store_->load_synonyms();
  ASSERT_TRUE(groups);
  EXPECT_TRUE(groups->empty()) << "the synonyms stood without their audit entry";
}

TEST_F(SideStoreAudit, SEC_2_ACatalogueChangeAndItsEntryCommitTogether) {
  open_security(blake2b_);
  open_triage(blake2b_);
  auto retired = retire("it");
  ASSERT_TRUE(retired) << retired.error().describe();
  EXPECT_TRUE(retired_in_store("it"));
  // An unknown entry is refused; the refusal has an entry of its own.
  ASSERT_FALSE(retire("no-such-entry"));
  const auto log = entries();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].record.action, "command:triage-catalogue-retire");
  EXPECT_EQ(log[0].record.target, "it");
  EXPECT_TRUE(log[0].record.success);
  EXPECT_FALSE(log[1].record.success);
  EXPECT_EQ(log[1].prev_hash, log[0].hash) << "the triage store and the security store keep one "
                                              "chain";
  auto verified = security_->verify_audit();
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->intact()) << verified->explanation;
}

TEST_F(SideStoreAudit, SEC_2_NoCatalogueChangeStandsWithoutItsAuditEntry) {
  start_log();
  open_triage(std::make_shared<TestAuditHasher>());
  auto retired = retire("it");
  ASSERT_FALSE(retired);
  EXPECT_EQ(retired.error().code, ErrorCode::kStorage) << retired.error().describe();
  EXPECT_FALSE(retired_in_store("it")) << "the change stood without its audit entry";
  bool active = false;
  for (const auto& e : triage_->catalogue_entries()) active |= e.id == "it" && e.active;
  EXPECT_TRUE(active) << "the catalogue in memory changed although the store refused";
}

TEST_F(SideStoreAudit, SEC_2_ISSUE9_13_ACalendarYearAndItsEntryCommitTogether) {
  start_log();
  open_calendar(blake2b_);
  ASSERT_EQ(calendar_->last_year(), 2026);
  auto added = add_2027();
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_EQ(calendar_->last_year(), 2027);
  // A second time is refused, and the refusal has an entry of its own.
  EXPECT_EQ(add_2027().error().code, ErrorCode::kConflict);
  const auto log = entries();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].record.action, "command:calendar-add-year");
  EXPECT_EQ(log[1].record.target, "2027");
  EXPECT_EQ(log[1].record.detail, "测试〔𠮷〕1号");
  EXPECT_EQ(log[1].record.remote, "10.0.0.9");
  EXPECT_TRUE(log[1].record.success);
  EXPECT_EQ(log[1].prev_hash, log[0].hash)
      << "the calendar store and the security store keep one chain";
  EXPECT_FALSE(log[2].record.success);
  auto verified = security_->verify_audit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->explanation;
}

TEST_F(SideStoreAudit, SEC_2_ISSUE9_13_NoCalendarYearStandsWithoutItsAuditEntry) {
  start_log();
  open_calendar(std::make_shared<TestAuditHasher>());
  auto added = add_2027();
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kStorage) << added.error().describe();
  auto stored = calendar_store_->load_years();
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->empty()) << "the year stood without its audit entry";
  EXPECT_EQ(calendar_->last_year(), 2026) << "the calendar in memory took a year not stored";
}

TEST_F(SideStoreAudit, SEC_2_ANA_3_ASpecialResearchAndItsEntryCommitTogether) {
  start_log();
  open_research(blake2b_);
  auto opened = open_research_on("和平路𠮷祥里噪音专题");
  ASSERT_TRUE(opened) << opened.error().describe();
  // A unit may not open one: refused before anything is read, with an entry.
  OperationCall call;
  call.actor = Actor{"unit.zhao", Role::kUnitStaff, "district.heping"};
  call.body = {{"title", "x"}, {"problem", "y"}, {"reason", "z"}};
  auto refused = governance_->execute(governance_ops::OpenResearch::kSpec.name, call);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
  const auto log = entries();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].record.action, "command:research-open");
  EXPECT_EQ(log[1].record.remote, "10.0.0.7");
  EXPECT_TRUE(log[1].record.success);
  EXPECT_EQ(log[1].prev_hash, log[0].hash)
      << "the research store and the security store keep one chain";
  EXPECT_EQ(log[2].record.action, "command:research-open");
  EXPECT_FALSE(log[2].record.success);
  auto verified = security_->verify_audit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact()) << verified->explanation;
  auto stored = research_store_->list();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().title, "和平路𠮷祥里噪音专题");
}

TEST_F(SideStoreAudit, SEC_2_ANA_3_NoSpecialResearchStandsWithoutItsAuditEntry) {
  start_log();
  open_research(std::make_shared<TestAuditHasher>());
  auto opened = open_research_on("和平路噪音专题");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kStorage) << opened.error().describe();
  auto stored = research_store_->list();
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->empty()) << "the record stood without its audit entry";
}

}  // namespace
}  // namespace hotline::testing
