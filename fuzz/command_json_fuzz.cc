// Fuzz target for the engine's JSON commands (application/command_table.h), the door
// that scenario files, the command line and the HTTP API share. The input is
// a JSON body; it is given as `args` to every action, each on a work order or
// request in the state that action expects, by an actor allowed to do it, so
// the fuzzed JSON reaches both the strict argument parsers and the engine's
// rules. No call may crash or throw; a refusal of malformed input names the
// field; kInternal means a bug.
//
// One real engine is built once, on a temporary SQLite store with the shipped
// policies, calendar and demo organisation, on a fake clock. To keep runs
// independent and reproducible, the fixture's streams are never changed after
// set-up: an append to an existing stream is checked (its events must round
// trip through the JSON codec) and then dropped. New requests (`register`)
// are written for real, so fuzzed text goes through SQLite too.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "application/command_table.h"

namespace hotline {
namespace {

[[noreturn]] void die(const char* what, const Error& e) {
  std::fprintf(stderr, "command_json_fuzz: %s: %s\n", what, e.describe().c_str());
  std::abort();
}

// Forwards to the SQLite store; after set-up, appends to existing streams are
// verified and dropped (see above).
class FixtureStore final : public WorkOrderStore {
 public:
  explicit FixtureStore(std::unique_ptr<WorkOrderStore> inner) : inner_(std::move(inner)) {}
  void freeze() { frozen_ = true; }

  Result<std::vector<Event>> load(std::string_view stream) override { return inner_->load(stream); }
  Status append(const std::vector<StreamAppend>& batch,
                const std::vector<WorkOrderSummary>& summaries,
                const std::vector<AuditRecord>& audit = {}) override {
    bool all_new = !batch.empty() && summaries.empty();
    for (const auto& a : batch) {
      if (a.expected_version != 0) all_new = false;
      for (const auto& e : a.events) {
        const nlohmann::json once = event_to_json(e);
        auto back = event_from_json(once);
        if (!back) die("an engine event does not decode", back.error());
        if (event_to_json(*back) != once) __builtin_trap();
        (void)once.dump();
      }
    }
    if (!frozen_ || all_new) return inner_->append(batch, summaries, audit);
    return {};
  }
  Result<std::optional<std::string>> request_for_intake_key(std::string_view key) override {
    return inner_->request_for_intake_key(key);
  }
  Result<std::int64_t> next_sequence(std::string_view counter) override {
    return inner_->next_sequence(counter);
  }
  Result<std::vector<std::string>> due_for_check(Instant now, std::size_t limit) override {
    return inner_->due_for_check(now, limit);
  }
  Result<std::vector<WorkOrderSummary>> list_work_orders(const WorkOrderFilter& filter) override {
    return inner_->list_work_orders(filter);
  }
  Result<std::size_t> count_work_orders(const WorkOrderFilter& filter) override {
    return inner_->count_work_orders(filter);
  }
  Status save_units(const std::vector<Unit>& units) override { return inner_->save_units(units); }
  Result<std::vector<Unit>> load_units() override { return inner_->load_units(); }

 private:
  std::unique_ptr<WorkOrderStore> inner_;
  bool frozen_ = false;
};

struct Call {
  std::string action;
  std::string target;
  std::string actor;
};

class Fixture {
 public:
  Fixture() : clock_(*parse_iso8601("2026-03-02T09:00:00+08:00")) {
    const std::filesystem::path data = HOTLINE_DATA_DIR;
    auto policies = load_policy_dir(data / "policies");
    if (!policies) die("policies", policies.error());
    policies_ = std::move(*policies);
    auto years = load_calendar_dir(data / "calendar");
    if (!years) die("calendar", years.error());
    auto calendar = WorkingDayCalendar::create(std::move(*years));
    if (!calendar) die("calendar", calendar.error());
    calendar_.emplace(std::move(*calendar));
    auto units = load_organisation_file(data / "demo" / "organisation.toml");
    if (!units) die("organisation", units.error());
    auto org = Organisation::create(*units);
    if (!org) die("organisation", org.error());
    organisation_.emplace(std::move(*org));

    std::error_code ec;
    std::filesystem::path tmp = "/dev/shm";
    if (!std::filesystem::is_directory(tmp, ec)) tmp = std::filesystem::temp_directory_path();
    db_ = tmp / ("hotline-command-fuzz-" + std::to_string(::getpid()) + ".db");
    remove_db();
    auto sqlite = SqliteWorkOrderStore::open(db_, {.group_commit = false, .max_batch = 256});
    if (!sqlite) die("store", sqlite.error());
    store_ = std::make_unique<FixtureStore>(std::move(*sqlite));
    if (auto st = store_->save_units(*units); !st) die("store", st.error());
    engine_ = std::make_unique<Engine>(*store_, clock_, *calendar_, policies_, *organisation_);
    set_up();
    store_->freeze();
    clock_.advance(Seconds{3600});
  }
  ~Fixture() {
    engine_.reset();
    store_.reset();
    remove_db();
  }

