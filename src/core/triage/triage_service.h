#pragma once
// The triage service: one call for the agent's registration screen (DIS-8
// [M15, R26]) — the likely categories with confidence, the places in the
// text, the suggested lead and assisting units with the reason (catalogue
// entry, learned from history, or both), whether to split (DIS-3 [M15]),
// the applicant's earlier requests on the same problem with their progress
// (TRI-5 [M13(5)]), the cluster the request would join (SUP-1 [M22(3)]) and
// the deadlines that would apply (DIS-1, ACC-1, HND-2/3). Also the office's
// catalogue maintenance (DIS-2 [R7]), clustering of requests as they arrive,
// hot clusters (ANA-2 [R27]) and reply checks (REP-2, REP-3).
//
// Thread-safe: suggestions and queries share a lock; observing a request and
// changing the catalogue take it exclusively. With a TriageStore, every
// change is recorded before it is applied in memory.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/analysis/recurring_clusters.h"
#include "core/engine/deadlines.h"
#include "core/org/organisation.h"
#include "core/policy/policy.h"
#include "core/triage/catalogue.h"
#include "core/triage/dispatch_history.h"
#include "core/triage/gazetteer.h"
#include "core/triage/reply_check.h"
#include "core/triage/request_index.h"
#include "core/triage/text_classifier.h"
#include "core/triage/triage_store.h"
#include "core/triage/type_urgency_suggestion.h"
#include "core/work_order/request.h"

namespace hotline::triage {

struct TriageSettings {
  IndexSettings index;
  // TRI-5 [M13(5)]: an earlier request of the same applicant at least this
  // similar is the same request again.
  double same_applicant_similarity = 0.2;
  // Other applicants' requests this similar are shown as near-identical.
  double near_identical_similarity = 0.6;
  std::size_t categories = 3;  // how many to suggest
  // DIS-8: a category the model gives at least this confidence is shown as
  // sure (data/triage/settings.toml [suggestions]; calibrated on the TipDM
  // messages, right 97 % of the time at 0.90, docs/classification.md).
  double sure_confidence = 0.90;
  // TYP-1, TYP-2: how the type and urgency suggestions use their models, and
  // what the agent asks when they are not sure (settings.toml [suggestions]).
  TypeUrgencySettings type_urgency;
  std::size_t history_neighbours = 10;  // similar requests voting for categories
  double min_history_support = 3.0;     // dispatches seen before a unit is learned
  // Reply checks per policy profile ("" applies to profiles not listed).
  std::map<std::string, ReplyCheckSettings> reply_checks;
  // Save the term statistics every this many observed requests.
  std::size_t statistics_every = 1000;
};

// SUP-1 [M22(3)]: the cluster threshold and window come from the policy
// (supervision.on_concentrated_requests, concentrated_requests_window); a
// policy without them raises no cluster supervision.
void apply_supervision_policy(TriageSettings& settings, const Policy& policy);

struct SuggestionInput {
  std::string subject;
  std::string detail;
  std::vector<std::string> items;  // the agent's items, if already split
  std::string phone;               // or a keyed hash of it; empty: anonymous
  RequestType type = RequestType::kComplaint;
  Urgency urgency = Urgency::kGeneral;
  UrgencyLabel label = UrgencyLabel::kNone;
  Channel channel = Channel::kPhone;
  Location location;     // what the agent set; empty parts are guessed from the text
  std::string category;  // set when the agent has chosen it
  std::optional<Instant> registered_at;  // default: now
};

struct ScoredCategory {
  std::string category;
  double confidence = 0;
  std::string source;  // "classifier", "history", "both", "agent"
  // DIS-8: the category model's own confidence reached
  // TriageSettings::sure_confidence ("确定"); otherwise the agent checks it
  // ("请核对"). Only the model is calibrated (docs/classification.md).
  bool sure = false;
};

struct UnitSuggestion {
  std::string category;
  std::string lead;
  std::string lead_name;
  std::vector<std::string> assisting;
  std::string reason;  // "catalogue", "history", "both"
  std::string catalogue_entry;
  std::string basis;  // the catalogue entry's basis
  double history_share = 0;
  double history_support = 0;
  double confidence = 0;
};

struct SplitPart {
  std::string text;
  std::string category;
  std::string lead;
};

struct SplitSuggestion {
  bool split = false;
  std::vector<SplitPart> parts;
  std::string rule = "DIS-3";
  std::string article = "M15";
};

// What the applicant can be told about an earlier request (INT-5, TRI-5).
struct RequestProgress {
  std::string status;
  std::string status_zh;
  std::vector<std::string> units;
  std::optional<Instant> due;
  std::string result;  // the reply's result, once replied
};
using ProgressLookup = std::function<std::optional<RequestProgress>(const std::string& number)>;

struct DuplicateHit {
  std::string number;
  Instant at{};
  double similarity = 0;
  bool same_applicant = false;
  std::optional<RequestProgress> progress;
  std::string rule;     // TRI-5 for the same applicant; SUP-1 for others
  std::string article;  // M13(5) / M22(3)
};

struct ClusterHint {
  DocId cluster = 0;
  std::string first_number;
  std::size_t requests = 0;
  std::size_t recent_applicants = 0;
  int threshold = 0;
  bool alerted = false;
  bool would_reach_threshold = false;
};

struct DeadlineHint {
  Stage stage = Stage::kHandle;
  std::string profile;
  Deadline deadline;
};

struct PlaceHint {
  std::string name;
  std::string text;
  PlaceKind kind = PlaceKind::kLandmark;
  std::string district;
  std::string street;
};

struct Suggestion {
  std::vector<ScoredCategory> categories;
  std::vector<PlaceHint> places;
  Location location;
  bool location_from_text = false;
  std::vector<UnitSuggestion> units;
  SplitSuggestion split;
  std::vector<DuplicateHit> duplicates;
  std::optional<ClusterHint> cluster;
  std::vector<DeadlineHint> deadlines;
  std::vector<std::string> notes;  // zh-CN remarks for the agent
  // TYP-2, TYP-1 (issue 15): none when the service has no lexicon for them.
  std::optional<UrgencySuggestion> urgency;
  std::optional<TypeSuggestion> type;
};

class TriageService {
 public:
  TriageService(const Organisation& organisation, const PolicySet& policies,
                const DeadlineCalculator& deadlines, TriageSettings settings,
                DispatchCatalogue catalogue, Gazetteer gazetteer, TriageStore* store = nullptr,
                const TextClassifier* classifier = nullptr);

