// SPEC: SUP-1, ANA-2, REP-2, REP-3 — clusters and reply checks on the real public data
// (../shared/data/tipdm: hot_messages.tsv with public support counts, replies.tsv).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/triage/reply_check.h"
#include "core/triage/request_index.h"
#include "triage_fixture.h"

namespace hotline {
namespace {

using Rows = std::vector<std::map<std::string, std::string>>;

Rows read_tsv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  EXPECT_TRUE(in) << file;
  std::string line;
  std::vector<std::string> header;
  Rows rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t p; (p = l.find('\t', start)) != std::string::npos; start = p + 1) {
      cells.push_back(l.substr(start, p - start));
    }
    cells.push_back(l.substr(start));
    return cells;
  };
  if (std::getline(in, line)) header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

Instant data_time(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  std::sscanf(s.c_str(), "%d/%d/%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se);
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  return ymd.ok() ? at_local(LocalDate{ymd}, Seconds{h * 3600 + mi * 60 + se}) : Instant{};
}

const std::filesystem::path kTipdm = triage_testing::shared_dir() / "data" / "tipdm";

TEST(TriageData, SUP_1_TheBiggestClustersOfHotMessagesAreTheKnownHotIssues) {
  auto rows = read_tsv(kTipdm / "hot_messages.tsv");
  ASSERT_EQ(rows.size(), 4326u);
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return data_time(a.at("time")) < data_time(b.at("time"));
  });
  triage::RequestIndex index(triage_testing::shipped().settings.index);
  for (const auto& r : rows) {
    triage::IndexedRequest x;
    x.number = r.at("id");
    x.applicant_key = "user:" + r.at("user");
    x.at = data_time(r.at("time"));
    index.observe(x, r.at("subject"), r.at("detail"));
  }
  // Over the whole year: the clusters with most distinct applicants.
  const Instant end = data_time(rows.back().at("time"));
  std::map<triage::DocId, std::set<std::string>> applicants;
  for (triage::DocId d = 0; d < index.size(); ++d) {
    applicants[index.cluster_of(d)].insert(index.request(d).applicant_key);
  }
  std::vector<std::pair<std::size_t, triage::DocId>> ranked;
  for (const auto& [id, users] : applicants) ranked.emplace_back(users.size(), id);
  std::sort(ranked.rbegin(), ranked.rend());
  std::string top3;
  for (int i = 0; i < 3; ++i) {
    const auto doc = *index.find_number(index.request(ranked[i].second).number);
    for (const auto& r : rows) {
      if (r.at("id") == index.request(doc).number) top3 += r.at("subject") + " | ";
    }
  }
  // The TipDM 2020 hot issues: 伊景园滨河苑捆绑销售车位, 丽发新城搅拌站, 魅力之城油烟扰民.
  EXPECT_NE(top3.find("伊景园"), std::string::npos) << top3;
  EXPECT_NE(top3.find("丽发新城"), std::string::npos) << top3;
  EXPECT_GE(ranked[0].first, 25u);
  // The 58车贷 messages (an issue with 800+ likes) mostly share one cluster.
  std::map<triage::DocId, int> car_loan;
  int car_loan_total = 0;
  for (triage::DocId d = 0; d < index.size(); ++d) {
    for (const auto& r : rows) {
      if (r.at("id") != index.request(d).number) continue;
      if (r.at("subject").find("58车贷") != std::string::npos) {
        ++car_loan[index.cluster_of(d)];
        ++car_loan_total;
      }
      break;
    }
  }
  int biggest = 0;
  for (const auto& [id, n] : car_loan) biggest = std::max(biggest, n);
  EXPECT_GE(biggest * 2, car_loan_total) << "at least half of the 58车贷 messages together";
  // Unrelated messages are not swept into one giant cluster.
  EXPECT_LT(ranked[0].first, 100u);
  (void)end;
}

TEST(TriageData, REP_3_RuleSharesOnTheRealRepliesAreWithinReason) {
  const auto rows = read_tsv(kTipdm / "replies.tsv");
  ASSERT_EQ(rows.size(), 2816u);
  const auto& policy = *triage_testing::shipped().policies.find("tianjin").value();
  std::map<triage::ReplyCheck, std::size_t> counts;
  std::map<std::string, std::vector<triage::ReplyCheck>> by_id;
  for (const auto& r : rows) {
    ReplyContent c;
    c.result = r.at("reply");
    const auto f = triage::check_reply(c, policy.reply, {}, {r.at("subject"), r.at("detail")});
    for (const auto& x : f) {
      ++counts[x.check];
      by_id[r.at("id")].push_back(x.check);
    }
  }
  auto share = [&](triage::ReplyCheck c) {
    return static_cast<double>(counts[c]) / static_cast<double>(rows.size());
  };
  auto flagged = [&](const std::string& id, triage::ReplyCheck c) {
    const auto& v = by_id[id];
    return std::find(v.begin(), v.end(), c) != v.end();
  };
  // Known real replies.
  EXPECT_TRUE(flagged("10924", triage::ReplyCheck::kMissingResult)) << "网友：您好！留言已收悉";
  EXPECT_TRUE(flagged("58207", triage::ReplyCheck::kProcessOnly)) << "已转交市教育局";
  EXPECT_TRUE(flagged("58490", triage::ReplyCheck::kReturnReasonAsResult)) << "建议你到…咨询";
  // A long, concrete reply (#2554, road works with progress and a date) is not process-only.
  EXPECT_FALSE(flagged("2554", triage::ReplyCheck::kProcessOnly));
  EXPECT_FALSE(flagged("2554", triage::ReplyCheck::kOffTopic));
  // Shares: the rules find something, and none flags (almost) everything.
  for (auto c : {triage::ReplyCheck::kProcessOnly, triage::ReplyCheck::kMissingResult,
                 triage::ReplyCheck::kReturnReasonAsResult}) {
    EXPECT_GT(share(c), 0.005) << triage::to_string(c);
    EXPECT_LT(share(c), 0.3) << triage::to_string(c);
  }
  EXPECT_LT(share(triage::ReplyCheck::kOffTopic), 0.3);
  EXPECT_LT(share(triage::ReplyCheck::kVague), 0.4);
}

}  // namespace
}  // namespace hotline
