// Durability: a process killed with SIGKILL in the middle of appending loses
// nothing it acknowledged and leaves a database that passes integrity_check.
// SPEC: platform bar (durable once append returns; nothing half-written).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "support/event_samples.h"

namespace hotline {
namespace {

using testing::make_event;

constexpr int kWriters = 4;

// What the child writes to the pipe after each append returns. 16 bytes, far
// below PIPE_BUF, so records from several threads never interleave.
struct Ack {
  std::int64_t writer;
  std::int64_t version;
};

std::string stream_of(std::int64_t writer) { return "W-crash-" + std::to_string(writer); }

WorkOrderSummary summary_of(const std::string& stream, std::int64_t version) {
  WorkOrderSummary s;
  s.id = stream;
  s.request = "R-crash";
  s.lead_unit = "dept.a";
  s.version = version;
  s.next_check = testing::at("2026-01-05T10:00:00+08:00") + Seconds{version};
  return s;
}

// The child: appends forever from kWriters threads until killed.
[[noreturn]] void run_child(const std::filesystem::path& file, bool group_commit, int ack_fd) {
  auto store = SqliteWorkOrderStore::open(file, SqliteWorkOrderStore::Options{group_commit, 256});
  if (!store) _exit(2);
  std::vector<std::thread> threads;
  for (std::int64_t w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      const std::string stream = stream_of(w);
      auto existing = (*store)->load(stream);
      if (!existing) _exit(3);
      auto version = static_cast<std::int64_t>(existing->size());
      // Bounded, in case the parent never kills us.
      for (int i = 0; i < 20'000; ++i) {
        Event e = make_event(stream, version + 1,
                             version == 0 ? EventBody{testing::sample_body<WorkOrderDispatched>()}
                                          : EventBody{AssistingResultSubmitted{"进展𠮷"}});
        auto st = (*store)->append({StreamAppend{stream, version, {e}}},
                                   {summary_of(stream, version + 1)});
        if (!st) _exit(4);
        ++version;
        const Ack ack{w, version};
        if (write(ack_fd, &ack, sizeof ack) != static_cast<ssize_t>(sizeof ack)) _exit(5);
      }
    });
  }
  for (auto& t : threads) t.join();
  _exit(0);
}

class SqliteCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-crash-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    file_ = dir_ / "hotline.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Runs a child, kills it after `acks_before_kill` acknowledgements (plus a
  // random delay so the kill lands anywhere in a commit), and returns the
  // highest acknowledged version of each writer's stream.
  std::map<std::int64_t, std::int64_t> crash_once(bool group_commit, int acks_before_kill,
                                                  std::mt19937& rng) {
    std::map<std::int64_t, std::int64_t> acked;
    int fds[2];
    if (pipe(fds) != 0) {
      ADD_FAILURE() << "pipe";
      return acked;
    }
    const pid_t child = fork();
    if (child == 0) {
      close(fds[0]);
      run_child(file_, group_commit, fds[1]);
    }
    close(fds[1]);
    auto read_ack = [&](Ack& ack) {
      std::size_t got = 0;
      while (got < sizeof ack) {
        const ssize_t n = read(fds[0], reinterpret_cast<char*>(&ack) + got, sizeof ack - got);
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
      }
      return true;
    };
    Ack ack{};
    int count = 0;
    while (count < acks_before_kill && read_ack(ack)) {
      acked[ack.writer] = std::max(acked[ack.writer], ack.version);
      ++count;
    }
    EXPECT_EQ(count, acks_before_kill) << "the child stopped early";
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20'000));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    // Acknowledgements still in the pipe were given before the kill.
    while (read_ack(ack)) acked[ack.writer] = std::max(acked[ack.writer], ack.version);
    close(fds[0]);
    return acked;
  }

  void expect_intact() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  std::filesystem::path file_;
};

TEST_F(SqliteCrash, KilledWriterLosesNothingAcknowledged) {
  std::mt19937 rng(20260105);
  std::map<std::int64_t, std::int64_t> acked_total;
  for (int round = 0; round < 4; ++round) {
    const bool group_commit = round % 2 == 0;
    SCOPED_TRACE("round " + std::to_string(round) + (group_commit ? " grouped" : " direct"));
    auto acked = crash_once(group_commit, 150, rng);
    for (const auto& [w, v] : acked) acked_total[w] = std::max(acked_total[w], v);

    expect_intact();
    auto store = SqliteWorkOrderStore::open(file_);
    ASSERT_TRUE(store) << store.error().message;
    auto summaries = (*store)->list_work_orders({});
    ASSERT_TRUE(summaries) << summaries.error().message;
    std::map<std::string, std::int64_t> summary_version;
    for (const auto& s : *summaries) summary_version[s.id] = s.version;
    for (std::int64_t w = 0; w < kWriters; ++w) {
      auto events = (*store)->load(stream_of(w));
      ASSERT_TRUE(events) << events.error().message;
      const auto present = static_cast<std::int64_t>(events->size());
      // load() itself checks versions are 1..n without gaps.
      EXPECT_GE(present, acked_total[w]) << "acknowledged events lost in " << stream_of(w);
      // Events and summary were one transaction: they agree.
      EXPECT_EQ(summary_version[stream_of(w)], present) << stream_of(w);
    }
  }
  EXPECT_GT(acked_total.size(), 0u);
}

}  // namespace
}  // namespace hotline
