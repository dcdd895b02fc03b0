#pragma once
// Strings kept once each in one buffer, named by a small id: the request
// numbers, applicant keys, districts and categories of the triage index
// (request_index.h). A million short std::strings cost ≈ 60 bytes each in
// headers and heap blocks on top of their text; here each costs its bytes
// plus 8 for its end and ≈ 8 for its hash slot (issue 14: a node holding a
// million work orders).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::triage {

class StringPool {
 public:
  using Id = std::uint32_t;
  // The empty string's id: every pool has it, so "none" needs no optional.
  static constexpr Id kEmpty = 0;

  StringPool();

  // The id of `s`, adding it when new. Ids are dense, in order of arrival.
  Id intern(std::string_view s);
  std::optional<Id> find(std::string_view s) const;
  std::string_view view(Id id) const;
  // Ids in use, the empty string's included.
  std::size_t size() const { return ends_.size(); }

 private:
  // The slot that holds `s`, or the free slot where it would go.
  std::size_t slot_of(std::string_view s, std::size_t hash) const;
  void grow();

  std::string bytes_;                // every string, one after another
  std::vector<std::uint64_t> ends_;  // ends_[id]: where string `id` ends in bytes_
  std::vector<Id> slots_;            // open addressing over ids; kEmpty: free
};

}  // namespace hotline::triage
