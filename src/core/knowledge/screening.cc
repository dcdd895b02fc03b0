#include "core/knowledge/screening.h"

#include <algorithm>
#include <array>

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<SensitiveKind, 4> kKinds{{
    {SensitiveKind::kMobilePhone, "mobile-phone", "手机号码"},
    {SensitiveKind::kIdCardNumber, "id-card-number", "身份证号码"},
    {SensitiveKind::kNameWithAddress, "name-with-address", "姓名与住址"},
    {SensitiveKind::kClassifiedMark, "classified-mark", "密级标志"},
}};

// Text as code points, with full-width digits and X folded to ASCII.
std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((c >> 4) == 0xE && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      len = 3;
    } else if ((c >> 3) == 0x1E && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      len = 4;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19) cp = U'0' + (cp - 0xFF10);
    if (cp == 0xFF38 || cp == 0xFF58) cp = U'X';
    if (cp == 0xFF0D || cp == 0x2014 || cp == 0x2013) cp = U'-';
    if (cp == 0x3000) cp = U' ';
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x323AF);
}

bool matches_at(const std::vector<char32_t>& t, std::size_t i, std::u32string_view word) {
  if (i + word.size() > t.size()) return false;
  return std::equal(word.begin(), word.end(), t.begin() + static_cast<std::ptrdiff_t>(i));
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string mask(std::string_view digits) {
  if (digits.size() <= 5) return std::string(digits.size(), '*');
  return std::string(digits.substr(0, 3)) + std::string(digits.size() - 5, '*') +
         std::string(digits.substr(digits.size() - 2));
}

bool plausible_birth_date(std::string_view d) {  // YYYYMMDD
  const int year = std::stoi(std::string(d.substr(0, 4)));
  const int month = std::stoi(std::string(d.substr(4, 2)));
  const int day = std::stoi(std::string(d.substr(6, 2)));
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool looks_like_mobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

bool looks_like_id(std::string_view chars) {
  if (chars.size() != 18 || chars[0] < '1' || chars[0] > '8') return false;
  for (std::size_t i = 0; i < 17; ++i) {
    if (chars[i] < '0' || chars[i] > '9') return false;
  }
  return plausible_birth_date(chars.substr(6, 8));
}

// Numbers: maximal runs of digits, possibly with single '-' or ' ' between
// groups (138-1234-5678) and a trailing X (ID numbers). The run as a whole is
// tried first, then each group on its own.
void scan_numbers(const std::vector<char32_t>& t, std::string_view field,
                  std::vector<SensitiveFinding>& out) {
  std::size_t i = 0;
  while (i < t.size()) {
    if (!is_digit(t[i]) || (i > 0 && (is_digit(t[i - 1]) || t[i - 1] == U'X'))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    std::string all;
    std::vector<std::pair<std::size_t, std::string>> groups{{start, ""}};
    while (i < t.size()) {
      if (is_digit(t[i])) {
        all += static_cast<char>(t[i]);
        groups.back().second += static_cast<char>(t[i]);
        ++i;
      } else if (t[i] == U'X' && !all.empty()) {
        all += 'X';
        groups.back().second += 'X';
        ++i;
        break;
      } else if ((t[i] == U'-' || t[i] == U' ') && i + 1 < t.size() && is_digit(t[i + 1]) &&
                 !all.empty()) {
        ++i;
        groups.emplace_back(i, "");
      } else {
        break;
      }
    }
    auto classify = [&](std::string digits, std::size_t at) -> bool {
      if (digits.size() == 13 && digits.rfind("86", 0) == 0) digits.erase(0, 2);
      if (start >= 1 && t[start - 1] == U'+' && digits.size() == 13) digits.erase(0, 2);
      if (looks_like_mobile(digits)) {
        out.push_back({SensitiveKind::kMobilePhone, std::string(field), at, mask(digits)});
        return true;
      }
      if (looks_like_id(digits)) {
        out.push_back({SensitiveKind::kIdCardNumber, std::string(field), at, mask(digits)});
        return true;
      }
      return false;
    };
    if (!classify(all, start) && groups.size() > 1) {
      for (const auto& [at, digits] : groups) classify(digits, at);
    }
  }
}

// A street address with a house number: a road or estate word followed by a
// number and 号 (南京路100号, 阳光小区5号楼). Document numbers (〔2023〕5号,
// 第5号) are not addresses. Returns the positions of the 号.
std::vector<std::size_t> addresses(const std::vector<char32_t>& t) {
  static constexpr std::array<std::u32string_view, 14> kPlaces = {
      U"路",   U"道",   U"街",   U"里",   U"巷", U"村", U"小区",
      U"花园", U"公寓", U"大厦", U"家园", U"苑", U"庄", U"胡同"};
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1]))) continue;
    std::size_t j = i;
    while (j < t.size() && is_digit(t[j])) ++j;
    if (j >= t.size() || (t[j] != U'号' && t[j] != U'栋' && t[j] != U'室')) continue;
    if (i == 0) continue;
    bool place = false;
    for (auto word : kPlaces) {
      if (i >= word.size() && matches_at(t, i - word.size(), word)) place = true;
    }
    if (place) out.push_back(j);
  }
  return out;
}

