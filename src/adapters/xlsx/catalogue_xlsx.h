#pragma once
// The knowledge base's catalogue as an Excel workbook (libxlsxwriter), for the
// office's reviews of units' content (KB-1, KB-5, KB-9): a sheet with the
// catalogue tree and its counts (published, in review, expiring, expired), and
// a sheet with every article, its owner, status, version and validity.

#include <filesystem>
#include <vector>

#include "core/knowledge/article.h"
#include "core/org/organisation.h"
#include "core/result.h"

namespace hotline {

struct CatalogueExportOptions {
  Instant now{};
  Seconds expiring_within{30 * 86400};  // "expiring soon" in the counts
};

Status export_catalogue_xlsx(const std::filesystem::path& file,
                             const std::vector<Article>& articles, const Organisation& organisation,
                             const CatalogueExportOptions& options);

}  // namespace hotline
