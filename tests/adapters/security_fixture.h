#pragma once
// A temporary hotline store for the security tests: the work-order store
// creates the file, the security store opens it beside it.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sodium/sodium_credentials.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_work_order_store.h"

namespace hotline::testing {

inline DataKey test_key(unsigned char fill) {
  std::array<unsigned char, DataKey::kSize> bytes{};
  bytes.fill(fill);
  return DataKey(bytes);
}

class SecurityFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-security-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    file_ = dir_ / "hotline.db";
  }
  void TearDown() override {
    work_orders_.reset();
    security_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Opens both stores; with `cipher`, the work-order store encrypts and the
  // audit chain is keyed.
  void open(const SodiumPersonalDataCipher* cipher = nullptr) {
    SqliteWorkOrderStore::Options options;
    options.cipher = cipher;
    auto wo = SqliteWorkOrderStore::open(file_, options);
    ASSERT_TRUE(wo) << wo.error().message;
    work_orders_ = std::move(*wo);
    std::shared_ptr<const AuditHasher> hasher =
        cipher ? std::shared_ptr<const AuditHasher>(cipher->audit_hasher())
               : std::make_shared<Blake2bAuditHasher>();
    auto sec = SqliteSecurityStore::open(file_, hasher);
    ASSERT_TRUE(sec) << sec.error().message;
    security_ = std::move(*sec);
  }

  void close() {
    work_orders_.reset();
    security_.reset();
  }

  // Every byte of the database, its WAL included.
  std::string file_bytes() const {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(file_.string() + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

  static SodiumCredentials fast_credentials() {
    return *SodiumCredentials::create(Argon2Limits::fastest_for_tests());
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
  std::unique_ptr<SqliteWorkOrderStore> work_orders_;
  std::unique_ptr<SqliteSecurityStore> security_;
};

}  // namespace hotline::testing
