#pragma once
// Opening the tables of a side store (knowledge base, triage, idempotency
// keys, the Open311 index): one connection in WAL mode with
// synchronous=FULL, so a commit is atomic and durable, and the store's
// tables made ready.
//
// A store with a file of its own marks it: a new, empty file gets the
// schema, the store's application_id and its schema version in one
// transaction; a file marked otherwise, or holding tables but unmarked, is
// refused, and so is another schema version (there are no migrations yet:
// each store is at its first version). A store whose tables live in a file
// another store owns (the work-order database) leaves the mark alone and
// runs its schema, written with IF NOT EXISTS, on every open, so a table
// added later appears in existing files.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "adapters/sqlite/sqlite_connection.h"

namespace hotline::sqlite {

struct TableSet {
  const char* schema = "";  // CREATE statements
  // The file's own mark ("HOTK"), and what it is called in errors:
  // "<file> is not a hotline <kind>", "<file> has <label> schema 2; this
  // build reads 1". 0 for tables in a file another store owns.
  std::int64_t application_id = 0;
  std::int64_t version = 0;
  const char* kind = "";
  const char* label = "";
};

// Opens (creating) `file` and makes `tables` ready, as described above.
Result<std::unique_ptr<Connection>> open_tables(const std::filesystem::path& file,
                                                const TableSet& tables);

// A side store's file of its own, from before its tables moved into the
// platform's file (issue 9: one file to back up, and a change that commits
// with its audit entry).
struct FormerFile {
  std::int64_t application_id = 0;  // the file's mark
  std::int64_t version = 0;         // the schema version it was left at
  const char* kind = "";            // "knowledge base", in errors
  std::span<const char* const> tables;
};

// Moves the rows of `former`'s tables, when that file exists, into the same
// tables of `db`, in one transaction that also records the move (table
// adopted_files), then renames the file "<former>.adopted": kept, never
// deleted. A file already recorded is only renamed (a crash between the
// commit and the rename). Refused, naming the file, when it does not carry
// the store's mark and version, or when `db` already holds rows in those
// tables. `db` must not be in a transaction (ATTACH).
Status adopt_former_file(Connection& db, const std::filesystem::path& former,
                         const FormerFile& file);

}  // namespace hotline::sqlite
