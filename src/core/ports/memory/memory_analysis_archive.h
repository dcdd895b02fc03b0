#pragma once
// The analysis archive in memory (ports/analysis_archive.h), for core tests
// and the contract suite (tests/support/analysis_archive_contract.h). Keeps
// every version of every record, like the SQLite archive.

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/ports/analysis_archive.h"

namespace hotline {

class MemoryAnalysisArchive final : public AnalysisArchive {
 public:
  Status put(std::int64_t position, const std::vector<ArchivedRecord>& records) override;
  Result<std::optional<ArchivedRecord>> get(std::string_view stream) override;
  Result<std::vector<ArchivedFigureRow>> contributions(
      std::string_view unit, std::int32_t from, std::int32_t to,
      const std::vector<std::uint8_t>& measures) override;
  Result<std::vector<std::string>> closed_between(std::int32_t from, std::int32_t to) override;
  Status put_days(std::int64_t position, const std::vector<ArchivedDayPart>& parts) override;
  Result<std::vector<ArchivedDayPart>> days(std::int32_t from, std::int32_t to,
                                            DayDetail detail) override;
  Status discard_after(std::int64_t position) override;
  Result<std::int64_t> size() override;

  // How many times put() wrote (tests: a crash between writes).
  std::size_t puts() const { return puts_; }
  // Makes the next put() fail (tests).
  void fail_next_put() { fail_next_put_ = true; }

 private:
  std::mutex mutex_;
  // stream → position → record (the last is the newest version).
  std::map<std::string, std::map<std::int64_t, ArchivedRecord>, std::less<>> records_;
  // day → (position, cells) in the order written.
  std::map<std::int32_t, std::vector<std::pair<std::int64_t, ArchivedDayPart>>> days_;
  std::size_t puts_ = 0;
  bool fail_next_put_ = false;
};

}  // namespace hotline
