#pragma once
// The knowledge base wired to a real SqliteKnowledgeStore in a temporary
// directory, an in-memory Xapian index, a FakeClock and the shipped policies,
// calendar and demo organisation (through the TOML adapters).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "adapters/json/article_json.h"
#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "adapters/xapian/xapian_article_index.h"
#include "core/knowledge/knowledge_service.h"

namespace hotline::testing_kb {

inline Instant at(const char* text) {
  auto t = parse_iso8601(text);
  EXPECT_TRUE(t) << text;
  return t ? *t : Instant{};
}

inline Actor unit_staff(std::string unit = "dept.medical-security") {
  return {"staff.li", Role::kUnitStaff, std::move(unit)};
}
inline Actor reviewer() { return {"dispatcher.zhao", Role::kDispatcher, "office"}; }
inline Actor agent() { return {"agent.wang", Role::kAgent, "office"}; }
inline Actor applicant() { return {"citizen", Role::kApplicant, ""}; }

inline ArticleContent content(std::string title, std::string body) {
  ArticleContent c;
  c.title = std::move(title);
  c.body = std::move(body);
  c.legal_basis = "《天津市基本医疗保险规定》";
  c.scope = "本市";
  c.subjects = "参保人员";
  c.conditions = "在定点医疗机构就医";
  c.faq = {{"能报多少？", "按比例报销。"}};
  c.tags = {"医保"};
  c.catalogue = "医疗保障/待遇报销";
  return c;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class KnowledgeFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path data = HOTLINE_DATA_DIR;
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline-kb-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto policies = load_policy_dir(data / "policies");
    ASSERT_TRUE(policies) << policies.error().describe();
    policies_ = std::move(*policies);
    auto years = load_calendar_dir(data / "calendar");
    ASSERT_TRUE(years);
    auto calendar = WorkingDayCalendar::create(std::move(*years));
    ASSERT_TRUE(calendar);
    calendar_.emplace(std::move(*calendar));
    auto units = load_organisation_file(data / "demo" / "organisation.toml");
    ASSERT_TRUE(units);
    auto org = Organisation::create(std::move(*units));
    ASSERT_TRUE(org);
    organisation_.emplace(std::move(*org));
    open();
  }

  void TearDown() override {
    service_.reset();
    index_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open() {
    service_.reset();
    store_.reset();
    auto store = SqliteKnowledgeStore::open(dir_ / "kb.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    if (!index_) {
      auto index = XapianArticleIndex::in_memory();
      ASSERT_TRUE(index);
      index_ = std::move(*index);
    }
    KnowledgeOptions options;
    options.remind_before = Seconds{30 * 86400};
    service_ = std::make_unique<KnowledgeService>(*store_, *index_, clock_, *calendar_, policies_,
                                                  *organisation_, options);
  }

  // A published article of `unit`, through the whole workflow.
  Article published(std::string id, ArticleType type, ArticleContent c,
                    std::string unit = "dept.medical-security",
                    std::optional<Audience> audience = std::nullopt) {
    ArticleDraft d;
    d.id = std::move(id);
    d.type = type;
    d.unit = unit;
    d.audience = audience;
    d.content = std::move(c);
    auto a = service_->create(unit_staff(unit), d, "new");
    EXPECT_TRUE(a) << a.error().describe();
    EXPECT_TRUE(service_->submit(unit_staff(unit), d.id, "ready"));
    auto p = service_->approve(reviewer(), d.id, "ok");
    EXPECT_TRUE(p) << p.error().describe();
    return p ? *p : Article{};
  }

  std::vector<std::string> ids(const std::optional<Actor>& actor, const std::string& text,
                               bool include_expired = false) {
    SearchQuery q;
    q.text = text;
    q.limit = 20;
    auto r = service_->search(actor, q, include_expired);
    EXPECT_TRUE(r) << r.error().describe();
    std::vector<std::string> out;
    if (r)
      for (const auto& h : r->hits) out.push_back(h.id);
    return out;
  }

  std::filesystem::path dir_;
  PolicySet policies_;
  std::optional<WorkingDayCalendar> calendar_;
  std::optional<Organisation> organisation_;
  FakeClock clock_{at("2026-03-02T09:00:00+08:00")};  // a Monday
  std::unique_ptr<SqliteKnowledgeStore> store_;
  std::unique_ptr<XapianArticleIndex> index_;
  std::unique_ptr<KnowledgeService> service_;
};

}  // namespace hotline::testing_kb
