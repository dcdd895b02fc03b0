// SPEC: TRI-5, SUP-1, ANA-2 — text features for near-duplicate search.
#include <gtest/gtest.h>

#include "core/triage/text_features.h"

namespace hotline::triage {
namespace {

TEST(TriageText, TRI_5_NormalisationKeepsIdeographsOfEveryPlaneAndFoldsWidth) {
  // 𠮷 (U+20BB7) is outside the BMP; full-width letters and digits fold to ASCII.
  const std::u32string n = normalize_for_matching("𠮷野家，ＡＢＣ１２３！ Hello");
  EXPECT_EQ(n, U"𠮷野家abc123hello");
  // Invalid bytes are skipped, not fatal.
  EXPECT_EQ(normalize_for_matching("a\xff\xfe"
                                   "b"),
            U"ab");
  EXPECT_TRUE(normalize_for_matching("，。！？  ").empty());
}

TEST(TriageText, TRI_5_MalformedBytesAreSkippedOneAtATimeAndDecodingResumes) {
  // Each broken sequence is dropped and the character after it kept: a stray
  // continuation byte, a truncated 野 (E9 87 8E), an overlong 'A' (not folded
  // to 'a': it is not UTF-8), a surrogate, a value past U+10FFFF.
  EXPECT_EQ(normalize_for_matching("\x80"
                                   "a"),
            U"a");
  EXPECT_EQ(normalize_for_matching("\xE9\x87"
                                   "b"),
            U"b");
  EXPECT_EQ(normalize_for_matching("\xC1\x81"
                                   "c"),
            U"c");
  EXPECT_EQ(normalize_for_matching("\xED\xA0\x80"
                                   "d"),
            U"d");
  EXPECT_EQ(normalize_for_matching("\xF4\x90\x80\x80"
                                   "e"),
            U"e");
  // A truncated 𠮷 (F0 A0 AE B7) right before a whole one: only the whole one is kept.
  EXPECT_EQ(normalize_for_matching("\xF0\xA0\xAE"
                                   "𠮷"),
            U"𠮷");
}

TEST(TriageText, TRI_5_ACharacterBeyondTheBmpIsOneCodePoint) {
  // 𠮷 (U+20BB7) is four bytes of UTF-8 and one code point, not a surrogate pair.
  const std::u32string n = normalize_for_matching("𠮷");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0], U'\U00020BB7');
  EXPECT_EQ(distinct_terms(n).size(), 1u);
  EXPECT_EQ(normalize_for_matching("𠮷𠮷"), U"𠮷𠮷");
}

TEST(TriageText, TRI_5_DistinctTermsAreBigramsWithoutRepeats) {
  EXPECT_EQ(distinct_terms(U"abab").size(), 2u);  // ab, ba
  EXPECT_EQ(distinct_terms(U"a").size(), 1u);
  EXPECT_TRUE(distinct_terms(U"").empty());
}

TEST(TriageText, SUP_1_RareBigramsOutweighCommonOnes) {
  TermStatistics stats(12);
  for (int i = 0; i < 50; ++i)
    stats.add_document(distinct_terms(normalize_for_matching("小区物业")));
  stats.add_document(distinct_terms(normalize_for_matching("搅拌站")));
  const auto common = bigram_term(U'物', U'业');
  const auto rare = bigram_term(U'搅', U'拌');
  EXPECT_GT(stats.idf(rare), stats.idf(common) + 2.0);
}

TEST(TriageText, SUP_1_FingerprintKeepsTheMostDistinctiveTerms) {
  TermStatistics stats(12);
  for (int i = 0; i < 100; ++i) {
    stats.add_document(distinct_terms(normalize_for_matching("反映小区问题希望解决")));
  }
  FingerprintOptions o;
  o.terms = 3;
  const Fingerprint fp = make_fingerprint("反映丽发新城小区问题", "希望解决", stats, o);
  ASSERT_EQ(fp.terms.size(), 3u);
  // The three kept are pairs of 丽发新城, never the common 小区/问题.
  for (const auto& t : fp.terms) {
    EXPECT_NE(t.term, bigram_term(U'小', U'区'));
    EXPECT_NE(t.term, bigram_term(U'问', U'题'));
  }
  EXPECT_TRUE(std::is_sorted(fp.terms.begin(), fp.terms.end(),
                             [](const auto& a, const auto& b) { return a.term < b.term; }));
}

TEST(TriageText, TRI_5_SimilarityIsOneForTheSameTextAndZeroForUnrelatedText) {
  TermStatistics stats(12);
  const Fingerprint a = make_fingerprint("丽发新城搅拌站噪音扰民", "夜间施工", stats);
  const Fingerprint b = make_fingerprint("丽发新城搅拌站噪音扰民", "夜间施工", stats);
  const Fingerprint c = make_fingerprint("医保报销比例咨询", "门诊费用", stats);
  EXPECT_NEAR(similarity(a, b), 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(similarity(a, c), 0.0);
  EXPECT_DOUBLE_EQ(similarity(Fingerprint{}, Fingerprint{}), 0.0);
}

TEST(TriageText, TRI_5_StatisticsRestoreRefusesATableThatIsNotAPowerOfTwo) {
  TermStatistics stats(4);
  EXPECT_FALSE(stats.restore(std::vector<std::uint32_t>(3, 0), 1));
  EXPECT_TRUE(stats.restore(std::vector<std::uint32_t>(8, 1), 10));
  EXPECT_EQ(stats.documents(), 10u);
}

}  // namespace
}  // namespace hotline::triage
