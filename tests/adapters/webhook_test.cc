// ICN-3 [M26, C30]: work-order changes and evaluations pushed to a unit's
// business system from the durable outbox in the SQLite file, signed
// (HMAC-SHA256, timestamp, replay window), retried with back-off, dead-
// lettered and replayed — against a real receiving process
// (webhook_receiver.py) that fails, goes away and recovers.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/sqlite_webhook_outbox.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "adapters/toml/calendar_file.h"
#include "adapters/toml/interconnection_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "adapters/webhook/webhook_delivery.h"
#include "adapters/webhook/webhook_relay.h"
#include "adapters/webhook/webhook_signature.h"
#include "core/engine/engine.h"

namespace hotline {
namespace {

const std::filesystem::path kData = HOTLINE_DATA_DIR;
const std::filesystem::path kReceiver = kData / ".." / "tests" / "adapters" / "webhook_receiver.py";
constexpr const char* kUnit = "dept.heping.urban-management";

// The receiving department system: a real process on loopback.
class Receiver {
 public:
  Receiver(std::filesystem::path dir, std::string secret, int fail_first, int port = 0)
      : dir_(std::move(dir)) {
    const auto port_file = dir_ / "port";
    std::filesystem::remove(port_file);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string p = std::to_string(port), f = std::to_string(fail_first);
      const std::string pf = port_file.string(), log = (dir_ / "received.jsonl").string();
      execlp("python3", "python3", kReceiver.c_str(), "--secret", secret.c_str(), "--port",
             p.c_str(), "--port-file", pf.c_str(), "--log", log.c_str(), "--fail-first", f.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200 && !std::filesystem::exists(port_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream in(port_file);
    in >> port_;
  }
  ~Receiver() { stop(); }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hotline"; }
  // The verdicts it logged, in order.
  std::vector<nlohmann::json> log() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(dir_ / "received.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

int count(const std::vector<nlohmann::json>& log, const std::string& verdict) {
  int n = 0;
  for (const auto& j : log) n += j["verdict"] == verdict;
  return n;
}

class Webhooks : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-webhook-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto policies = load_policy_dir(kData / "policies");
    ASSERT_TRUE(policies);
    policies_ = std::move(*policies);
    auto years = load_calendar_dir(kData / "calendar");
    ASSERT_TRUE(years);
    auto calendar = WorkingDayCalendar::create(*years);
    ASSERT_TRUE(calendar);
    calendar_.emplace(std::move(*calendar));
    auto units = load_organisation_file(kData / "demo" / "organisation.toml");
    ASSERT_TRUE(units);
    auto org = Organisation::create(*units);
    ASSERT_TRUE(org);
    org_.emplace(std::move(*org));
    auto store = SqliteWorkOrderStore::open(dir_ / "hotline.db");
    ASSERT_TRUE(store) << store.error().describe();
    store_ = std::move(*store);
    auto outbox = SqliteWebhookOutbox::open(dir_ / "hotline.db", nullptr);
    ASSERT_TRUE(outbox) << outbox.error().describe();
    outbox_ = std::move(*outbox);
    engine_ = std::make_unique<Engine>(*store_, clock_, *calendar_, policies_, *org_);
  }
  void TearDown() override {
    engine_.reset();
    outbox_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Registered, dispatched to kUnit and accepted: two work-order events for it.
  std::string accepted_work_order() {
    RequestDetails d;
    d.channel = Channel::kPhone;
    d.type = RequestType::kComplaint;
    d.applicant.name = "张𠮷";
    d.applicant.phone = "13800000000";
    d.detail = "夜间施工噪音扰民𡒄";
    d.location.district = "district.heping";
    auto r = engine_->register_request({{"agent.wang", Role::kAgent, "office"}, "来电", {}}, d);
    EXPECT_TRUE(r) << r.error().describe();
    DispatchPlanOrder o;
    o.lead_unit = kUnit;
    auto orders = engine_->dispatch({{"dispatcher.zhao", Role::kDispatcher, "office"}, "派单", {}},
                                    r->number, {o});
    EXPECT_TRUE(orders) << orders.error().describe();
    const std::string id = orders->front().id;
    EXPECT_TRUE(engine_->accept({{"staff.li", Role::kUnitStaff, kUnit}, "接单", {}}, id));
    return id;
  }

  webhook::Schedule schedule() {
    webhook::Schedule s;
    s.backoff = {Seconds{30}, Seconds{60}};
    s.max_attempts = 2;
    s.timeout = Seconds{5};
    return s;
  }

  std::filesystem::path dir_;
  // Near the real time: the receiver checks the signature's timestamp
  // against its own clock (the replay window).
  FakeClock clock_{std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now())};
  PolicySet policies_;
  std::optional<WorkingDayCalendar> calendar_;
  std::optional<Organisation> org_;
  std::unique_ptr<SqliteWorkOrderStore> store_;
  std::unique_ptr<SqliteWebhookOutbox> outbox_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(Webhooks, ICN_3_SignatureBindsBodyAndTimeWithinTheReplayWindow) {
  const std::string secret = webhook::new_secret();
  ASSERT_EQ(secret.size(), 64u);
  const std::string header = webhook::signature_header(secret, 1000, "{\"a\":1}");
  using webhook::Verdict;
  EXPECT_EQ(webhook::verify(secret, header, "{\"a\":1}", 1100, 300), Verdict::kValid);
  EXPECT_EQ(webhook::verify(secret, header, "{\"a\":2}", 1100, 300), Verdict::kMismatch);
  EXPECT_EQ(webhook::verify("other", header, "{\"a\":1}", 1100, 300), Verdict::kMismatch);
  EXPECT_EQ(webhook::verify(secret, header, "{\"a\":1}", 1400, 300), Verdict::kOutsideWindow);
  EXPECT_EQ(webhook::verify(secret, "v1=abc", "{}", 1000, 300), Verdict::kMalformed);
}

TEST_F(Webhooks, ICN_3_ReceiverThatFailsThenRecoversGetsEveryChangeAtLeastOnce) {
  const std::string secret = webhook::new_secret();
  Receiver receiver(dir_, secret, /*fail_first=*/2);
  ASSERT_GT(receiver.port(), 0);
  ASSERT_TRUE(outbox_->save_subscription({kUnit, receiver.url(), secret, clock_.now()}));
  const std::string id = accepted_work_order();

  webhook::Relay relay(*store_, *outbox_, clock_);
  auto derived = relay.catch_up();
  ASSERT_TRUE(derived) << derived.error().describe();
  EXPECT_EQ(*derived, 2u);        // work-order-dispatched, work-order-accepted
  auto again = relay.catch_up();  // the cursor moved with them: nothing twice
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0u);

  webhook::Delivery delivery(*outbox_, clock_, schedule());
  // The receiver is down (500 twice): both attempts fail, retried after 30 s.
  auto first = delivery.deliver_due();
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ(first->retrying, 2u);
  auto early = delivery.deliver_due();  // not due yet
  ASSERT_TRUE(early);
  EXPECT_EQ(early->attempted, 0u);
  clock_.advance(Seconds{30});
  auto second = delivery.deliver_due();  // recovered
  ASSERT_TRUE(second);
  EXPECT_EQ(second->delivered, 2u);

  // An evaluation is pushed too (VIS-1 on the work order's stream).
  ReplyContent reply;
  reply.contacted_at = clock_.now();
  reply.handler = "刘明";
  reply.handler_contact = "022-23000004";
  reply.process = "现场检查，责令施工单位停止夜间施工";
  reply.result = "施工单位已调整施工时间，夜间不再施工";
  reply.policy_basis = "《天津市环境噪声污染防治管理办法》";
  reply.applicant_feedback = "诉求人知悉";
  ASSERT_TRUE(engine_->reply({{"staff.li", Role::kUnitStaff, kUnit}, "答复", {}}, id, reply));
  WorkOrderEvaluated evaluation;
  evaluation.satisfaction = Satisfaction::kSatisfied;
  ASSERT_TRUE(
      engine_->evaluate({{"visit.zhou", Role::kVisitAgent, "office"}, "回访", {}}, id, evaluation));
  ASSERT_TRUE(relay.catch_up());
  auto third = delivery.deliver_due();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->delivered, 2u);

  const auto log = receiver.log();
  EXPECT_EQ(count(log, "failing"), 2);
  EXPECT_EQ(count(log, "accepted"), 4);
  EXPECT_EQ(count(log, "bad-signature"), 0);
  EXPECT_EQ(count(log, "stale"), 0);
  EXPECT_EQ(log.back()["topic"], "work-order-evaluated");
  EXPECT_EQ(log.back()["event_id"], id + "/4");
}

TEST_F(Webhooks, ICN_3_DeadLettersAreListedAndReplayedAndDuplicatesAreDeduplicated) {
  const std::string secret = webhook::new_secret();
  std::optional<Receiver> receiver;
  receiver.emplace(dir_, secret, 0);
  const int port = receiver->port();
  const std::string url = receiver->url();
  receiver->stop();  // the department's system is off
  ASSERT_TRUE(outbox_->save_subscription({kUnit, url, secret, clock_.now()}));
  accepted_work_order();
  webhook::Relay relay(*store_, *outbox_, clock_);
  ASSERT_TRUE(relay.catch_up());
  webhook::Delivery delivery(*outbox_, clock_, schedule());
  ASSERT_TRUE(delivery.deliver_due());
  clock_.advance(Seconds{30});
  auto last = delivery.deliver_due();  // the second and last attempt
  ASSERT_TRUE(last);
  EXPECT_EQ(last->dead, 2u);
  auto dead = outbox_->list(OutboxState::kDead, 100);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 2u);
  EXPECT_EQ((*dead)[0].attempts, 2);
  EXPECT_FALSE((*dead)[0].last_error.empty());

