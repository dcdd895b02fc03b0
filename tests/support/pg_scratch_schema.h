#pragma once
// A schema of its own on the test run's PostgreSQL server
// (tests/support/pg_server.sh, started by CTest as the `postgresql`
// fixture), dropped with everything in it when the test ends. The server's
// connection string is read from the file HOTLINE_TEST_PG_CONNINFO_FILE
// names; a test run without it fails and says how to start one.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <string>

#include "adapters/postgresql/pg_session.h"

namespace hotline::testing {

inline std::string test_pg_conninfo() {
  const char* file = std::getenv("HOTLINE_TEST_PG_CONNINFO_FILE");
  if (file == nullptr) {
    ADD_FAILURE() << "HOTLINE_TEST_PG_CONNINFO_FILE is not set: run these tests with ctest, or "
                     "start a server with tests/support/pg_server.sh start DIR and set it to "
                     "DIR/conninfo";
    return {};
  }
  std::ifstream in(file);
  std::string conninfo;
  std::getline(in, conninfo);
  if (conninfo.empty()) ADD_FAILURE() << file << " holds no connection string";
  return conninfo;
}

class PgScratchSchema {
 public:
  PgScratchSchema() {
    static std::atomic<int> counter{0};
    target_.conninfo = test_pg_conninfo();
    target_.schema = "test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  }
  ~PgScratchSchema() { drop(); }
  PgScratchSchema(const PgScratchSchema&) = delete;
  PgScratchSchema& operator=(const PgScratchSchema&) = delete;

  const pg::Target& target() const { return target_; }

  // Runs `sql` in the schema (search path set), outside the stores.
  pqxx::result exec(const std::string& sql) const {
    pqxx::connection db(target_.conninfo);
    pqxx::nontransaction txn(db);
    txn.exec0("SET search_path = \"" + target_.schema + "\"");
    return txn.exec(sql);
  }

  void drop() {
    if (target_.conninfo.empty()) return;
    try {
      pqxx::connection db(target_.conninfo);
      pqxx::nontransaction txn(db);
      txn.exec0("DROP SCHEMA IF EXISTS \"" + target_.schema + "\" CASCADE");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "drop schema " << target_.schema << ": " << e.what();
    }
  }

 private:
  pg::Target target_;
};

}  // namespace hotline::testing
