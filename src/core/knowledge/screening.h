#pragma once
// KB-6 [R20]: no state secrets, personal information or sensitive content may
// be uploaded to the knowledge base. Every article's text is screened before
// it is stored; a finding refuses the upload and says what was found where
// (masked, so the refusal itself does not spread the information).
//
// What is recognised: mobile phone numbers (with or without +86, spaces or
// dashes, ASCII or full-width digits); resident ID card numbers (18 places,
// a plausible birth date, checksum letter X allowed); a person's name next to
// a street address with a house number ("张三家住南京路100号", "姓名：李某，
// 住址：…5号楼"); and classification marks (绝密★, 机密★, 秘密★). Official
// landlines and service numbers (022-…, 12345) are allowed: they are the
// contact details of units, not of persons.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/knowledge/article.h"
#include "core/result.h"

namespace hotline {

enum class SensitiveKind { kMobilePhone, kIdCardNumber, kNameWithAddress, kClassifiedMark };
std::string_view to_string(SensitiveKind k);
std::string_view to_chinese(SensitiveKind k);

struct SensitiveFinding {
  SensitiveKind kind = SensitiveKind::kMobilePhone;
  std::string field;         // "body", "faq[2].answer", …
  std::size_t position = 0;  // in code points from the start of the field
  std::string masked;        // "138****5678"
};

std::vector<SensitiveFinding> screen_text(std::string_view text, std::string_view field = {});
std::vector<SensitiveFinding> screen_content(const ArticleContent& content);
// A refusal (KB-6, R20) naming the first findings, or success.
Status check_no_sensitive_content(const ArticleContent& content);

// The checksum letter of an 18-place ID number from its first 17 digits (GB 11643).
char id_card_check_digit(std::string_view first17);

}  // namespace hotline
