#pragma once
// What the PostgreSQL stores (issue 14) share: where the database is, a
// connection to it set up the same way for every store, the schema the
// platform's tables live in, and one translation of libpqxx's exceptions
// into the platform's errors. A connection is used by one thread at a time.

#include <exception>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hotline::pg {

struct Target {
  // libpq connection string or URI ("postgresql://user@host/db",
  // "host=/run/postgresql dbname=hotline"). Never logged or shown: it may
  // hold a password.
  std::string conninfo;
  // The schema the platform's tables live in; created when missing. Tests
  // use a schema each, so they share one server.
  std::string schema = "hotline";
};

// Connects, refuses a database whose encoding is not UTF-8 (a rare
// character such as 𠮷 must survive), and puts `target.schema` first on the
// search path. The schema itself is created by prepare_schema.
Result<std::unique_ptr<pqxx::connection>> connect(const Target& target);

// Runs `ddl` (CREATE … IF NOT EXISTS) in `target.schema`, creating the
// schema first, under a transaction-level advisory lock: stores opening at
// once on several nodes do not race each other's DDL. Records the schema
// version in `meta` and refuses a database of a newer version than this
// build knows.
Status prepare_schema(pqxx::connection& db, const Target& target, std::string_view ddl);

// The schema version this build writes.
int current_schema_version();

// A libpqxx (or standard) exception as the platform's error: a lost
// connection or failed statement is kStorage; `what` says what was being done.
Error storage_error(const std::exception& e, std::string_view what);

// True when the statement that threw violated a unique or primary key.
bool is_unique_violation(const std::exception& e);

// A schema name is an identifier we quote ourselves: letters, digits and _.
bool is_valid_schema_name(std::string_view name);

}  // namespace hotline::pg