// Common single-character surnames; a name is one of these and one or two
// Han characters (or 某, 先生, 女士).
constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    U"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    U"龚邵万钱严覃武戴莫孔向汤";

// Positions just after a person's name that is followed by a word about
// where they live ("张三家住", "王先生住在", "姓名：李某").
std::vector<std::size_t> named_residents(const std::vector<char32_t>& t) {
  static constexpr std::array<std::u32string_view, 8> kLives = {U"家住", U"住在", U"住址", U"居住",
                                                                U"现住", U"地址", U"住",   U"的家"};
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (matches_at(t, i, U"姓名")) {
      out.push_back(i + 2);
      continue;
    }
    if (kSurnames.find(t[i]) == std::u32string_view::npos) continue;
    if (i > 0 && is_han(t[i - 1]) && kSurnames.find(t[i - 1]) == std::u32string_view::npos &&
        t[i - 1] != U'民' && t[i - 1] != U'户')
      continue;  // inside another word, unless after 居民/住户
    for (std::size_t len = 1; len <= 3; ++len) {
      const std::size_t after = i + 1 + len;
      if (after > t.size()) break;
      bool han = true;
      for (std::size_t k = i + 1; k < after; ++k) han = han && is_han(t[k]);
      if (!han) break;
      std::size_t k = after;
      if (k < t.size() && (t[k] == U'，' || t[k] == U',')) ++k;
      bool lives = false;
      for (auto word : kLives) lives = lives || matches_at(t, k, word);
      if (lives) {
        out.push_back(after);
        break;
      }
    }
  }
  return out;
}

void scan_names_with_addresses(const std::vector<char32_t>& t, std::string_view field,
                               std::vector<SensitiveFinding>& out) {
  constexpr std::size_t kNear = 30;  // code points between name and address
  const auto places = addresses(t);
  if (places.empty()) return;
  for (std::size_t name_end : named_residents(t)) {
    for (std::size_t place : places) {
      const std::size_t distance = place > name_end ? place - name_end : name_end - place;
      if (distance <= kNear) {
        const std::size_t from = name_end >= 2 ? name_end - 2 : 0;
        out.push_back(
            {SensitiveKind::kNameWithAddress, std::string(field), from,
             encode(std::u32string(1, t[from])) + "*…" + encode(std::u32string(1, t[place]))});
        return;
      }
    }
  }
}

void scan_marks(const std::vector<char32_t>& t, std::string_view field,
                std::vector<SensitiveFinding>& out) {
  for (auto mark : {std::u32string_view(U"绝密★"), std::u32string_view(U"机密★"),
                    std::u32string_view(U"秘密★")}) {
    for (std::size_t i = 0; i + mark.size() <= t.size(); ++i) {
      if (matches_at(t, i, mark)) {
        out.push_back({SensitiveKind::kClassifiedMark, std::string(field), i, encode(mark)});
        return;
      }
    }
  }
}

}  // namespace

std::string_view to_string(SensitiveKind k) { return enum_name(kKinds, k); }
std::string_view to_chinese(SensitiveKind k) { return enum_chinese(kKinds, k); }

char id_card_check_digit(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCodes = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i)
    sum += (first17[i] - '0') * kWeights[i];
  return kCodes[static_cast<std::size_t>(sum % 11)];
}

std::vector<SensitiveFinding> screen_text(std::string_view text, std::string_view field) {
  std::vector<SensitiveFinding> out;
  if (text.empty()) return out;
  const auto t = decode(text);
  scan_numbers(t, field, out);
  scan_names_with_addresses(t, field, out);
  scan_marks(t, field, out);
  return out;
}

std::vector<SensitiveFinding> screen_content(const ArticleContent& c) {
  std::vector<SensitiveFinding> out;
  auto add = [&](std::string_view text, const std::string& field) {
    auto found = screen_text(text, field);
    out.insert(out.end(), found.begin(), found.end());
  };
  add(c.title, "title");
  add(c.body, "body");
  add(c.legal_basis, "legal_basis");
  add(c.scope, "scope");
  add(c.subjects, "subjects");
  add(c.conditions, "conditions");
  for (std::size_t i = 0; i < c.tags.size(); ++i) add(c.tags[i], "tags[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < c.faq.size(); ++i) {
    add(c.faq[i].question, "faq[" + std::to_string(i) + "].question");
    add(c.faq[i].answer, "faq[" + std::to_string(i) + "].answer");
  }
  return out;
}

Status check_no_sensitive_content(const ArticleContent& content) {
  const auto found = screen_content(content);
  if (found.empty()) return {};
  std::string en = "personal or sensitive information may not be uploaded:";
  std::string zh = "知识库不得上传涉密、个人信息或敏感内容：";
  for (std::size_t i = 0; i < found.size() && i < 3; ++i) {
    const auto& f = found[i];
    en += std::string(i ? ";" : "") + " " + std::string(to_string(f.kind)) + " in " + f.field +
          " at character " + std::to_string(f.position) + " (" + f.masked + ")";
    zh += std::string(i ? "；" : "") + f.field + "第" + std::to_string(f.position + 1) +
          "字处疑似" + std::string(to_chinese(f.kind)) + "（" + f.masked + "）";
  }
  Error e = Error::refused("KB-6", "R20", en, zh);
  e.field = found.front().field;
  return fail(std::move(e));
}

}  // namespace hotline
