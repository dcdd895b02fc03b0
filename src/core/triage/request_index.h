#pragma once
// The index of registered requests for near-duplicate search (TRI-5 [M13(5)])
// and clusters of many applicants on one problem (SUP-1 [M22(3)], ANA-2
// [R27]). Requests are added as they arrive; each is fingerprinted
// (text_features.h), put in an inverted index over its fingerprint terms, and
// joined to the cluster of its most similar earlier request when they are
// similar enough (clusters that a new request bridges are merged).
//
// Search cost is bounded whatever the size: only the most recent
// `max_postings_per_term` requests of each term are looked at, so a query
// touches at most K × that many postings (recent requests are the ones that
// matter for duplicates and clusters).
//
// Memory is what a node holding millions of requests can afford (issue 14):
// per request, its fields are ids into string pools and its fingerprint's
// terms sit in one flat array (≈ 200 bytes a request instead of ≈ 550);
// a term keeps only the postings a search reads, and an anchor only those
// within the anchor window of the newest request, so the anchors themselves
// are not kept per request (the store keeps them: Observation::fingerprint).
//
// Not thread-safe: the owner serialises writes with reads (TriageService
// does, with a shared mutex).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/policy/policy.h"
#include "core/time.h"
#include "core/triage/string_pool.h"
#include "core/triage/text_features.h"

namespace hotline::triage {

using DocId = std::uint32_t;

// What the index keeps of a request besides its fingerprint.
struct IndexedRequest {
  std::string number;         // request number, or the source's id for imported data
  std::string applicant_key;  // applicant_key(phone) or a keyed hash; empty: anonymous
  Instant at{};
  std::string district;  // unit id of the district, if known
  std::string category;  // category path ("城乡建设/物业管理"), if known
};

// The key that identifies an applicant: the phone's digits without a +86 or
// 86 country prefix; empty when there are fewer than 5 digits.
std::string applicant_key(std::string_view phone);

struct ClusterSettings {
  // A request joins the cluster of an earlier one at least this similar.
  double join_similarity = 0.2;
  // ... or when both share an anchor (text_features.h: a run of four
  // characters, the name of the place or thing) at least this rare
  // (TermStatistics::rarity) and do not lie in different known districts.
  // Reworded complaints about one site share its name, not their words.
  // Only requests within `anchor_window` of each other join this way: a
  // concentration is close in time, and a phrase that is only moderately
  // rare (请问什么时候) recurs all year long. 0 turns anchors off.
  double anchor_rarity = 0.6;
  Seconds anchor_window{7LL * 86400};
  // The article the joining thresholds serve, as the settings file cites it.
  std::string article = "M22(3)";
  // SUP-1 [M22(3)]: 多个诉求人集中反映同一问题 — this many distinct applicants
  // within `window` raise a supervision record (once per cluster). All
  // anonymous requests of a cluster count as one applicant. Both come from
  // the policy (triage::apply_supervision_policy); 0 raises nothing.
  Cited<int> supervision_applicants{0, ""};
  // Also the span of the hot-cluster list (ANA-2) when no policy sets one.
  Seconds window{30LL * 86400};
};

struct IndexSettings {
  FingerprintOptions fingerprint;
  // The corpus size term weights assume on a new installation (TermStatistics).
  std::uint64_t prior_documents = 1000;
  std::size_t max_postings_per_term = 1024;
  // Anchor postings outside the anchor window are dropped once the kept ones
  // exceed twice those left by the last pruning plus this many (so pruning
  // costs O(1) per posting, amortised).
  std::size_t anchor_postings_slack = 65536;
  ClusterSettings clusters;
};

struct Neighbour {
  DocId doc = 0;
  double similarity = 0;
};

// SUP-1 [M22(3)]: a cluster grew past the threshold.
struct ClusterAlert {
  DocId cluster = 0;  // the cluster's id (its root request)
  std::size_t applicants = 0;
  std::size_t requests = 0;
  int threshold = 0;
  Instant raised_at{};
  std::string rule = "SUP-1";
  std::string article;  // M22(3)
};

struct ClusterView {
  DocId id = 0;
  std::size_t requests = 0;           // all requests in the cluster
  std::size_t recent_requests = 0;    // within the window
  std::size_t recent_applicants = 0;  // distinct applicants within the window
  Instant first_at{};
  Instant last_at{};
  std::string district;  // most frequent, if any
  std::string category;  // most frequent, if any
  bool alerted = false;
  std::optional<Instant> alerted_at;
  std::vector<DocId> members;  // in arrival order
};

// What adding a request changed, for the store.
struct Observation {
  DocId doc = 0;
  Fingerprint fingerprint;  // the request's, anchors included (the index keeps only its terms)
  DocId cluster = 0;
  std::vector<std::pair<DocId, DocId>> parent_updates;  // (doc, new parent)
  std::optional<ClusterAlert> alert;
  std::vector<Neighbour> neighbours;  // the earlier requests it matched
  // Of those, the ones joined by a shared rare anchor rather than by similarity.
  std::vector<DocId> anchored;
};

class RequestIndex {
 public:
  explicit RequestIndex(IndexSettings settings = {});

  const IndexSettings& settings() const { return settings_; }
  TermStatistics& statistics() { return stats_; }
  const TermStatistics& statistics() const { return stats_; }

  // The fingerprint of a text under the current statistics.
  Fingerprint fingerprint(std::string_view subject, std::string_view detail) const;

  // Adds a request as it arrives: counts its terms, indexes it, clusters it,
  // and raises the cluster's supervision record when it crosses the threshold.
  Observation observe(const IndexedRequest& request, std::string_view subject,
                      std::string_view detail);