  // Restores the index and history from the store; seeds the store's
  // catalogue log from `catalogue` when the store has none.
  Status load(const Actor& seeder, Instant now);
  void set_progress_lookup(ProgressLookup lookup);
  void set_classifier(const TextClassifier* classifier);
  // TYP-1, TYP-2: the lexicons and optional models of the type and urgency
  // suggestions (the models are not owned and must outlive the service).
  void set_type_urgency_rules(TypeUrgencyRules rules);
  // How the index keys an applicant: a phone's digits (applicant_key) are
  // turned into this (a keyed hash, so the triage store holds no phone
  // numbers). suggest() keys the phone it is given the same way, or TRI-5
  // would compare a phone with a hash and never match (issue 9, item 10).
  void set_applicant_key(std::function<std::string(std::string_view)> key);

  Result<Suggestion> suggest(const SuggestionInput& input, Instant now) const;

  // A registered request, as it arrives: indexed, clustered, and a
  // supervision record raised when its cluster crosses the threshold.
  Result<Observation> observe(const IndexedRequest& request, std::string_view subject,
                              std::string_view detail);
  // The index entry for a registered request (location guessed from the
  // text where the registration left it empty).
  IndexedRequest indexed(const std::string& number, const RequestDetails& details) const;

  // DIS-8: a dispatch that stood, and a correction after an approved return.
  Status record_dispatch(const std::string& category, const std::string& district,
                         const std::string& unit);
  Status record_correction(const std::string& category, const std::string& district,
                           const std::string& from_unit, const std::string& to_unit);

