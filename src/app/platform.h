#pragma once
// Wires the core to its adapters: policies, calendar and organisation from
// files or the store, the SQLite store, a clock, and the engine.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include "core/calendar/working_day_calendar.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"
#include "core/ports/applicant_index.h"
#include "core/ports/security_store.h"
#include "core/ports/work_order_store.h"
#include "core/security/applicant_lookup.h"
#include "core/security/authenticator.h"
#include "core/security/privacy_guard.h"

namespace hotline {

class Accounts;
class CalendarAdmin;
class HolidayCalendar;
class CalendarStore;
class DataKey;
class SodiumPersonalDataCipher;
class SodiumCredentials;
class Storage;

struct PlatformOptions {
  std::filesystem::path data_dir;      // data/: policies/, calendar/, demo/
  std::filesystem::path policies_dir;  // default data_dir/policies
  std::filesystem::path db;            // the SQLite file, or a postgresql:// URL (storage.h)
  // A PostgreSQL node's local files (data key, attachments, search index);
  // a SQLite database keeps them beside its file.
  std::filesystem::path state_dir = "var";
  std::optional<Instant> fake_now;  // run on a FakeClock starting here
  bool calendar_fallback = false;   // weekends only past the known years, logged
  // Take the organisation from this TOML file instead of the store.
  std::optional<std::filesystem::path> organisation_file;
  // Open the security store too (accounts, sessions, audit log).
  bool with_security = true;
};

// The data key that encrypts applicants' personal data (SEC-1): from
// HOTLINE_KEY_FILE or HOTLINE_DATA_KEY, else the file DB.key beside the
// database; none when neither exists (personal data then stored as given).
Result<std::optional<DataKey>> resolve_data_key(const PlatformOptions& options);
std::filesystem::path default_key_file(const std::filesystem::path& db);
// What the files kept beside the data are named after (Storage::local_base):
// the SQLite file, or STATE_DIR/hotline for PostgreSQL.
std::filesystem::path local_base(const PlatformOptions& options);
// The audit chain's hash for that key (keyed BLAKE2b), or unkeyed without one:
// what verifies a copy of the database (`hotline backup`, `restore`).
Result<std::shared_ptr<const AuditHasher>> audit_hasher_for(const PlatformOptions& options);

struct Platform {
  Platform();
  ~Platform();
  PolicySet policies;
  std::optional<Organisation> organisation;
  // Shared by every door; years are added while it runs (its header says how).
  std::optional<WorkingDayCalendar> calendar;
  // Where every store is opened (SQLite or PostgreSQL); first, so it goes last.
  std::unique_ptr<Storage> storage;
  std::unique_ptr<CalendarStore> calendar_store;  // years entered on the platform
  std::unique_ptr<CalendarAdmin> calendar_admin;  // adds a year: check, store, swap
  std::unique_ptr<WorkOrderStore> store;
  std::unique_ptr<Clock> clock;
  FakeClock* fake_clock = nullptr;  // set when running on a fake clock
  std::unique_ptr<Engine> engine;
  // CON-1: applicants' conduct records by the keyed hash of their phone
  // (null without a data key: CON-1 actions are then refused).
  std::unique_ptr<ApplicantKeyer> applicant_keyer;

  // The audit log's chain, for every store that appends to it (null
  // without security).
  std::shared_ptr<const AuditHasher> audit_hasher;

  // Security (issue 3): present unless PlatformOptions::with_security is off.
  std::unique_ptr<SodiumPersonalDataCipher> cipher;  // null without a data key
  std::unique_ptr<SecurityStore> security;           // accounts, sessions, audit log
  AuditLog* audit_log = nullptr;                     // the security store's log
  ApplicantIndex* applicant_index = nullptr;         // the work-order store's (INT-5)
  // `audit verify`: the whole chain, with the platform's hasher.
  std::function<Result<AuditVerification>(std::span<const AuditAnchor>)> verify_audit;
  std::unique_ptr<SodiumCredentials> credentials;
  std::unique_ptr<Authenticator> authenticator;
  // The reads of personal data appended through the store's group-committed
  // writer (issue 14; null: through the security store).
  std::unique_ptr<AuditLog> disclosure_log;
  std::unique_ptr<PrivacyGuard> privacy;
  std::unique_ptr<ApplicantLookup> applicant_lookup;
  // The account-administration use case (users, roles, API keys), audited
  // through `privacy`: what every door calls (null without security).
  std::unique_ptr<Accounts> accounts;
  // The calendar's administration use case on calendar_admin, audited
  // through `privacy` (unaudited without security): what every door calls.
  std::unique_ptr<HolidayCalendar> holiday_calendar;
};

// Loads and validates everything; a bad policy or data file stops start-up
// with the file, line and what is wrong.
Result<std::unique_ptr<Platform>> open_platform(const PlatformOptions& options);

// Creates a new database with the demo organisation (refuses to overwrite),
// and a data key beside it when none is configured.
Status init_database(const PlatformOptions& options, bool force);

}  // namespace hotline
