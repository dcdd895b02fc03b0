#pragma once
// A schema of its own in a database whose default collation is ICU's en-US
// ("R-a" < "R-b" < "R-B"), on the run's PostgreSQL server: the database is
// created at the first use in a test process and dropped when it ends, the
// schema dropped with the test. A store that orders text must order it byte
// by byte, as SQLite does (COLLATE "C"), whatever the database's collation;
// the contracts of such stores run here as well as in a C database
// (pg_scratch_schema.h), so that a missing COLLATE "C" fails a test.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <pqxx/pqxx>
#include <string>

#include "adapters/postgresql/pg_session.h"
#include "support/pg_scratch_schema.h"

namespace hotline::testing {

class PgIcuDatabase {
 public:
  // The database's connection string; empty (with a failure) when it could
  // not be made.
  static const std::string& conninfo() {
    static const PgIcuDatabase database;
    return database.conninfo_;
  }

 private:
  PgIcuDatabase() : admin_(test_pg_conninfo()), name_("hotline_icu_" + std::to_string(getpid())) {
    if (admin_.empty()) return;
    // A URI cannot be extended with another dbname.
    if (admin_.rfind("postgres", 0) == 0) {
      ADD_FAILURE() << "the test server's connection string must be key=value pairs";
      return;
    }
    try {
      pqxx::connection db(admin_);
      pqxx::nontransaction txn(db);
      txn.exec0("DROP DATABASE IF EXISTS " + name_);
      txn.exec0("CREATE DATABASE " + name_ +
                " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu "
                "ICU_LOCALE 'en-US'");
      // libpq takes the last of a repeated keyword.
      conninfo_ = admin_ + " dbname=" + name_;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "create the ICU database: " << e.what();
    }
  }
  ~PgIcuDatabase() {
    if (conninfo_.empty()) return;
    try {
      pqxx::connection db(admin_);
      pqxx::nontransaction txn(db);
      txn.exec0("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The server is stopped with its data directory at the end of the run.
    }
  }

  std::string admin_;
  std::string name_;
  std::string conninfo_;
};

class PgIcuScratchSchema {
 public:
  PgIcuScratchSchema() {
    static std::atomic<int> counter{0};
    target_.conninfo = PgIcuDatabase::conninfo();
    target_.schema = "icu_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  }
  ~PgIcuScratchSchema() {
    if (target_.conninfo.empty()) return;
    try {
      pqxx::connection db(target_.conninfo);
      pqxx::nontransaction txn(db);
      txn.exec0("DROP SCHEMA IF EXISTS \"" + target_.schema + "\" CASCADE");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "drop schema " << target_.schema << ": " << e.what();
    }
  }
  PgIcuScratchSchema(const PgIcuScratchSchema&) = delete;
  PgIcuScratchSchema& operator=(const PgIcuScratchSchema&) = delete;

  const pg::Target& target() const { return target_; }

 private:
  pg::Target target_;
};

}  // namespace hotline::testing
