// PgAnalysisArchive against the contract every analysis archive runs
// (tests/support/analysis_archive_contract.h), on the run's PostgreSQL 15
// server, a schema per test; then what only a server shows: reopening, day
// parts of a realistic size through BYTEA, two nodes interning units at once.
//
// SPEC: EVA-1, ANA-1 — as the contract lists; issue 14 (PostgreSQL).

#include <barrier>
#include <thread>

#include "adapters/postgresql/pg_analysis_archive.h"
#include "support/analysis_archive_contract.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {
namespace {

struct PgAnalysisArchiveFactory {
  void set_up() { schema = std::make_unique<PgScratchSchema>(); }
  std::unique_ptr<AnalysisArchive> open() {
    auto archive = PgAnalysisArchive::open(schema->target());
    EXPECT_TRUE(archive) << archive.error().describe();
    return archive ? std::move(*archive) : nullptr;
  }
  void tear_down() { schema.reset(); }
  std::unique_ptr<PgScratchSchema> schema;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgresql, AnalysisArchiveContract,
                               ::testing::Types<PgAnalysisArchiveFactory>);

namespace {

class PgAnalysisArchiveTest : public ::testing::Test {
 protected:
  std::unique_ptr<PgAnalysisArchive> open() {
    auto archive = PgAnalysisArchive::open(schema_.target());
    EXPECT_TRUE(archive) << archive.error().describe();
    return archive ? std::move(*archive) : nullptr;
  }
  static ArchivedRecord work_order(std::string id, std::vector<ArchivedContribution> parts) {
    ArchivedRecord r;
    r.stream = std::move(id);
    r.work_order = true;
    r.facts = std::string("\0facts\xff", 7);
    r.request = "2026110100000001";
    r.category = "城乡建设/𠮷";
    r.district = "district.𡒄";
    r.closed_day = 20400;
    r.contributions = std::move(parts);
    return r;
  }
  // Every byte value, in a part bigger than PostgreSQL keeps in its row.
  static std::string bytes(std::size_t size, int salt) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 31 + salt) % 256);
    return s;
  }

  PgScratchSchema schema_;
};

// A restart: a new store on the schema answers what the old one archived,
// the day parts byte for byte (a megabyte of cells goes out of line).
TEST_F(PgAnalysisArchiveTest, ANA_1_ISSUE14_a_reopened_archive_keeps_records_and_day_parts) {
  const std::string cells = bytes(1 << 20, 1);
  const std::string coarse = bytes(50'000, 2);
  {
    auto archive = open();
    ASSERT_TRUE(archive);
    ASSERT_TRUE(archive->put(7, {work_order("A-1", {{20390, "street.𡒄", 4, 1}})}));
    ASSERT_TRUE(archive->put_days(7, {{20390, cells, coarse}, {20391, "small", ""}}));
  }
  auto archive = open();
  ASSERT_TRUE(archive);
  auto got = archive->get("A-1");
  ASSERT_TRUE(got && got->has_value()) << (got ? "" : got.error().describe());
  EXPECT_EQ((*got)->facts, std::string("\0facts\xff", 7));
  EXPECT_EQ((*got)->district, "district.𡒄");
  ASSERT_EQ((*got)->contributions.size(), 1u);
  EXPECT_EQ((*got)->contributions[0].unit, "street.𡒄");
  auto rows = archive->contributions("street.𡒄", 20390, 20390, {4});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].work_order, "A-1");
  auto whole = archive->days(20390, 20391, DayDetail::kCells);
  ASSERT_TRUE(whole) << whole.error().describe();
  ASSERT_EQ(whole->size(), 2u);
  EXPECT_TRUE((*whole)[0].cells == cells) << "the megabyte of cells comes back intact";
  EXPECT_EQ((*whole)[0].coarse, "");
  auto reduced = archive->days(20390, 20391, DayDetail::kCoarse);
  ASSERT_TRUE(reduced);
  ASSERT_EQ(reduced->size(), 2u);
  EXPECT_TRUE((*reduced)[0].coarse == coarse);
  EXPECT_EQ((*reduced)[0].cells, "") << "a coarse read leaves the cells out";
  EXPECT_EQ((*reduced)[1].cells, "small") << "a part without coarse cells is read whole";
}

// Two nodes archiving at once work orders that contribute to the same units
// new to the archive, in opposite orders: every put succeeds (no unique
// violation, no deadlock), each unit gets one number, and each node reads
// the other's records with their units' names.
TEST_F(PgAnalysisArchiveTest, EVA_1_ISSUE14_two_nodes_interning_the_same_new_units_agree) {
  auto node_a = open();
  auto node_b = open();
  ASSERT_TRUE(node_a && node_b);
  constexpr int kRounds = 25;
  constexpr int kUnits = 8;
  std::barrier round(2);
  std::atomic<int> failures{0};
  auto archive_on = [&](PgAnalysisArchive& node, const char* name, bool ascending) {
    for (int r = 0; r < kRounds; ++r) {
      std::vector<ArchivedContribution> parts;
      for (int k = 0; k < kUnits; ++k) {
        const int unit = ascending ? k : kUnits - 1 - k;
        parts.push_back(
            {100 + r, "unit." + std::to_string(r) + "." + std::to_string(unit) + ".𡒄", 4, 1});
      }
      round.arrive_and_wait();  // both intern round r's units at once
      auto st = node.put(r + 1, {work_order(std::string(name) + "-" + std::to_string(r), parts)});
      if (!st) {
        ADD_FAILURE() << name << " round " << r << ": " << st.error().describe();
        ++failures;
      }
    }
  };
  std::thread a([&] { archive_on(*node_a, "A", true); });
  std::thread b([&] { archive_on(*node_b, "B", false); });
  a.join();
  b.join();
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(schema_.exec("SELECT count(*) FROM analysis_archive_units")[0][0].as<int>(),
            kRounds * kUnits);
  for (int r = 0; r < kRounds; ++r) {
    for (int k = 0; k < kUnits; ++k) {
      const std::string unit = "unit." + std::to_string(r) + "." + std::to_string(k) + ".𡒄";
      auto rows = node_a->contributions(unit, 0, 1000, {4});
      ASSERT_TRUE(rows);
      ASSERT_EQ(rows->size(), 2u) << unit;
      EXPECT_EQ((*rows)[0].work_order, "A-" + std::to_string(r));
      EXPECT_EQ((*rows)[1].work_order, "B-" + std::to_string(r));
    }
  }
  auto other = node_a->get("B-3");
  ASSERT_TRUE(other && other->has_value());
  ASSERT_EQ((*other)->contributions.size(), static_cast<std::size_t>(kUnits));
  EXPECT_EQ((*other)->contributions[0].unit, "unit.3.7.𡒄");
}

}  // namespace
}  // namespace hotline::testing
