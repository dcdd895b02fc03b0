#include "app/platform.h"

#include <spdlog/spdlog.h>

#include "adapters/sodium/data_key.h"
#include "adapters/sodium/sodium_cipher.h"
#include "adapters/sodium/sodium_credentials.h"
#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/storage/writer_audit_log.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "adapters/xapian/xapian_article_index.h"
#include "app/storage.h"
#include "application/accounts.h"
#include "application/calendar_admin.h"
#include "application/holiday_calendar.h"

namespace hotline {
namespace {

// CON-1 [D32]: the keyed hash of the cipher (its own key, not the sealing
// key), so an applicant's conduct record never holds the phone number.
class CipherApplicantKeyer final : public ApplicantKeyer {
 public:
  explicit CipherApplicantKeyer(const PersonalDataCipher& cipher) : cipher_(cipher) {}
  std::string key_of(std::string_view normalized_phone) const override {
    return cipher_.lookup_hash(normalized_phone);
  }

 private:
  const PersonalDataCipher& cipher_;
};

Result<WorkingDayCalendar> load_calendar(const PlatformOptions& options) {
  auto years = load_calendar_dir(options.data_dir / "calendar");
  if (!years) return fail(years.error());
  const auto mode = options.calendar_fallback ? WorkingDayCalendar::Mode::kWeekendFallback
                                              : WorkingDayCalendar::Mode::kStrict;
  return WorkingDayCalendar::create(std::move(*years), mode, [](int year) {
    spdlog::warn(
        "calendar: no holiday data for {}; counting weekends only. Add the State Council's notice "
        "for {} to data/calendar/ (see docs/calendar.md)",
        year, year);
  });
}

}  // namespace

Platform::Platform() = default;
Platform::~Platform() = default;

std::filesystem::path default_key_file(const std::filesystem::path& db) {
  return std::filesystem::path(db.string() + ".key");
}

std::filesystem::path local_base(const PlatformOptions& options) {
  if (is_postgresql_url(options.db.string())) return options.state_dir / "hotline";
  return options.db;
}

Result<std::optional<DataKey>> resolve_data_key(const PlatformOptions& options) {
  auto from_env = load_data_key_from_environment();
  if (!from_env) return fail(from_env.error());
  if (*from_env) return from_env;
  const auto file = default_key_file(local_base(options));
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::optional<DataKey>{};
  auto key = load_data_key_file(file);
  if (!key) return fail(key.error());
  return std::optional<DataKey>{std::move(*key)};
}

Result<std::shared_ptr<const AuditHasher>> audit_hasher_for(const PlatformOptions& options) {
  auto key = resolve_data_key(options);
  if (!key) return fail(key.error());
  if (!*key) return std::shared_ptr<const AuditHasher>(std::make_shared<Blake2bAuditHasher>());
  auto cipher = SodiumPersonalDataCipher::create(**key);
  if (!cipher) return fail(cipher.error());
  return std::shared_ptr<const AuditHasher>((*cipher)->audit_hasher());
}

Result<std::unique_ptr<Platform>> open_platform(const PlatformOptions& options) {
  auto p = std::make_unique<Platform>();
  auto policies = load_policy_dir(options.policies_dir.empty() ? options.data_dir / "policies"
                                                               : options.policies_dir);
  if (!policies) return fail(policies.error());
  p->policies = std::move(*policies);
  auto calendar = load_calendar(options);
  if (!calendar) return fail(calendar.error());
  p->calendar.emplace(std::move(*calendar));

  // SEC-1: applicants' personal data is sealed at rest with the data key.
  auto key = resolve_data_key(options);
  if (!key) return fail(key.error());
  if (*key) {
    auto cipher = SodiumPersonalDataCipher::create(**key);
    if (!cipher) return fail(cipher.error());
    p->cipher = std::move(*cipher);
  }
  // SEC-2: one chain for the audit log, whichever connection appends to it
  // (a command's entry commits with its events in the work-order store).
  std::shared_ptr<const AuditHasher> hasher;
  if (options.with_security) {
    hasher = p->cipher ? std::shared_ptr<const AuditHasher>(p->cipher->audit_hasher())
                       : std::make_shared<Blake2bAuditHasher>();
  }
  auto storage = open_storage(options.db, options.state_dir);
  if (!storage) return fail(storage.error());
  p->storage = std::move(*storage);
  auto work_orders = p->storage->work_orders(p->cipher.get(), hasher);
  if (!work_orders) return fail(work_orders.error());
  p->store = std::move(work_orders->store);
  p->applicant_index = work_orders->applicants;

  // Issue 9, item 13: the holiday years entered on the platform after the
  // shipped files, loaded beside them (the files win for a year both hold).
  // (SEC-2: a year's change commits with its audit entry, chained here.)
  auto calendar_store = p->storage->calendar(hasher);
  if (!calendar_store) return fail(calendar_store.error());
  p->calendar_store = std::move(*calendar_store);
  auto stored_years = p->calendar_store->load_years();
  if (!stored_years) return fail(stored_years.error());
  for (const StoredCalendarYear& y : *stored_years) {
    if (y.year.year <= p->calendar->last_year()) continue;
    if (auto st = p->calendar->add_year(y.year); !st) return fail(st.error());
  }

  std::vector<Unit> units;
  if (options.organisation_file) {
    auto loaded = load_organisation_file(*options.organisation_file);
    if (!loaded) return fail(loaded.error());
    units = std::move(*loaded);
    if (auto st = p->store->save_units(units); !st) return fail(st.error());
  } else {
    auto loaded = p->store->load_units();
    if (!loaded) return fail(loaded.error());
    units = std::move(*loaded);
    if (units.empty()) {
      return fail(Error::invalid(
          "db",
          "the database " + p->storage->name() + " has no organisation; run `hotline init` first",
          "数据库尚未初始化，请先运行 hotline init"));
    }
  }
  auto organisation = Organisation::create(std::move(units));
  if (!organisation) return fail(organisation.error());
  p->organisation.emplace(std::move(*organisation));
  // KB-8 [T31]: a profile names the units that file its monthly reports.
  for (const auto& [name, policy] : p->policies.profiles) {
    const auto& named = policy.knowledge_base.monthly_report_units;
    if (!named) continue;
    for (const std::string& unit : named->value) {
      if (p->organisation->find(unit) == nullptr) {
        std::string message = "profile ";
        message.append(name).append(" (knowledge_base.monthly_report_units, ");
        message.append(named->article).append(") names unit ").append(unit);
        message.append(", which the organisation does not have");
        std::string message_zh = "政策";
        message_zh.append(name).append("列出的月报报送单位 ").append(unit);
        message_zh.append(" 不在组织机构中（").append(named->article).append("）");
        return fail(Error::invalid("organisation", std::move(message), std::move(message_zh)));
      }
    }
  }
  // Every unit's profile must exist, or its work orders could not be dispatched.
  for (const auto& u : p->organisation->units()) {
    if (!u.policy_profile.empty() && !p->policies.find(u.policy_profile)) {
      return fail(Error::invalid(
          "organisation", "unit " + u.id + " is bound to unknown profile " + u.policy_profile,
          "单位绑定的政策不存在"));
    }
  }

  if (options.fake_now) {
    auto fake = std::make_unique<FakeClock>(*options.fake_now);
    p->fake_clock = fake.get();
    p->clock = std::move(fake);
  } else {
    p->clock = std::make_unique<SystemClock>();
  }
  p->engine =
      std::make_unique<Engine>(*p->store, *p->clock, *p->calendar, p->policies, *p->organisation);
  p->calendar_admin = std::make_unique<CalendarAdmin>(*p->calendar, *p->calendar_store, *p->clock);
  if (p->cipher) {
    p->applicant_keyer = std::make_unique<CipherApplicantKeyer>(*p->cipher);
    p->engine->set_applicant_keyer(p->applicant_keyer.get());
  }
  p->audit_hasher = hasher;
  if (options.with_security) {
    auto security = p->storage->security(hasher);
    if (!security) return fail(security.error());
    p->security = std::move(security->store);
    p->audit_log = security->log;
    p->verify_audit = std::move(security->verify);
    auto credentials = SodiumCredentials::create();
    if (!credentials) return fail(credentials.error());
    p->credentials = std::make_unique<SodiumCredentials>(std::move(*credentials));
    p->authenticator =
        std::make_unique<Authenticator>(*p->security, *p->credentials, *p->clock, p->audit_log);
    if (hasher) {
      p->disclosure_log =
          std::make_unique<WriterAuditLog>(std::move(work_orders->append_audit), *p->audit_log);
    }
    p->privacy = std::make_unique<PrivacyGuard>(*p->audit_log, *p->clock, *p->organisation,
                                                p->disclosure_log.get());
    p->applicant_lookup = std::make_unique<ApplicantLookup>(
        *p->store, p->cipher.get(), p->cipher ? p->applicant_index : nullptr);
    p->accounts =
        std::make_unique<Accounts>(AccountsContext{*p->security, *p->credentials, *p->organisation,
                                                   *p->clock, p->authenticator->policy().password},
                                   p->privacy.get());
  }
  p->holiday_calendar = std::make_unique<HolidayCalendar>(
      CalendarContext{*p->calendar_admin, *p->clock}, p->privacy.get());
  return p;
}

namespace {

// A PostgreSQL schema is initialised once, whichever node does it; --force
// never drops a database's data (an operator does that, on purpose).
Status init_postgresql(const PlatformOptions& options, bool force) {
  auto storage = open_storage(options.db, options.state_dir);
  if (!storage) return fail(storage.error());
  auto key = resolve_data_key(options);
  if (!key) return fail(key.error());
  std::unique_ptr<SodiumPersonalDataCipher> cipher;
  if (*key) {
    auto made = SodiumPersonalDataCipher::create(**key);
    if (!made) return fail(made.error());
    cipher = std::move(*made);
  }
  {
    auto store = (*storage)->work_orders(cipher.get(), nullptr);
    if (!store) return fail(store.error());
    auto units = store->store->load_units();
    if (!units) return fail(units.error());
    if (!units->empty()) {
      const std::string what = (*storage)->name() + " is initialised already";
      return fail(Error::invalid(
          "db",
          force ? what + "; --force does not drop PostgreSQL data: drop the schema first" : what,
          "数据库已初始化"));
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(options.state_dir, ec);
  const bool new_key = !*key;
  if (new_key) {
    if (auto st = generate_data_key_file(default_key_file(local_base(options))); !st) return st;
  }
  PlatformOptions with_demo = options;
  with_demo.organisation_file = options.data_dir / "demo" / "organisation.toml";
  auto platform = open_platform(with_demo);
  if (!platform) {
    if (new_key) std::filesystem::remove(default_key_file(local_base(options)), ec);
    return fail(platform.error());
  }
  return {};
}

}  // namespace

Status init_database(const PlatformOptions& options, bool force) {
  if (is_postgresql_url(options.db.string())) return init_postgresql(options, force);
  std::error_code ec;
  if (std::filesystem::exists(options.db, ec)) {
    if (!force) {
      return fail(Error::invalid("db", options.db.string() + " exists; use --force to replace it",
                                 "数据库已存在"));
    }
    // The replaced database's knowledge base and triage files from an
    // earlier version go too (they would be moved into the new one), and
    // the search index, which describes the old articles.
    for (const auto& file : {options.db, SqliteKnowledgeStore::former_file(options.db),
                             SqliteTriageStore::former_file(options.db)}) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(file.string() + suffix, ec);
      }
    }
    std::filesystem::remove_all(XapianArticleIndex::beside(options.db), ec);
  }
  if (options.db.has_parent_path()) {
    std::filesystem::create_directories(options.db.parent_path(), ec);
  }
  // SEC-1: a new database gets its own data key unless one is configured.
  auto key = resolve_data_key(options);
  if (!key) return fail(key.error());
  const bool new_key = !*key;
  if (new_key) {
    if (auto st = generate_data_key_file(default_key_file(options.db)); !st) return st;
  }
  PlatformOptions with_demo = options;
  with_demo.organisation_file = options.data_dir / "demo" / "organisation.toml";
  auto platform = open_platform(with_demo);
  if (!platform) {
    // Nothing half-made stays behind: a second `init` would take it for a
    // database (the file did not exist, or --force had removed it).
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(options.db.string() + suffix, ec);
    }
    if (new_key) std::filesystem::remove(default_key_file(options.db), ec);
    return fail(platform.error());
  }
  return {};
}

}  // namespace hotline
