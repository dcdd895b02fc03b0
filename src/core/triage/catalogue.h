#pragma once
// The dispatch catalogue (派单目录, DIS-2 [R7, M15]): which unit undertakes a
// matter, by category and place, built from laws, responsibility lists and
// street duty lists and kept up to date by the office of hotline. Entries
// are data (data/triage/catalogue.toml seeds them); every add, change and
// retirement is a recorded CatalogueChange (who, when, why, before, after),
// and the catalogue is the replay of its changes.
//
// An entry matches a request whose category lies at or below the entry's
// category, in the entry's district/street (any, when empty), and — for an
// exception — whose text contains one of its keywords. The most specific
// matching entry wins: deeper category, then keywords (they name the matter
// itself: heating, gas …), then street over district over anywhere; an
// exception names the entry it overrides.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/organisation.h"
#include "core/result.h"
#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline::triage {

// Lead and assisting units may name a unit or a place of the request:
inline constexpr std::string_view kDistrictOfRequest = "{district}";  // its district government
inline constexpr std::string_view kStreetOfRequest = "{street}";      // its street

struct CatalogueEntry {
  std::string id;        // stable ASCII id, e.g. "urban.property.nankai"
  std::string category;  // taxonomy path: "城乡建设" or "城乡建设/物业管理"
  std::string district;  // unit id of a district; empty: anywhere
  std::string street;    // unit id of a street; empty: the whole district
  std::vector<std::string> keywords;  // non-empty: only when the text contains one
  std::string lead;                   // unit id, {district} or {street}
  std::vector<std::string> assisting;
  bool functional = false;   // DIS-6 [R8]: a functional department's matter, never grassroots
  std::string exception_of;  // the entry this one makes an exception to
  std::string basis;         // the law, responsibility list or duty list it comes from
  bool active = true;

  bool operator==(const CatalogueEntry&) const = default;
};

enum class CatalogueAction { kAdd, kChange, kRetire };
std::string_view to_string(CatalogueAction a);
std::optional<CatalogueAction> parse_catalogue_action(std::string_view s);

struct CatalogueChange {
  std::int64_t sequence = 0;  // 1-based position in the log
  Instant at{};
  Actor actor;
  CatalogueAction action = CatalogueAction::kAdd;
  std::string entry_id;
  std::optional<CatalogueEntry> before;
  std::optional<CatalogueEntry> after;
  std::string reason;
  std::string article = "R7";
};

// The catalogue's answer for one request: the entry and its units resolved
// for the request's place.
struct CatalogueMatch {
  const CatalogueEntry* entry = nullptr;
  std::string lead;
  std::vector<std::string> assisting;
  int specificity = 0;
};

struct CatalogueQuery {
  std::string category;  // the request's category path
  std::string district;  // unit ids from the request's location
  std::string street;
  std::string_view text;  // for keyword exceptions
};

// Checks an entry against the organisation: known, active units able to
// undertake work; places of the right kind; DIS-6 for functional matters.
Status validate_entry(const CatalogueEntry& entry, const Organisation& org);

// True when `path` is `prefix` or lies below it ("a/b" is below "a").
bool category_within(std::string_view path, std::string_view prefix);

class DispatchCatalogue {
 public:
  DispatchCatalogue() = default;

  // Replays a change log; fails at the first change that does not apply.
  static Result<DispatchCatalogue> replay(const std::vector<CatalogueChange>& log);

  // The office's changes: validated, refused with DIS-2/DIS-6 and R7/R8 when
  // wrong, and returned for the store to record (then apply()).
  Result<CatalogueChange> add(CatalogueEntry entry, const Organisation& org, const Actor& actor,
                              std::string reason, Instant at) const;
  Result<CatalogueChange> change(CatalogueEntry entry, const Organisation& org, const Actor& actor,
                                 std::string reason, Instant at) const;
  Result<CatalogueChange> retire(std::string_view id, const Actor& actor, std::string reason,
                                 Instant at) const;
  // Applies a change made by add/change/retire (or read from the store).
  Status apply(const CatalogueChange& change);

  // Matching active entries, most specific first, with units resolved.
  std::vector<CatalogueMatch> match(const CatalogueQuery& query) const;

  const CatalogueEntry* find(std::string_view id) const;
  const std::vector<CatalogueEntry>& entries() const { return entries_; }
  const std::vector<CatalogueChange>& log() const { return log_; }

 private:
  Result<CatalogueChange> make(CatalogueAction action, std::optional<CatalogueEntry> before,
                               std::optional<CatalogueEntry> after, const Actor& actor,
                               std::string reason, Instant at) const;
  std::vector<CatalogueEntry> entries_;
  std::vector<CatalogueChange> log_;
};

}  // namespace hotline::triage
