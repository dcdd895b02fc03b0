// SPEC: SEC-1, SEC-2 — passwords as Argon2id, tokens and keys random and
// stored only as hashes, the data key from a file or the environment.
#include "adapters/sodium/sodium_credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "adapters/sodium/data_key.h"

namespace hotline {
namespace {

SodiumCredentials fast() { return *SodiumCredentials::create(Argon2Limits::fastest_for_tests()); }

TEST(SodiumCredentials, SEC_2_Argon2idVerifiesTheRightPasswordAndRejectsOthers) {
  const auto c = fast();
  auto hash = c.hash_password("正确的马电池订书钉");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_EQ(hash->find("正确"), std::string::npos);
  EXPECT_TRUE(c.verify_password(*hash, "正确的马电池订书钉"));
  EXPECT_FALSE(c.verify_password(*hash, "正确的马电池订书"));
  EXPECT_FALSE(c.verify_password(*hash, ""));
  EXPECT_FALSE(c.verify_password("not a hash", "x"));
  EXPECT_FALSE(c.verify_password("", "x"));
  // A fresh salt every time.
  EXPECT_NE(*hash, *c.hash_password("正确的马电池订书钉"));
}

TEST(SodiumCredentials, SEC_2_HashesMadeWithOtherLimitsAskToBeRehashed) {
  const auto c = fast();
  const auto hash = *c.hash_password("a long enough password");
  EXPECT_FALSE(c.needs_rehash(hash));
  const auto production = *SodiumCredentials::create(Argon2Limits::interactive());
  EXPECT_TRUE(production.needs_rehash(hash));
  EXPECT_TRUE(production.verify_password(hash, "a long enough password"));
  EXPECT_FALSE(SodiumCredentials::create(Argon2Limits{0, 0}));
}

TEST(SodiumCredentials, SEC_2_SecretsAreRandomUrlSafeAndHashedForStorage) {
  const auto c = fast();
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string s = c.new_secret();
    EXPECT_EQ(s.size(), 43u);  // 32 bytes, base64url without padding
    EXPECT_EQ(
        s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 100u);
  const std::string secret = c.new_secret();
  const std::string hash = c.secret_hash(secret);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, c.secret_hash(secret));
  EXPECT_NE(hash, c.secret_hash(secret + "x"));
  EXPECT_EQ(hash.find(secret), std::string::npos);
}

class DataKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-key-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    unsetenv(kKeyFileVariable);
    unsetenv(kDataKeyVariable);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(DataKeyFile, SEC_1_GenerateWritesAMode0600KeyAndNeverOverwrites) {
  const auto file = dir_ / "data.key";
  ASSERT_TRUE(generate_data_key_file(file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(load_data_key_file(file));
  EXPECT_FALSE(generate_data_key_file(file));  // exists
}

TEST_F(DataKeyFile, SEC_1_AKeyFileOpenToOthersIsRefused) {
  const auto file = dir_ / "data.key";
  ASSERT_TRUE(generate_data_key_file(file));
  std::filesystem::permissions(file, std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  auto key = load_data_key_file(file);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("chmod 600"), std::string::npos);
}

TEST_F(DataKeyFile, SEC_1_TheKeyComesFromTheFileOrTheVariableNotBoth) {
  auto none = load_data_key_from_environment();
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  const std::string hex(64, 'a');
  setenv(kDataKeyVariable, hex.c_str(), 1);
  auto from_var = load_data_key_from_environment();
  ASSERT_TRUE(from_var);
  EXPECT_TRUE(from_var->has_value());
  const auto file = dir_ / "data.key";
  ASSERT_TRUE(generate_data_key_file(file));
  setenv(kKeyFileVariable, file.c_str(), 1);
  EXPECT_FALSE(load_data_key_from_environment());
  unsetenv(kDataKeyVariable);
  auto from_file = load_data_key_from_environment();
  ASSERT_TRUE(from_file);
  EXPECT_TRUE(from_file->has_value());
}

TEST_F(DataKeyFile, SEC_1_KeysParseFromHexOrBase64AndErrorsDoNotEchoThem) {
  EXPECT_TRUE(parse_data_key(std::string(64, '0')));
  EXPECT_TRUE(parse_data_key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));  // 32 zero bytes
  const std::string wrong = "deadbeef-not-a-key";
  auto bad = parse_data_key(wrong);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find(wrong), std::string::npos);
  EXPECT_FALSE(parse_data_key(std::string(62, '0')));
}

}  // namespace
}  // namespace hotline
