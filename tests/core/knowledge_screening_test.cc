// KB-6 [R20]: no personal information, secrets or sensitive content in the
// knowledge base. The screening is pure core code.
#include <gtest/gtest.h>

#include "core/knowledge/screening.h"

namespace hotline {
namespace {

std::vector<SensitiveKind> kinds(std::string_view text) {
  std::vector<SensitiveKind> out;
  for (const auto& f : screen_text(text, "body")) out.push_back(f.kind);
  return out;
}

std::string valid_id(std::string first17) { return first17 + id_card_check_digit(first17); }

TEST(KnowledgeScreening, KB_6_MobilePhoneNumbersInAnyNotation) {
  using K = SensitiveKind;
  EXPECT_EQ(kinds("请联系13812345678"), std::vector<K>{K::kMobilePhone});
  EXPECT_EQ(kinds("电话 138-1234-5678。"), std::vector<K>{K::kMobilePhone});
  EXPECT_EQ(kinds("+86 13812345678"), std::vector<K>{K::kMobilePhone});
  EXPECT_EQ(kinds("全角１３８１２３４５６７８"), std::vector<K>{K::kMobilePhone});
  const auto f = screen_text("手机13812345678", "faq[0].answer");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "138******78");
  EXPECT_EQ(f[0].field, "faq[0].answer");
  EXPECT_EQ(f[0].position, 2u);  // code points, not bytes
}

TEST(KnowledgeScreening, KB_6_OfficialNumbersAndDocumentNumbersAreAllowed) {
  EXPECT_TRUE(kinds("拨打12345或022-12345678咨询").empty());
  EXPECT_TRUE(kinds("依据津政办规〔2023〕5号文件，第12号令").empty());
  EXPECT_TRUE(kinds("每年11月1日至次年3月31日供热").empty());
  EXPECT_TRUE(kinds("统一社会信用代码91120000MA05XXXX1X").empty());
  EXPECT_TRUE(kinds("办理居住证需到派出所").empty());
  EXPECT_TRUE(kinds("𠮷野家和𡒄字都是合法文字").empty());
}

TEST(KnowledgeScreening, KB_6_IdCardNumbers) {
  const std::string id = valid_id("12010119900307123");
  EXPECT_EQ(kinds("身份证号" + id), std::vector<SensitiveKind>{SensitiveKind::kIdCardNumber});
  EXPECT_EQ(id_card_check_digit("11010519491231002"), 'X');  // the standard's own example
  EXPECT_EQ(kinds("11010519491231002X"), std::vector<SensitiveKind>{SensitiveKind::kIdCardNumber});
  // Not a birth date: not an ID number.
  EXPECT_TRUE(kinds("流水号120101199013071234").empty());
}

TEST(KnowledgeScreening, KB_6_NamesNextToAddresses) {
  using K = SensitiveKind;
  EXPECT_EQ(kinds("张三家住南京路100号"), std::vector<K>{K::kNameWithAddress});
  EXPECT_EQ(kinds("居民王建国住在阳光小区5号楼"), std::vector<K>{K::kNameWithAddress});
  EXPECT_EQ(kinds("姓名：李某，住址：卫津路88号"), std::vector<K>{K::kNameWithAddress});
  EXPECT_EQ(kinds("王先生，住红旗路3号"), std::vector<K>{K::kNameWithAddress});
  // An address alone (a service hall) or a name alone is not personal data here.
  EXPECT_TRUE(kinds("政务服务中心地址：友谊路20号").empty());
  EXPECT_TRUE(kinds("张三反映噪声问题").empty());
}

TEST(KnowledgeScreening, KB_6_ClassificationMarks) {
  EXPECT_EQ(kinds("机密★1年 内部通知"), std::vector<SensitiveKind>{SensitiveKind::kClassifiedMark});
  EXPECT_TRUE(kinds("不得上传国家秘密、商业秘密").empty());
}

TEST(KnowledgeScreening, KB_6_RefusalNamesRuleArticleAndField) {
  ArticleContent c;
  c.title = "口径";
  c.body = "正文";
  c.faq = {{"问", "答13812345678"}};
  auto st = check_no_sensitive_content(c);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kRefused);
  EXPECT_EQ(st.error().rule, "KB-6");
  EXPECT_EQ(st.error().article, "R20");
  EXPECT_EQ(st.error().field, "faq[0].answer");
  EXPECT_NE(st.error().message_zh.find("手机号码"), std::string::npos);
  c.faq[0].answer = "答";
  EXPECT_TRUE(check_no_sensitive_content(c));
}

TEST(KnowledgeCatalogue, KB_1_CataloguePathsAndAncestors) {
  EXPECT_EQ(catalogue_ancestors("社会保障/医疗保险/门诊"),
            (std::vector<std::string>{"社会保障", "社会保障/医疗保险", "社会保障/医疗保险/门诊"}));
  EXPECT_EQ(*normalise_catalogue(" 社会保障 / 医疗保险 "), "社会保障/医疗保险");
  EXPECT_FALSE(normalise_catalogue("社会保障//医疗保险"));
  EXPECT_EQ(*normalise_catalogue(""), "");
}

}  // namespace
}  // namespace hotline
