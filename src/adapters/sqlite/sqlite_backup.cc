#include "adapters/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <system_error>
#include <thread>

#include "adapters/sqlite/sqlite_connection.h"

namespace hotline::sqlite {
namespace {

Error cannot(const std::filesystem::path& file, const std::string& what) {
  Error e = Error::storage(file.string() + ": " + what);
  e.message_zh = "无法复制数据库 " + file.string() + "：" + what;
  return e;
}

// Copies every page in one step, retried while a writer holds the lock
// SQLite needs for a moment (a WAL reader waits only on checkpoints).
Status copy_pages(Connection& source, Connection& target, const std::filesystem::path& from,
                  CopySummary& summary) {
  constexpr int kAttempts = 50;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    if (backup == nullptr) return fail(cannot(from, sqlite3_errmsg(target.handle())));
    const int rc = sqlite3_backup_step(backup, -1);
    summary.pages = sqlite3_backup_pagecount(backup);
    const int finished = sqlite3_backup_finish(backup);
    if (rc == SQLITE_DONE && finished == SQLITE_OK) return {};
    if (primary_code(rc) != SQLITE_BUSY && primary_code(rc) != SQLITE_LOCKED) {
      return fail(cannot(from, sqlite3_errstr(rc)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return fail(cannot(from, "the database stayed locked for 5 s"));
}

bool sync_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

}  // namespace

bool sync_folder_of(const std::filesystem::path& file) {
  std::filesystem::path folder = file.parent_path();
  if (folder.empty()) folder = ".";
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

Result<CopySummary> copy_database(const std::filesystem::path& from,
                                  const std::filesystem::path& to, const CopyCheck& check) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from, ec)) {
    Error e = Error::not_found(from.string(), "数据库文件不存在：" + from.string());
    e.field = "from";
    return fail(std::move(e));
  }
  if (std::filesystem::exists(to, ec)) {
    Error e =
        Error::conflict(to.string() + " exists: choose a new file (a backup is never overwritten)",
                        to.string() + " 已存在，请换一个文件名（不覆盖已有备份）");
    e.field = "to";
    return fail(std::move(e));
  }
  const std::filesystem::path partial = to.string() + ".partial";
  auto discard = [&partial] {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(partial.string() + suffix, ignored);
    }
  };
  discard();  // what an interrupted earlier copy left
  CopySummary summary;
  Status copied = [&]() -> Status {
    auto source = Connection::open(from, /*create=*/false);
    if (!source) return fail(source.error());
    auto target = Connection::open(partial, /*create=*/true);
    if (!target) return fail(target.error());
    if (auto st = copy_pages(**source, **target, from, summary); !st) return st;
    auto checked = (*target)->query_text("PRAGMA quick_check");
    if (!checked) return fail(cannot(to, checked.error().message));
    if (*checked != "ok") return fail(cannot(to, "the copy failed its check: " + *checked));
    return {};
  }();
  if (copied && check) copied = check(partial);
  if (copied) {
    // The copy keeps the source's WAL mode; fold it into the one file.
    copied = [&]() -> Status {
      auto target = Connection::open(partial, /*create=*/false);
      if (!target) return fail(target.error());
      return (*target)->exec("PRAGMA journal_mode = DELETE");
    }();
  }
  if (!copied) {
    discard();
    return fail(copied.error());
  }
  summary.bytes = static_cast<std::int64_t>(std::filesystem::file_size(partial, ec));
  if (!sync_file(partial)) return fail(cannot(to, "cannot sync the copy"));
  std::filesystem::rename(partial, to, ec);
  if (ec) return fail(cannot(to, ec.message()));
  if (!sync_folder_of(to)) return fail(cannot(to, "cannot sync its folder"));
  return summary;
}

Result<std::size_t> copy_folder(const std::filesystem::path& from,
                                const std::filesystem::path& to) {
  std::error_code ec;
  if (!std::filesystem::is_directory(from, ec)) return std::size_t{0};
  if (std::filesystem::exists(to, ec)) {
    Error e = Error::conflict(to.string() + " exists", to.string() + " 已存在");
    e.field = "to";
    return fail(std::move(e));
  }
  const std::filesystem::path partial = to.string() + ".partial";
  std::filesystem::remove_all(partial, ec);
  std::filesystem::create_directory(partial, ec);
  if (ec) return fail(cannot(partial, ec.message()));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(from, ec)) {
    const std::filesystem::path into = partial / std::filesystem::relative(entry.path(), from);
    if (entry.is_directory()) {
      std::filesystem::create_directories(into, ec);
    } else if (entry.is_regular_file()) {
      std::filesystem::copy_file(entry.path(), into, ec);
      if (!ec && !sync_file(into)) ec = std::make_error_code(std::errc::io_error);
      ++files;
    }
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove_all(partial, ignored);
      return fail(cannot(entry.path(), ec.message()));
    }
  }
  if (ec) return fail(cannot(from, ec.message()));
  std::filesystem::rename(partial, to, ec);
  if (ec) return fail(cannot(to, ec.message()));
  if (!sync_folder_of(to)) return fail(cannot(to, "cannot sync its folder"));
  return files;
}

}  // namespace hotline::sqlite