  // DIS-2 [R7]: the office's catalogue maintenance, each change recorded.
  // With `audit`, its entry commits with the change (SEC-2 [M27]; an empty
  // target becomes the entry's id) and is marked committed.
  Result<CatalogueChange> add_entry(CatalogueEntry entry, const Actor& actor, std::string reason,
                                    Instant at, CommandAudit* audit = nullptr);
  Result<CatalogueChange> change_entry(CatalogueEntry entry, const Actor& actor, std::string reason,
                                       Instant at, CommandAudit* audit = nullptr);
  Result<CatalogueChange> retire_entry(const std::string& id, const Actor& actor,
                                       std::string reason, Instant at,
                                       CommandAudit* audit = nullptr);
  std::vector<CatalogueEntry> catalogue_entries() const;
  std::vector<CatalogueChange> catalogue_log() const;

  // Near-duplicate search: the stored requests most similar to a text.
  std::vector<DuplicateHit> similar_requests(std::string_view subject, std::string_view detail,
                                             double min_similarity, std::size_t limit) const;

  std::vector<ClusterView> hot_clusters(Instant now, std::size_t min_applicants,
                                        std::size_t limit) const;
  std::optional<ClusterView> cluster(const std::string& number, Instant now) const;
  // SUP-1: the recent applicants of the request's cluster, if it is alerted.
  std::optional<std::size_t> alerted_applicants(const std::string& number, Instant now) const;
  // ANA-3 [C25]: the clusters whose requests recur over the last months,
  // most months first, each with every member's number (callers filter by area).
  std::vector<analysis::RecurringCluster> recurring_clusters(
      Instant now, const analysis::RecurringSettings& settings) const;
  std::string number_of(DocId doc) const;
  std::string district_of(DocId doc) const;  // as indexed (registration or gazetteer)

  // REP-2, REP-3 under the policy profile's settings.
  Result<std::vector<Finding>> check_reply(const ReplyContent& reply, const std::string& profile,
                                           const ReplyContext& context = {}) const;

  Status flush();  // saves the term statistics
  std::size_t indexed_requests() const;
  // The request numbers in the index, in the order they were taken in.
  std::vector<std::string> indexed_numbers() const;

  // The index as a projection of the event log (TriageHooks): the log
  // position it has taken events in up to, kept in the store (here when
  // there is none); none before the first.
  Result<std::optional<std::int64_t>> log_position() const;
  Status save_log_position(std::int64_t position);
  // The store's writes from here to end_bulk() in few transactions
  // (TriageStore::begin_bulk); for a catch-up before anything else writes.
  Status begin_bulk();
  Status end_bulk();
  // Empties the index and the dispatch history (the catalogue stays), for a
  // rebuild from the log.
  Status clear_index();
  const TriageSettings& settings() const { return settings_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  std::vector<ScoredCategory> categorise(const std::string& text, const Fingerprint& fp) const;
  std::vector<UnitSuggestion> units_for(const std::string& category, double confidence,
                                        const Location& location, std::string_view text) const;
  bool unit_fits(const std::string& unit, const std::string& district) const;
  // Stores a catalogue change with its audit entry, if any (under mutex_).
  Status record_change(const CatalogueChange& change, CommandAudit* audit);

  const Organisation& organisation_;
  const PolicySet& policies_;
  const DeadlineCalculator& deadlines_;
  TriageSettings settings_;
  Gazetteer gazetteer_;
  TriageStore* store_;
  const TextClassifier* classifier_;
  TypeUrgencyRules type_urgency_;
  ProgressLookup progress_;
  std::function<std::string(std::string_view)> applicant_key_;

  mutable std::shared_mutex mutex_;
  DispatchCatalogue catalogue_;
  DispatchHistory history_;
  RequestIndex index_;
  std::size_t since_statistics_ = 0;
  std::optional<std::int64_t> log_position_;  // without a store
};

}  // namespace hotline::triage