  // Restores a stored request without touching statistics or clusters;
  // `parent` as stored (itself for a root). Ids must come back in order.
  DocId restore(const IndexedRequest& request, const Fingerprint& fingerprint, DocId parent);
  // Marks a restored cluster as already alerted.
  void restore_alert(DocId cluster, Instant at);

  // The most similar earlier requests, best first.
  std::vector<Neighbour> neighbours(const Fingerprint& fp, double min_similarity,
                                    std::size_t limit) const;
  // Earlier requests sharing one of the anchors of `fp` at least
  // `min_rarity` rare, outside districts other than `district` (when known).
  // and no longer than the anchor window before `at`.
  std::vector<DocId> anchored(const Fingerprint& fp, double min_rarity, const std::string& district,
                              Instant at) const;
  // TRI-5: the applicant's earlier requests at least this similar, best first.
  std::vector<Neighbour> same_applicant(const std::string& key, const Fingerprint& fp,
                                        double min_similarity) const;

  std::size_t size() const { return at_.size(); }
  IndexedRequest request(DocId doc) const;
  std::string_view number(DocId doc) const { return numbers_.view(number_[doc]); }
  Instant at(DocId doc) const { return at_[doc]; }
  // The fingerprint's terms (its anchors are not kept, see above).
  Fingerprint fingerprint_of(DocId doc) const;
  DocId parent_of(DocId doc) const { return parent_[doc]; }
  // Postings kept for anchors: those within the anchor window of the newest
  // request, and up to as many again between two prunings. A request
  // registered with a time more than the anchor window before the newest
  // one (a backdated import) does not meet the anchors of requests pruned.
  std::size_t anchor_postings() const { return anchor_postings_count_; }
  std::optional<DocId> find_number(std::string_view number) const;

  DocId cluster_of(DocId doc) const;
  ClusterView cluster(DocId id, Instant now) const;
  // SUP-1: the distinct applicants within the window of `doc`'s cluster if
  // that cluster has been alerted, without copying its members (asked for
  // every dispatch).
  std::optional<std::size_t> alerted_applicants(DocId doc, Instant now) const;
  // Whether an applicant (applicant_key) has a request in the cluster of `doc`.
  bool cluster_has_applicant(DocId doc, std::string_view key) const;
  // Clusters with at least `min_applicants` distinct applicants within the
  // window ending at `now`, most applicants first.
  std::vector<ClusterView> hot(Instant now, std::size_t min_applicants, std::size_t limit) const;
  // The ids of every cluster of two or more requests (ANA-3).
  std::vector<DocId> cluster_ids() const;

  // Category votes of the most similar requests with a category: (category,
  // share of the similarity mass), best first — "learned from history".
  std::vector<std::pair<std::string, double>> category_votes(const Fingerprint& fp,
                                                             std::size_t neighbours) const;

 private:
  // A cluster with what its view reads kept up to date as members join
  // (issue 14: a heat wave's cluster of thousands must not be recounted on
  // every intake). Indexed requests never change, so counts only grow.
  struct Cluster {
    std::vector<DocId> members;  // in arrival order
    // Members' instants never decrease along `members` (the usual case: a
    // request is indexed as it is registered), so the window's members are
    // found by binary search instead of counting the whole cluster.
    bool in_time_order = true;
    std::optional<Instant> alerted_at;
    Instant first_at{}, last_at{};
    std::map<StringPool::Id, int> districts, categories;  // non-empty ones
    std::unordered_map<StringPool::Id, int> applicants;   // anonymous ones not
  };
  Cluster singleton(DocId doc) const;
  void count(Cluster& c, DocId doc) const;           // the member's figures (members not touched)
  void absorb(Cluster& into, Cluster&& from) const;  // members merged in arrival order
  void append(Cluster& c, DocId doc) const;          // a newer member at the end
  DocId root(DocId doc);
  std::pair<std::size_t, std::size_t> recent(const Cluster& c, Instant now) const;
  void link(DocId doc, DocId into, Observation& obs);
  // Adds a request's fields, terms and postings; returns its id.
  DocId add(const IndexedRequest& request, const Fingerprint& fp, DocId parent);
  // Similarity of `fp` to a kept request's terms (text_features' similarity).
  double similarity_to(const Fingerprint& fp, DocId doc) const;
  // Drops anchor postings that no request at or after the newest can read.
  void prune_anchor_postings();

  IndexSettings settings_;
  TermStatistics stats_;
  StringPool numbers_, applicants_, districts_, categories_;
  // Per request, by DocId.
  std::vector<Instant> at_;
  std::vector<StringPool::Id> number_, applicant_, district_, category_;
  std::vector<DocId> parent_;
  std::vector<float> weights_;                // the fingerprint's total weight
  std::vector<std::uint64_t> terms_end_;      // request d's terms: [terms_end_[d-1], terms_end_[d])
  std::vector<WeightedTerm> terms_;           // every request's fingerprint terms
  std::vector<DocId> previous_of_applicant_;  // the applicant's request before, or itself
  // By applicant id: the applicant's latest request. By number id: the first
  // request with that number.
  std::vector<DocId> latest_of_applicant_;
  std::vector<DocId> doc_of_number_;
  std::unordered_map<std::uint32_t, std::vector<DocId>> postings_;
  std::unordered_map<std::uint32_t, std::vector<DocId>> anchor_postings_;
  std::size_t anchor_postings_count_ = 0, anchor_postings_pruned_at_ = 0;
  Instant newest_at_{};
  std::unordered_map<DocId, Cluster> clusters_;  // clusters of two or more
};

}  // namespace hotline::triage
