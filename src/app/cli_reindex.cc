// `hotline reindex`: rebuilds a store derived from the event log (issue 9,
// "projections from the event log"). The triage index is taken in from the
// work-order log again, and the Open311 request index (rows it lacks are
// added; rows it has keep what only the intake knew); the knowledge base's
// search index from its articles.
// Run it with the server stopped: a running server keeps its own copy of
// the triage index in memory (docs/operations.md).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "adapters/open311/catalog.h"
#include "adapters/open311/open311_projection.h"
#include "app/cli.h"
#include "app/storage.h"
#include "core/knowledge/knowledge_service.h"
#include "core/triage/triage_hooks.h"

namespace hotline::cli {
namespace {

int reindex_triage(const GlobalOptions& g, bool drop_imported) {
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  auto rebuilt = (*root)->rebuild_triage_index(drop_imported);
  if (!rebuilt) return report_error(rebuilt.error());
  std::cout << "took in " << rebuilt->events << " events: " << rebuilt->requests
            << " requests indexed";
  if (rebuilt->dropped_imported > 0) {
    std::cout << ", " << rebuilt->dropped_imported << " imported requests dropped";
  }
  std::cout << " (triage index rebuilt from the event log)\n";
  return 0;
}

int reindex_open311(const GlobalOptions& g) {
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  Platform& p = (*root)->platform();
  auto catalog =
      open311::load_catalog(std::filesystem::path(g.data_dir) / "open311" / "services.json");
  if (!catalog) return report_error(catalog.error());
  auto index = p.storage->open311_index();
  if (!index) return report_error(index.error());
  open311::Open311Projection projection(*catalog, **index, *p.store);
  auto rebuilt = projection.rebuild();
  if (!rebuilt) return report_error(rebuilt.error());
  std::cout << "took in " << rebuilt->events << " events: " << rebuilt->added
            << " Open311 requests added (Open311 index rebuilt from the event log)\n";
  return 0;
}

}  // namespace

int reindex_knowledge(const GlobalOptions& g) {
  auto root = open_root(g);
  if (!root) return report_error(root.error());
  auto kb = (*root)->knowledge();
  if (!kb) return report_error(kb.error());
  auto n = (*kb)->service->reindex();
  if (!n) return report_error(n.error());
  std::cout << "indexed " << *n << " published articles (knowledge-base search index rebuilt)\n";
  return 0;
}

void add_reindex_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto* reindex = app.add_subcommand(
      "reindex", "rebuild a derived store (triage index, knowledge-base search) from its source");
  reindex->require_subcommand(1);
  auto drop_imported = std::make_shared<bool>(false);
  auto* triage = reindex->add_subcommand(
      "triage", "the triage index (clusters, duplicates, dispatch history) from the event log");
  triage->add_flag("--drop-imported", *drop_imported,
                   "also drop requests imported with `hotline clusters import` (not in the log)");
  triage->callback(
      [&g, &exit_code, drop_imported]() { exit_code = reindex_triage(g, *drop_imported); });
  auto* open311 = reindex->add_subcommand(
      "open311", "the Open311 request index (GET requests) from the event log");
  open311->callback([&g, &exit_code]() { exit_code = reindex_open311(g); });
  auto* knowledge =
      reindex->add_subcommand("knowledge", "the knowledge base's search index from its articles");
  knowledge->callback([&g, &exit_code]() { exit_code = reindex_knowledge(g); });
}

}  // namespace hotline::cli
