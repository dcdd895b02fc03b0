// Issue 14, operations: `hotline backup` while the server takes requests,
// and `hotline restore` of that backup, on real files. The restored database
// holds what the backup held (a rare-character name decrypted again), its
// audit chain verifies (SEC-2), the data key is never in the backup (SEC-1)
// and a restore without it is refused before anything takes the database's
// name.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

namespace fs = std::filesystem;

std::pair<int, std::string> hotline_on(const fs::path& db, std::vector<std::string> args) {
  std::vector<std::string> all = {HOTLINE_BINARY, "--data", HOTLINE_DATA_DIR, "--db", db.string()};
  all.insert(all.end(), args.begin(), args.end());
  return run_process(all);
}

TEST(Backup, ISSUE14_SEC_1_SEC_2_ABackupTakenWhileServingRestoresWithItsDataAndAuditChain) {
  TestServer s({user("agent", "agent")});
  const std::string agent = s.login("agent");
  const fs::path dir = fs::path(s.db()).parent_path();
  ASSERT_TRUE(fs::exists(s.db() + ".key")) << "the test platform keeps its key beside the file";
  const std::string number =
      register_request(s, agent, registration("13600001234", "𠮷𡒄", "道路积水𠮷"));
  ASSERT_FALSE(number.empty());

  // Requests keep arriving while the backup is taken.
  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread writer([&] {
    while (!stop) {
      if (s.as(agent, "POST", "/api/v1/requests", registration("13600005678")).status == 201) {
        ++during;
      }
    }
  });
  const fs::path backup = dir / "backup.db";
  auto [rc, out] = s.cli({"backup", backup.string()});
  stop = true;
  writer.join();
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("chain intact"), std::string::npos) << out;
  EXPECT_GT(during.load(), 0) << "nothing was written while the backup ran";
  EXPECT_FALSE(fs::exists(backup.string() + ".partial"));
  EXPECT_FALSE(fs::exists(backup.string() + ".key")) << "SEC-1: the key is kept apart";
  EXPECT_FALSE(fs::exists(backup.string() + "-wal")) << "the backup is one file";
  auto [again, again_out] = s.cli({"backup", backup.string()});
  EXPECT_NE(again, 0) << "a backup is never overwritten: " << again_out;

  // Without the platform's key the chain cannot verify: refused, nothing in place.
  const fs::path restored = dir / "restored.db";
  auto [no_key, no_key_out] = hotline_on(restored, {"restore", backup.string()});
  EXPECT_NE(no_key, 0);
  EXPECT_NE(no_key_out.find("key"), std::string::npos) << no_key_out;
  EXPECT_FALSE(fs::exists(restored));
  EXPECT_FALSE(fs::exists(restored.string() + ".restoring.partial"));

  // With the key put back beside it.
  fs::copy_file(s.db() + ".key", restored.string() + ".key");
  fs::permissions(restored.string() + ".key", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  auto [ok, ok_out] = hotline_on(restored, {"restore", backup.string()});
  ASSERT_EQ(ok, 0) << ok_out;
  auto [verified, verify_out] = hotline_on(restored, {"audit", "verify"});
  EXPECT_EQ(verified, 0) << verify_out;
  EXPECT_NE(verify_out.find("chain intact"), std::string::npos) << verify_out;
  auto [shown, show_out] = hotline_on(restored, {"show", number});
  EXPECT_EQ(shown, 0) << show_out;
  EXPECT_NE(show_out.find("𠮷𡒄"), std::string::npos) << show_out;
  EXPECT_NE(show_out.find("道路积水𠮷"), std::string::npos) << show_out;

  // Over an existing database only with --force, the old one set aside.
  auto [refused, refused_out] = hotline_on(restored, {"restore", backup.string()});
  EXPECT_NE(refused, 0);
  EXPECT_NE(refused_out.find("--force"), std::string::npos) << refused_out;
  auto [forced, forced_out] = hotline_on(restored, {"restore", backup.string(), "--force"});
  ASSERT_EQ(forced, 0) << forced_out;
  int aside = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    aside += e.path().filename().string().starts_with("restored.db.before-restore-") &&
             e.path().extension() != ".attachments";
  }
  EXPECT_GE(aside, 1) << "the replaced database was kept";
}

}  // namespace
}  // namespace hotline::testing
