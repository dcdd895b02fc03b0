// SPEC: TRI-5, SUP-1 — the request index held compactly (issue 14): strings
// pooled, a term's unread postings dropped, anchors outside their window
// dropped, without changing what a search finds.
#include <gtest/gtest.h>

#include <random>

#include "core/triage/request_index.h"
#include "core/triage/string_pool.h"

namespace hotline::triage {
namespace {

Instant day(int d, int hour = 10) {
  return at_local(LocalDate{std::chrono::year{2026} / 3 / 1} + std::chrono::days{d},
                  Seconds{hour * 3600});
}

IndexedRequest req(std::string number, std::string applicant, Instant at) {
  IndexedRequest r;
  r.number = std::move(number);
  r.applicant_key = std::move(applicant);
  r.at = at;
  return r;
}

TEST(StringPool, TRI_5_EachStringIsKeptOnceUnderADenseIdAndComesBackWhole) {
  StringPool pool;
  EXPECT_EQ(pool.intern(""), StringPool::kEmpty);
  EXPECT_EQ(pool.find(""), StringPool::kEmpty);
  const auto a = pool.intern("district.heping");
  const auto b = pool.intern("吉𠮷祥𡒄");  // beyond the BMP
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(pool.intern("district.heping"), a);
  EXPECT_EQ(pool.view(b), "吉𠮷祥𡒄");
  EXPECT_FALSE(pool.find("district.hexi"));
  // Past many growths, every id still names its own string.
  for (int i = 0; i < 20000; ++i) pool.intern("12345-2026" + std::to_string(i));
  EXPECT_EQ(pool.size(), 20003u);
  for (int i = 0; i < 20000; i += 997) {
    const std::string s = "12345-2026" + std::to_string(i);
    const auto id = pool.find(s);
    ASSERT_TRUE(id) << s;
    EXPECT_EQ(*id, static_cast<StringPool::Id>(i + 3));
    EXPECT_EQ(pool.view(*id), s);
  }
  EXPECT_EQ(pool.view(a), "district.heping");
}

TEST(TriageIndexMemory, TRI_5_ASearchStillFindsTheNewestPostingsOfACommonTerm) {
  IndexSettings settings;
  settings.max_postings_per_term = 4;
  RequestIndex index(settings);
  for (int i = 0; i < 50; ++i) {
    index.observe(req("N" + std::to_string(i), "", day(1)), "华苑小区电梯停运", "老人上下楼困难");
  }
  const Fingerprint fp = index.fingerprint("华苑小区电梯停运", "老人上下楼困难");
  const auto found = index.neighbours(fp, 0.0, 100);
  ASSERT_EQ(found.size(), 4u);
  for (std::size_t k = 0; k < found.size(); ++k) {
    EXPECT_EQ(index.number(found[k].doc), "N" + std::to_string(49 - k));
  }
}

TEST(TriageIndexMemory, TRI_5_AnApplicantsRequestsAreFoundAmongOthers) {
  RequestIndex index;
  for (int i = 0; i < 30; ++i) {
    const std::string applicant =
        i % 10 == 3 ? "13800138000" : "1390013" + std::to_string(9000 + i);
    index.observe(req("A" + std::to_string(i), applicant, day(i)), "华苑小区电梯停运",
                  "12号楼电梯停运，老人上下楼困难");
  }
  const Fingerprint fp = index.fingerprint("华苑小区电梯停运", "12号楼电梯停运");
  const auto mine = index.same_applicant("13800138000", fp, 0.0);
  ASSERT_EQ(mine.size(), 3u);
  std::vector<std::string> numbers;
  for (const auto& n : mine) numbers.emplace_back(index.number(n.doc));
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(numbers, (std::vector<std::string>{"A13", "A23", "A3"}));
  EXPECT_TRUE(index.same_applicant("13700000000", fp, 0.0).empty());
  EXPECT_EQ(index.request(*index.find_number("A13")).applicant_key, "13800138000");
}

// Text of random ideographs: every four-character run is a new, rare anchor.
std::string random_text(std::mt19937& rng, int length) {
  std::uniform_int_distribution<char32_t> pick(0x4E00, 0x9FA5);
  std::string out;
  for (int i = 0; i < length; ++i) {
    const char32_t c = pick(rng);
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

TEST(TriageIndexMemory, SUP_1_AnchorsOutsideTheWindowAreDroppedAndThoseInsideStillJoin) {
  IndexSettings settings;  // anchor window 7 days
  settings.anchor_postings_slack = 4096;
  RequestIndex index(settings);
  std::mt19937 rng(7);
  std::size_t observed_anchors = 0;
  std::string recent_subject;
  for (int d = 0; d < 60; ++d) {
    for (int k = 0; k < 20; ++k) {
      const std::string subject = random_text(rng, 12);
      const auto obs = index.observe(req("D" + std::to_string(d) + "-" + std::to_string(k),
                                         "1380000" + std::to_string(1000 + k), day(d)),
                                     subject, random_text(rng, 30));
      observed_anchors += obs.fingerprint.anchors.size();
      if (d == 58 && k == 0) recent_subject = subject;
    }
  }
  // 60 days of anchors observed (≈ 720 a day); kept: at most twice the
  // window's 8 days and the slack.
  EXPECT_GT(observed_anchors, 40000u) << "precondition: pruning had to happen";
  EXPECT_LE(index.anchor_postings(), 2 * 8 * 720 + 4096u);
  // A request two days after another with the same rare name still meets it.
  const auto obs = index.observe(req("late", "13900000000", day(60)), recent_subject + "问题",
                                 random_text(rng, 20));
  ASSERT_EQ(obs.anchored.size(), 1u);
  EXPECT_EQ(index.number(obs.anchored[0]), "D58-0");
}

}  // namespace
}  // namespace hotline::triage
