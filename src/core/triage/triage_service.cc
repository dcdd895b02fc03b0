#include "core/triage/triage_service.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "core/text.h"

namespace hotline::triage {
namespace {

// Where one matter ends and the next begins in a free-text request (DIS-3).
constexpr std::string_view kItemMarkers[] = {
    "另外",  "此外",  "还有一个问题", "还有", "同时反映", "同时", "二是", "三是",
    "四是",  "其次",  "第二",         "第三", "2、",      "3、",  "2.",   "3.",
    "（2）", "（3）", "(2)",          "(3)",  "二、",     "三、"};

std::vector<std::string> split_items(const std::string& detail) {
  std::vector<std::size_t> cuts;
  for (auto m : kItemMarkers) {
    for (std::size_t p = detail.find(m); p != std::string::npos; p = detail.find(m, p + m.size())) {
      if (p > 0) cuts.push_back(p);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t c : cuts) {
    if (c <= start) continue;
    parts.push_back(detail.substr(start, c - start));
    start = c;
  }
  parts.push_back(detail.substr(start));
  // Parts too short to be a matter of their own stay with the one before.
  std::vector<std::string> merged;
  for (auto& p : parts) {
    if (!merged.empty() && (code_points(trim(p)) < 10 || code_points(trim(merged.back())) < 10)) {
      merged.back() += p;
    } else {
      merged.push_back(std::move(p));
    }
  }
  return merged;
}

}  // namespace

void apply_supervision_policy(TriageSettings& settings, const Policy& policy) {
  auto& clusters = settings.index.clusters;
  const SupervisionPolicy& s = policy.supervision;
  if (!s.on_concentrated_requests || !s.concentrated_requests_window) {
    clusters.supervision_applicants = {0, ""};
    return;
  }
  clusters.supervision_applicants = *s.on_concentrated_requests;
  const PolicyDuration& w = s.concentrated_requests_window->value;
  const std::int64_t unit =
      w.unit == PolicyDuration::Unit::kHours ? 3600 : 86400;  // validated: hours or days
  clusters.window = Seconds{w.amount * unit};
}

TriageService::TriageService(const Organisation& organisation, const PolicySet& policies,
                             const DeadlineCalculator& deadlines, TriageSettings settings,
                             DispatchCatalogue catalogue, Gazetteer gazetteer, TriageStore* store,
                             const TextClassifier* classifier)
    : organisation_(organisation),
      policies_(policies),
      deadlines_(deadlines),
      settings_(std::move(settings)),
      gazetteer_(std::move(gazetteer)),
      store_(store),
      classifier_(classifier),
      catalogue_(std::move(catalogue)),
      index_(settings_.index) {}

Status TriageService::load(const Actor& seeder, Instant now) {
  std::unique_lock lock(mutex_);
  if (store_ == nullptr) return {};
  auto log = store_->catalogue_changes();
  if (!log) return fail(log.error());
  if (log->empty()) {
    // Seed: every entry of the shipped catalogue becomes a recorded addition.
    DispatchCatalogue seeded;
    for (const auto& e : catalogue_.entries()) {
      auto change = seeded.add(e, organisation_, seeder, "从派单目录文件导入", now);
      if (!change) return fail(change.error());
      if (auto s = store_->append_catalogue_change(*change, {}); !s) return s;
      if (auto s = seeded.apply(*change); !s) return s;
    }
    catalogue_ = std::move(seeded);
  } else {
    auto replayed = DispatchCatalogue::replay(*log);
    if (!replayed) return fail(replayed.error());
    catalogue_ = std::move(*replayed);
  }
  index_ = RequestIndex(settings_.index);
  if (auto s = store_->load_index(index_); !s) return s;
  auto records = store_->history();
  if (!records) return fail(records.error());
  history_ = DispatchHistory();
  for (const auto& r : *records) history_.add(r);
  return {};
}

void TriageService::set_applicant_key(std::function<std::string(std::string_view)> key) {
  std::unique_lock lock(mutex_);
  applicant_key_ = std::move(key);
}

void TriageService::set_progress_lookup(ProgressLookup lookup) {
  std::unique_lock lock(mutex_);
  progress_ = std::move(lookup);
}

void TriageService::set_classifier(const TextClassifier* classifier) {
  std::unique_lock lock(mutex_);
  classifier_ = classifier;
}

void TriageService::set_type_urgency_rules(TypeUrgencyRules rules) {
  std::unique_lock lock(mutex_);
  type_urgency_ = std::move(rules);
}

bool TriageService::unit_fits(const std::string& unit, const std::string& district) const {
  const Unit* u = organisation_.find(unit);
  if (u == nullptr || !u->active || !u->is_undertaking()) return false;
  // A unit serving one district fits only requests of that district.
  return u->district.empty() || district.empty() || u->district == district;
}

std::vector<ScoredCategory> TriageService::categorise(const std::string& text,
                                                      const Fingerprint& fp) const {
  std::vector<ScoredCategory> clf;
  if (classifier_ != nullptr) {
    for (auto& l : classifier_->predict(text, static_cast<int>(settings_.categories))) {
      clf.push_back({std::move(l.label), l.confidence, "classifier"});
    }
  }
  const auto votes = index_.category_votes(fp, settings_.history_neighbours);
  const double wc = votes.empty() ? 1.0 : clf.empty() ? 0.0 : 0.6;
  std::vector<ScoredCategory> out;
  std::set<std::string> refined;
  for (const auto& [cat, share] : votes) {
    const std::string& voted = cat;  // a lambda may not capture a structured binding (C++20)
    const auto it = std::find_if(clf.begin(), clf.end(), [&](const ScoredCategory& c) {
      return category_within(voted, c.category);
    });
    if (it != clf.end()) {
      out.push_back({cat, wc * it->confidence + (1 - wc) * share, "both",
                     it->confidence >= settings_.sure_confidence});
      refined.insert(it->category);
    } else {
      out.push_back({cat, (1 - wc) * share, "history"});
    }
  }
  for (const auto& c : clf) {
    if (!refined.contains(c.category)) {
      out.push_back(
          {c.category, wc * c.confidence, c.source, c.confidence >= settings_.sure_confidence});
    }
  }
  std::sort(out.begin(), out.end(), [](const ScoredCategory& a, const ScoredCategory& b) {
    return a.confidence != b.confidence ? a.confidence > b.confidence : a.category < b.category;
  });
  if (out.size() > settings_.categories) out.resize(settings_.categories);
  return out;
}

std::vector<UnitSuggestion> TriageService::units_for(const std::string& category, double confidence,
                                                     const Location& location,
                                                     std::string_view text) const {
  std::vector<UnitSuggestion> out;
  const auto matches = catalogue_.match({category, location.district, location.street, text});
  std::vector<LearnedUnit> learned;
  for (auto& l : history_.suggest(category, location.district, settings_.min_history_support)) {
    if (unit_fits(l.unit, location.district)) learned.push_back(std::move(l));
  }
  auto name_of = [&](const std::string& id) {
    const Unit* u = organisation_.find(id);
    return u != nullptr ? u->name : std::string();
  };
  if (!matches.empty()) {
    const CatalogueMatch& m = matches.front();
    UnitSuggestion s;
    s.category = category;
    s.lead = m.lead;
    s.lead_name = name_of(m.lead);
    s.assisting = m.assisting;
    s.catalogue_entry = m.entry->id;
    s.basis = m.entry->basis;
    s.reason = "catalogue";
    s.confidence = confidence;
    if (!learned.empty() && learned.front().unit == m.lead) {
      s.reason = "both";
      s.history_share = learned.front().share;
      s.history_support = learned.front().support;
    }
    out.push_back(std::move(s));
  }
  if (!learned.empty() && (out.empty() || out.front().lead != learned.front().unit)) {
    UnitSuggestion s;
    s.category = learned.front().category;
    s.lead = learned.front().unit;
    s.lead_name = name_of(s.lead);
    s.reason = "history";
    s.history_share = learned.front().share;
    s.history_support = learned.front().support;
    s.confidence = confidence * learned.front().share;
    out.push_back(std::move(s));
  }
  return out;
}

Result<Suggestion> TriageService::suggest(const SuggestionInput& in, Instant now) const {
  for (const auto& [field, text] : {std::pair{"subject", &in.subject}, {"detail", &in.detail}}) {
    if (!is_valid_utf8(*text) || code_points(*text) > 20000) {
      return fail(Error::invalid(field, "not valid UTF-8 text of at most 20000 characters",
                                 "须为不超过20000字的有效文本"));
    }
  }
  if (trim(in.subject).empty() && trim(in.detail).empty()) {
    return fail(
        Error::invalid("detail", "give the request's subject or detail", "须填写诉求标题或内容"));
  }
  std::shared_lock lock(mutex_);
  Suggestion out;
  const std::string text = in.subject + "\n" + in.detail;
  const Fingerprint fp = index_.fingerprint(in.subject, in.detail);

  // Categories: the agent's choice, else the classifier and similar requests.
  if (!in.category.empty()) {
    out.categories.push_back({in.category, 1.0, "agent"});
  } else {
    out.categories = categorise(text, fp);
  }
  if (out.categories.empty()) {
    out.notes.push_back("无法从文本判断事项分类，请话务员选择分类");
  }

  // TYP-2, TYP-1: suggested beside the agent's own choice, never replacing
  // it (the input's type and urgency are the agent's, for the deadlines).
  if (type_urgency_.urgency || type_urgency_.type) {
    std::string all = text;
    for (const auto& item : in.items) all += "\n" + item;  // a gas leak in item 2 counts
    if (type_urgency_.urgency) {
      out.urgency = suggest_urgency(*type_urgency_.urgency, type_urgency_.urgency_model, all,
                                    settings_.type_urgency);
    }
    if (type_urgency_.type) {
      out.type =
          suggest_type(*type_urgency_.type, type_urgency_.type_model, all, settings_.type_urgency);
    }
  }

  // Places: the agent's location, completed from the text.
  const PlaceGuess guess = gazetteer_.locate(text);
  for (const auto& m : guess.matches) {
    const Place& p = gazetteer_.places()[m.place];
    out.places.push_back({p.name, m.text, p.kind, p.district, p.street});
  }
  out.location = in.location;
  if (out.location.district.empty() && !guess.district.empty()) {
    out.location.district = guess.district;
    out.location_from_text = true;
  }
  if (out.location.street.empty() && !guess.street.empty() &&
      guess.district == out.location.district) {
    out.location.street = guess.street;
    out.location_from_text = true;
  }
  if (guess.conflicting) out.notes.push_back("文本中出现多个区的地名，请核实诉求地点");

  // Units for each likely category.
  std::set<std::string> leads;
  for (const auto& c : out.categories) {
    for (auto& u : units_for(c.category, c.confidence, out.location, text)) {
      if (leads.insert(u.lead).second) out.units.push_back(std::move(u));
    }
  }
  if (out.units.empty() && !out.categories.empty()) {
    out.notes.push_back(
        "派单目录和历史派单中均无对应单位，请按职责确定承办单位或提请会商（DIS-5）");
  }

  // DIS-3: items that belong to different units become separate work orders.
  std::vector<std::string> items = in.items;
  if (items.empty()) items = split_items(in.detail);
  if (items.size() >= 2) {
    std::set<std::string> item_leads;
    for (const auto& item : items) {
      SplitPart part;
      part.text = std::string(trim(item));
      const Fingerprint ifp = index_.fingerprint("", item);
      const auto cats = categorise(item, ifp);
      if (!cats.empty()) {
        part.category = cats.front().category;
        const auto units = units_for(part.category, cats.front().confidence, out.location, item);
        if (!units.empty()) part.lead = units.front().lead;
      }
      // The item's unit, or — when no unit is known — its category.
      if (!part.lead.empty()) {
        item_leads.insert(part.lead);
      } else if (!part.category.empty()) {
        item_leads.insert("category:" + part.category);
      }
      out.split.parts.push_back(std::move(part));
    }
    out.split.split = item_leads.size() >= 2;
    if (!out.split.split) out.split.parts.clear();
  }

  // TRI-5: the same applicant with the same request; SUP-1: others with it.
  std::string key = applicant_key(in.phone);
  if (!key.empty() && applicant_key_) key = applicant_key_(key);
  std::set<DocId> shown;
  for (const auto& n : index_.same_applicant(key, fp, settings_.same_applicant_similarity)) {
    if (shown.size() >= 5) break;
    shown.insert(n.doc);
    DuplicateHit h;
    h.number = index_.request(n.doc).number;
    h.at = index_.request(n.doc).at;
    h.similarity = n.similarity;
    h.same_applicant = true;
    h.rule = "TRI-5";
    h.article = "M13(5)";
    if (progress_) h.progress = progress_(h.number);
    out.duplicates.push_back(std::move(h));
  }
  if (!out.duplicates.empty()) {
    out.notes.push_back(
        "诉求人此前已反映同一事项：如无新情况、新理由，告知办理进度或结果（M13(5)）");
  }
  const auto similar = index_.neighbours(fp, settings_.index.clusters.join_similarity, 8);
  for (const auto& n : similar) {
    if (n.similarity < settings_.near_identical_similarity || shown.contains(n.doc)) continue;
    if (shown.size() >= 8) break;
    shown.insert(n.doc);
    DuplicateHit h;
    h.number = index_.request(n.doc).number;
    h.at = index_.request(n.doc).at;
    h.similarity = n.similarity;
    h.same_applicant = false;
    h.rule = "SUP-1";
    h.article = "M22(3)";
    if (progress_) h.progress = progress_(h.number);
    out.duplicates.push_back(std::move(h));
  }
  if (!similar.empty()) {
    const ClusterView v = index_.cluster(similar.front().doc, now);
    ClusterHint c;
    c.cluster = v.id;
    c.first_number = index_.request(v.id).number;
    c.requests = v.requests;
    c.recent_applicants = v.recent_applicants;
    c.threshold = settings_.index.clusters.supervision_applicants.value;
    c.alerted = v.alerted;
    const bool new_applicant = key.empty() || !index_.cluster_has_applicant(v.id, key);
    c.would_reach_threshold =
        !v.alerted && c.threshold > 0 &&
        v.recent_applicants + (new_applicant ? 1 : 0) >= static_cast<std::size_t>(c.threshold);
    out.cluster = c;
    if (c.would_reach_threshold || c.alerted) {
      out.notes.push_back("多个诉求人集中反映同一问题，已达到督办阈值（M22(3)）");
    }
  }

  // The deadlines that would apply, under the lead unit's profile.
  const std::string lead = out.units.empty() ? std::string() : out.units.front().lead;
  std::string profile = lead.empty() ? std::string() : organisation_.profile_for(lead);
  if (profile.empty()) profile = policies_.default_profile;
  auto policy = policies_.find(profile);
  if (!policy) return fail(policy.error());
  const DeadlineSubject subject{in.type, in.urgency, in.label, in.channel};
  const Instant registered = in.registered_at.value_or(now);
  const Anchors anchors{registered, std::max(now, registered), std::max(now, registered)};
  for (Stage stage : {Stage::kDispatch, Stage::kAccept, Stage::kHandle}) {
    if ((*policy)->rules(stage).empty()) continue;
    auto d = deadlines_.compute(**policy, stage, subject, anchors);
    if (!d) return fail(d.error());
    if (*d) out.deadlines.push_back({stage, profile, **d});
  }
  return out;
}

IndexedRequest TriageService::indexed(const std::string& number,
                                      const RequestDetails& details) const {
  IndexedRequest r;
  r.number = number;
  r.applicant_key =
      details.applicant.anonymous ? std::string() : applicant_key(details.applicant.phone);
  r.at = details.requested_at;
  r.district = details.location.district;
  if (r.district.empty()) {
    r.district = gazetteer_.locate(details.subject + "\n" + details.detail).district;
  }
  for (const auto& item : details.items) {
    if (!item.category.empty()) {
      r.category = item.category;
      break;
    }
  }
  return r;
}

Result<Observation> TriageService::observe(const IndexedRequest& request, std::string_view subject,
                                           std::string_view detail) {
  if (!is_valid_utf8(subject) || !is_valid_utf8(detail)) {
    return fail(Error::invalid("detail", "not valid UTF-8", "须为有效的UTF-8文本"));
  }
  std::unique_lock lock(mutex_);
  if (index_.find_number(request.number)) {
    return fail(
        Error::conflict("request " + request.number + " is indexed already", "该诉求已登记入索引"));
  }
  // Work on the index directly; a failed save leaves it ahead of the store
  // only for this one request, which the next load drops.
  Observation obs = index_.observe(request, subject, detail);
  if (store_ != nullptr) {
    if (auto s = store_->save_observation(index_, obs); !s) return fail(s.error());
    if (++since_statistics_ >= settings_.statistics_every) {
      since_statistics_ = 0;
      if (auto s = store_->save_statistics(index_.statistics()); !s) return fail(s.error());
    }
  }
  return obs;
}

Status TriageService::record_dispatch(const std::string& category, const std::string& district,
                                      const std::string& unit) {
  std::unique_lock lock(mutex_);
  HistoryRecord r{category, district, unit, 1.0};
  if (store_ != nullptr) {
    if (auto s = store_->save_history({r}); !s) return s;
  }
  history_.add(r);
  return {};
}

Status TriageService::record_correction(const std::string& category, const std::string& district,
                                        const std::string& from_unit, const std::string& to_unit) {
  std::unique_lock lock(mutex_);
  const std::vector<HistoryRecord> records{{category, district, from_unit, -1.0},
                                           {category, district, to_unit, 1.0}};
  if (store_ != nullptr) {
    if (auto s = store_->save_history(records); !s) return s;
  }
  for (const auto& r : records) history_.add(r);
  return {};
}

Result<CatalogueChange> TriageService::add_entry(CatalogueEntry entry, const Actor& actor,
                                                 std::string reason, Instant at,
                                                 CommandAudit* audit) {
  std::unique_lock lock(mutex_);
  auto change = catalogue_.add(std::move(entry), organisation_, actor, std::move(reason), at);
  if (!change) return change;
  if (auto s = record_change(*change, audit); !s) return fail(s.error());
  if (auto s = catalogue_.apply(*change); !s) return fail(s.error());
  return change;
}

Result<CatalogueChange> TriageService::change_entry(CatalogueEntry entry, const Actor& actor,
                                                    std::string reason, Instant at,
                                                    CommandAudit* audit) {
  std::unique_lock lock(mutex_);
  auto change = catalogue_.change(std::move(entry), organisation_, actor, std::move(reason), at);
  if (!change) return change;
  if (auto s = record_change(*change, audit); !s) return fail(s.error());
  if (auto s = catalogue_.apply(*change); !s) return fail(s.error());
  return change;
}

Result<CatalogueChange> TriageService::retire_entry(const std::string& id, const Actor& actor,
                                                    std::string reason, Instant at,
                                                    CommandAudit* audit) {
  std::unique_lock lock(mutex_);
  auto change = catalogue_.retire(id, actor, std::move(reason), at);
  if (!change) return change;
  if (auto s = record_change(*change, audit); !s) return fail(s.error());
  if (auto s = catalogue_.apply(*change); !s) return fail(s.error());
  return change;
}

Status TriageService::record_change(const CatalogueChange& change, CommandAudit* audit) {
  if (store_ == nullptr) return {};
  std::vector<AuditRecord> entries;
  if (audit != nullptr) {
    entries.push_back(audit->record);
    if (entries.back().target.empty()) entries.back().target = change.entry_id;
  }
  if (auto s = store_->append_catalogue_change(change, entries); !s) return s;
  if (audit != nullptr) audit->committed = true;
  return {};
}

std::vector<CatalogueEntry> TriageService::catalogue_entries() const {
  std::shared_lock lock(mutex_);
  return catalogue_.entries();
}

std::vector<CatalogueChange> TriageService::catalogue_log() const {
  std::shared_lock lock(mutex_);
  return catalogue_.log();
}

std::vector<DuplicateHit> TriageService::similar_requests(std::string_view subject,
                                                          std::string_view detail,
                                                          double min_similarity,
                                                          std::size_t limit) const {
  std::shared_lock lock(mutex_);
  std::vector<DuplicateHit> out;
  const Fingerprint fp = index_.fingerprint(subject, detail);
  for (const auto& n : index_.neighbours(fp, min_similarity, limit)) {
    DuplicateHit h;
    h.number = index_.request(n.doc).number;
    h.at = index_.request(n.doc).at;
    h.similarity = n.similarity;
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<ClusterView> TriageService::hot_clusters(Instant now, std::size_t min_applicants,
                                                     std::size_t limit) const {
  std::shared_lock lock(mutex_);
  return index_.hot(now, min_applicants, limit);
}

std::optional<ClusterView> TriageService::cluster(const std::string& number, Instant now) const {
  std::shared_lock lock(mutex_);
  const auto doc = index_.find_number(number);
  if (!doc) return std::nullopt;
  return index_.cluster(*doc, now);
}

std::optional<std::size_t> TriageService::alerted_applicants(const std::string& number,
                                                             Instant now) const {
  std::shared_lock lock(mutex_);
  const auto doc = index_.find_number(number);
  if (!doc) return std::nullopt;
  return index_.alerted_applicants(*doc, now);
}

std::vector<analysis::RecurringCluster> TriageService::recurring_clusters(
    Instant now, const analysis::RecurringSettings& settings) const {
  std::shared_lock lock(mutex_);
  std::vector<analysis::RecurringCluster> out;
  for (DocId id : index_.cluster_ids()) {
    const ClusterView view = index_.cluster(id, now);
    std::vector<analysis::ClusterMemberInfo> members;
    members.reserve(view.members.size());
    for (DocId d : view.members) {
      const IndexedRequest& r = index_.request(d);
      members.push_back({r.number, r.at, r.district, r.applicant_key});
    }
    analysis::RecurringCluster c;
    if (!analysis::recurs(members, settings, now, c)) continue;
    c.cluster = index_.request(view.id).number;
    c.category = view.category;
    for (const auto& m : members) {
      c.numbers.push_back(m.number);
      c.districts.push_back(m.district);
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.months.size() != b.months.size()) return a.months.size() > b.months.size();
    if (a.requests != b.requests) return a.requests > b.requests;
    return a.cluster < b.cluster;
  });
  return out;
}

std::string TriageService::number_of(DocId doc) const {
  std::shared_lock lock(mutex_);
  return doc < index_.size() ? index_.request(doc).number : std::string();
}

std::string TriageService::district_of(DocId doc) const {
  std::shared_lock lock(mutex_);
  return doc < index_.size() ? index_.request(doc).district : std::string();
}

Result<std::vector<Finding>> TriageService::check_reply(const ReplyContent& reply,
                                                        const std::string& profile,
                                                        const ReplyContext& context) const {
  auto policy = policies_.find(profile.empty() ? policies_.default_profile : profile);
  if (!policy) return fail(policy.error());
  auto it = settings_.reply_checks.find((*policy)->name);
  if (it == settings_.reply_checks.end()) it = settings_.reply_checks.find("");
  static const ReplyCheckSettings kDefaults;
  const ReplyCheckSettings& s = it == settings_.reply_checks.end() ? kDefaults : it->second;
  return triage::check_reply(reply, (*policy)->reply, s, context);
}

Status TriageService::flush() {
  std::shared_lock lock(mutex_);
  if (store_ == nullptr) return {};
  return store_->save_statistics(index_.statistics());
}

std::size_t TriageService::indexed_requests() const {
  std::shared_lock lock(mutex_);
  return index_.size();
}

std::vector<std::string> TriageService::indexed_numbers() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  out.reserve(index_.size());
  for (std::size_t d = 0; d < index_.size(); ++d) {
    out.push_back(index_.request(static_cast<DocId>(d)).number);
  }
  return out;
}

Result<std::optional<std::int64_t>> TriageService::log_position() const {
  std::shared_lock lock(mutex_);
  if (store_ == nullptr) return log_position_;
  return store_->log_position();
}

Status TriageService::save_log_position(std::int64_t position) {
  std::unique_lock lock(mutex_);
  if (store_ == nullptr) {
    log_position_ = position;
    return {};
  }
  return store_->save_log_position(position);
}

Status TriageService::begin_bulk() {
  std::unique_lock lock(mutex_);
  return store_ != nullptr ? store_->begin_bulk() : Status{};
}

Status TriageService::end_bulk() {
  std::unique_lock lock(mutex_);
  return store_ != nullptr ? store_->end_bulk() : Status{};
}

Status TriageService::clear_index() {
  std::unique_lock lock(mutex_);
  if (store_ != nullptr) {
    if (auto st = store_->clear_index(); !st) return st;
  }
  index_ = RequestIndex(settings_.index);
  history_ = DispatchHistory();
  since_statistics_ = 0;
  log_position_.reset();
  return {};
}

}  // namespace hotline::triage
