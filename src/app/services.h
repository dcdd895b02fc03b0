#pragma once
// The services beside the engine, opened on a platform: triage (issue 4),
// the knowledge base (issue 5) and the governance of long-lasting problems
// and of the models (ANA-3, ANA-6; issue 12). Each keeps its tables in the platform's
// file (one file to back up; a file of its own from an earlier version,
// "var/hotline.triage.db" or "var/hotline.kb.db", is moved in on open and
// kept as "….adopted"), the knowledge base's search index beside it
// ("var/hotline.kb.xapian", rebuilt from the store when lost), and reads
// its settings from the data directory.

#include <filesystem>
#include <memory>
#include <string>

#include "adapters/toml/governance_settings_file.h"
#include "app/platform.h"
#include "core/analysis/model_accuracy.h"
#include "core/analysis/model_accuracy_service.h"
#include "core/analysis/special_research.h"
#include "core/knowledge/knowledge_service.h"
#include "core/ports/knowledge_store.h"
#include "core/triage/text_classifier.h"
#include "core/triage/triage_service.h"
#include "core/triage/triage_store.h"

namespace hotline {

class XapianArticleIndex;

struct TriageServices {
  TriageServices();
  ~TriageServices();
  std::unique_ptr<triage::TriageStore> store;
  std::unique_ptr<TextClassifier> classifier;  // null: suggestions from history only
  // TYP-2, TYP-1: the urgency and type models; null: their lexicons alone.
  std::unique_ptr<TextClassifier> urgency_classifier;
  std::unique_ptr<TextClassifier> type_classifier;
  // ANA-6: which model makes the suggestions (file name, algorithm, digest
  // of the file computed when loaded); "history" without a model.
  analysis::ModelVersion model_version;
  std::unique_ptr<triage::TriageService> service;
};

// The model files of the suggestions (`hotline model train --task …`).
struct TriageModelFiles {
  std::string category;  // DIS-8; empty: categories from similar requests only
  std::string urgency;   // TYP-2; empty: the urgency lexicon alone
  std::string type;      // TYP-1; empty: the type cue lexicon alone
};

// Loads the catalogue, gazetteer, settings and the type and urgency lexicons
// from `data_dir`/triage, the index and history from the triage store, and
// the model files given. TRI-5's progress lookups read the platform's engine.
Result<std::unique_ptr<TriageServices>> open_triage_services(Platform& platform,
                                                             const std::filesystem::path& data_dir,
                                                             const TriageModelFiles& models);

struct KnowledgeServices {
  KnowledgeServices();
  ~KnowledgeServices();
  std::unique_ptr<KnowledgeStore> store;
  // A change and its audit entry as one transaction, and where the entry
  // goes for that (null: the platform's audit log): Storage::knowledge.
  std::function<Status(const std::function<Status()>&)> atomically;
  AuditLog* audit = nullptr;
  std::unique_ptr<XapianArticleIndex> index;
  std::unique_ptr<KnowledgeService> service;
};

// Opens the knowledge base; an index lost, never built or of an older layout
// is rebuilt from the store. With `read_only_when_locked`, an index another
// process (a running server) holds is opened read-only: searches work,
// changes to published articles are refused (issue 9, item 12).
Result<std::unique_ptr<KnowledgeServices>> open_knowledge_services(
    const Platform& platform, const PlatformOptions& options, bool read_only_when_locked = false);

// ANA-3 and ANA-6: the special-research records (their changes commit with
// their audit entries) and the models' accuracy and drift, with the
// settings of data/triage/settings.toml.
struct GovernanceServices {
  GovernanceServices();
  ~GovernanceServices();
  GovernanceSettings settings;
  std::unique_ptr<analysis::ResearchStore> research_store;
  std::unique_ptr<analysis::SpecialResearchService> research;
  std::unique_ptr<analysis::ModelAccuracyService> models;
};

// `triage` validates the clusters a special research names; `suggestions`
// holds ANA-6's records.
Result<std::unique_ptr<GovernanceServices>> open_governance_services(const Platform& platform,
                                                                     const PlatformOptions& options,
                                                                     triage::TriageService& triage,
                                                                     SuggestionStore& suggestions);

}  // namespace hotline
