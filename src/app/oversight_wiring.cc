#include "app/oversight_wiring.h"

#include "adapters/toml/oversight_file.h"
#include "app/platform.h"
#include "app/storage.h"

namespace hotline {

Result<OversightParts> open_oversight(Platform& p, analysis::AnalysisService& analysis,
                                      const std::filesystem::path& data_dir) {
  auto rule = load_oversight_file(data_dir / "oversight.toml");
  if (!rule) return fail(rule.error());
  auto store = p.storage->oversight(p.audit_hasher);
  if (!store) return fail(store.error());
  OversightParts parts;
  parts.store = std::move(*store);
  parts.service = std::make_unique<oversight::OversightService>(
      *parts.store, analysis, *p.engine, *p.organisation, *p.clock, std::move(*rule));
  parts.circulations = std::make_unique<oversight::StoreCirculations>(*parts.store);
  analysis.set_circulations(parts.circulations.get());
  parts.use_case = std::make_unique<Oversight>(OversightContext{*parts.service, *p.organisation},
                                               p.privacy.get());
  return parts;
}

}  // namespace hotline