  // The system comes back on the same port; the office replays the dead letters.
  receiver.emplace(dir_, secret, 0, port);
  ASSERT_EQ(receiver->port(), port);
  for (const auto& m : *dead) ASSERT_TRUE(outbox_->replay(m.id, clock_.now()));
  EXPECT_EQ(outbox_->replay((*dead)[0].id, clock_.now()).error().code, ErrorCode::kNotFound);
  // An answer lost on the way back: the push arrived, the outbox retries it.
  bool lose_first_answer = true;
  webhook::Delivery lossy(*outbox_, clock_, schedule(),
                          [&](const webhook::Post& post, std::chrono::seconds t) -> Result<int> {
                            auto status = webhook::send(post, t);
                            if (lose_first_answer) {
                              lose_first_answer = false;
                              return fail(Error::storage("connection reset"));
                            }
                            return status;
                          });
  auto replayed = lossy.deliver_due();
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->delivered, 1u);
  EXPECT_EQ(replayed->retrying, 1u);
  clock_.advance(Seconds{30});
  ASSERT_TRUE(lossy.deliver_due());
  auto delivered = outbox_->list(OutboxState::kDelivered, 100);
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->size(), 2u);
  const auto log = receiver->log();
  EXPECT_EQ(count(log, "accepted"), 2);   // acted on once each
  EXPECT_EQ(count(log, "duplicate"), 1);  // the retried one, recognised by its event id
}

TEST_F(Webhooks, ICN_3_ScheduleFileNamesItsMistakes) {
  auto shipped = load_interconnection_file(kData / "interconnection.toml");
  ASSERT_TRUE(shipped) << shipped.error().describe();
  EXPECT_EQ(shipped->max_attempts, 6);
  EXPECT_EQ(shipped->backoff.front(), Seconds{60});
  auto bad = parse_interconnection(
      "[webhooks]\narticle = \"M26\"\nretry_backoff = [\"2 working days\"]\nmax_attempts = 3\n"
      "replay_window = \"5 minutes\"\ntimeout = \"1 minute\"\n",
      "x.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("retry_backoff"), std::string::npos);
  auto unknown = parse_interconnection("[webhooks]\nretries = 3\n", "x.toml");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("retries"), std::string::npos);
}

}  // namespace
}  // namespace hotline
