#pragma once
// A consistent copy of the platform's file while it serves (issue 14,
// operations): SQLite's online backup API copies every page within one read
// transaction, so the copy is the database as of one commit, and the server
// keeps writing (WAL) meanwhile. The copy is written under a temporary name
// beside its destination, checked (PRAGMA quick_check), synced and only then
// renamed into place: a failed or interrupted copy leaves no file that looks
// like a backup. `hotline backup` and `hotline restore` use it in both
// directions (docs/operations.md).

#include <cstdint>
#include <filesystem>
#include <functional>

#include "core/result.h"

namespace hotline::sqlite {

struct CopySummary {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
};

// Checks a finished copy before it is renamed into place (the audit chain
// verified with the platform's key, say); its error is copy_database's.
using CopyCheck = std::function<Status(const std::filesystem::path& copy)>;

// Copies the database `from` into the new file `to` (kConflict when `to`
// exists; `from` must exist), in rollback-journal mode so that the copy is
// one file. kStorage naming the file when SQLite cannot read, write or check
// it; `check` (may be empty) runs on the copy before the rename.
Result<CopySummary> copy_database(const std::filesystem::path& from,
                                  const std::filesystem::path& to, const CopyCheck& check);

// Copies the folder `from` (the sealed attachments) into the new folder
// `to`, under a temporary name renamed into place; nothing when `from` does
// not exist. Returns the number of files copied.
Result<std::size_t> copy_folder(const std::filesystem::path& from, const std::filesystem::path& to);

// Syncs the folder holding `file`, so a file created or renamed in it is
// durable; false when the folder cannot be synced.
bool sync_folder_of(const std::filesystem::path& file);

}  // namespace hotline::sqlite