  void run(const nlohmann::json& args) {
    for (const auto& call : calls_) {
      auto actor = parse_actor(call.actor);
      if (!actor) die("actor", actor.error());
      const CommandContext ctx{*actor, "fuzz", std::nullopt};
      auto result = run_command(*engine_, call.action, call.target, ctx, args);
      if (result) {
        (void)result->dump();
        continue;
      }
      const Error& e = result.error();
      if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kStorage) {
        die(call.action.c_str(), e);
      }
      // (Args that are not an object, or a member named "", have no name to give.)
      if (e.code == ErrorCode::kInvalidArgument && e.field.empty() && args.is_object() &&
          !args.contains("")) {
        die("an invalid-argument error names no field", e);
      }
      if (e.code == ErrorCode::kRefused && (e.rule.empty() || e.article.empty())) {
        die("a refusal names no rule or article", e);
      }
    }
  }

 private:
  static constexpr const char* kUnit = "unit-staff@dept.heping.urban-management";

  nlohmann::json must(std::string_view action, const std::string& target, const std::string& by,
                      const char* args) {
    auto actor = parse_actor(by);
    if (!actor) die("actor", actor.error());
    const CommandContext ctx{*actor, "set-up", std::nullopt};
    auto json = parse_json(args);
    if (!json) die("set-up args", json.error());
    auto result = run_command(*engine_, action, target, ctx, *json);
    if (!result) die(std::string(action).c_str(), result.error());
    return *result;
  }

  std::string register_request() {
    auto r = must("register", "", "agent",
                  R"({"requested_at":"2026-03-02T08:55:00+08:00","channel":"phone",
                      "type":"complaint","applicant":{"name":"张𠮷","phone":"13800000000"},
                      "subject":"小区噪音扰民","detail":"夜间施工噪音；路灯不亮",
                      "items":[{"text":"夜间施工噪音"},{"text":"路灯不亮"}],
                      "location":{"district":"district.heping"}})");
    return r["number"].get<std::string>();
  }

  std::string dispatched(const char* plan) {
    const std::string number = register_request();
    must("dispatch", number, "dispatcher", plan);
    return number + "-1";
  }

  void set_up() {
    const char* plan = R"({"lead_unit":"dept.heping.urban-management"})";
    const std::string registered = register_request();
    const std::string in_consultation = register_request();
    must("open-consultation", in_consultation, "dispatcher",
         R"({"units":["dept.heping.urban-management","dept.heping.housing"],"question":"谁主办"})");
    const std::string to_accept = dispatched(plan);
    const std::string accepted = dispatched(
        R"({"lead_unit":"dept.heping.urban-management","assisting_units":["dept.heping.housing"]})");
    must("accept", accepted, kUnit, "{}");
    const std::string replied = dispatched(plan);
    must("accept", replied, kUnit, "{}");
    must("reply", replied, kUnit,
         R"({"contacted_at":"2026-03-02T09:00:00+08:00","handler":"李明","handler_contact":"022-1",
             "process":"现场核查","result":"施工单位已停止夜间施工","policy_basis":"噪声条例",
             "applicant_feedback":"认可"})");
    const std::string return_pending = dispatched(plan);
    must("apply-return", return_pending, kUnit,
         R"({"reason":"not-our-duty","explanation":"不属本单位职责",
             "evidence":{"legal_basis":"三定方案"}})");
    const std::string awaiting = dispatched(plan);
    must("apply-return", awaiting, kUnit,
         R"({"reason":"not-our-duty","explanation":"不属本单位职责",
             "evidence":{"legal_basis":"三定方案"}})");
    must("review-return", awaiting, "dispatcher", R"({"approve":true})");
    const std::string extension_pending = dispatched(plan);
    must("accept", extension_pending, kUnit, "{}");
    must("apply-extension", extension_pending, kUnit,
         R"({"progress":"已现场核查","measures":"协调施工单位"})");

    calls_ = {
        {"register", "", "agent"},
        {"triage", registered, "agent"},
        {"open-consultation", registered, "dispatcher"},
        {"conclude-consultation", in_consultation, "dispatcher"},
        {"dispatch", registered, "dispatcher"},
        {"accept", to_accept, kUnit},
        {"forward", accepted, kUnit},
        {"apply-return", to_accept, kUnit},
        {"review-return", return_pending, "dispatcher"},
        {"redispatch", awaiting, "dispatcher"},
        {"apply-extension", accepted, kUnit},
        {"review-extension", extension_pending, "dispatcher"},
        {"submit-assisting-result", accepted, "unit-staff@dept.heping.housing"},
        {"reply", accepted, kUnit},
        {"evaluate", replied, "visit-agent"},
        {"skip-visit", replied, "visit-agent"},
        {"send-back", replied, "visit-agent"},
        {"close", replied, "visit-agent"},
        {"file-appeal", replied, kUnit},
        {"review-appeal", replied, "supervisor"},
        {"supervise", accepted, "supervisor"},
        {"sweep", "", "system"},
        {"no-such-action", registered, "agent"},
    };
  }

  void remove_db() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(db_.string() + suffix, ec);
    }
  }

  FakeClock clock_;
  PolicySet policies_;
  std::optional<WorkingDayCalendar> calendar_;
  std::optional<Organisation> organisation_;
  std::filesystem::path db_;
  std::unique_ptr<FixtureStore> store_;
  std::unique_ptr<Engine> engine_;
  std::vector<Call> calls_;
};

}  // namespace
}  // namespace hotline

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hotline::Fixture fixture;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = hotline::parse_json(text);
  if (!json) return 0;
  fixture.run(*json);
  return 0;
}
