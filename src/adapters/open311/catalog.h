#pragma once
// The services an Open311 endpoint offers, loaded from data/open311/services.json
// (docs/open311.md): the jurisdiction, the discovery document, which INT-1
// channel each API client stands for, the shared attribute definitions and
// one service per level-2 node of the category tree. Checked strictly at
// start-up: an unknown key, a duplicate code or a value the engine would not
// accept is an error naming "file: path".

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/open311/model.h"
#include "core/org/organisation.h"
#include "core/result.h"
#include "core/work_order/classification.h"

namespace hotline::open311 {

struct Catalog {
  std::string jurisdiction_id;  // the one jurisdiction this endpoint serves
  Discovery discovery;
  Channel default_channel = Channel::kOpen311;
  std::map<std::string, Channel, std::less<>> channels;  // API client id → channel (INT-1)
  std::vector<Service> services;

  const Service* find(std::string_view code) const;
  // The service whose category is `category` or an ancestor of it.
  const Service* find_by_category(std::string_view category) const;
  Channel channel_for(std::string_view principal) const;
  // The spec: jurisdiction_id may be omitted when the endpoint serves one
  // jurisdiction; a different one is "not found".
  bool accepts_jurisdiction(std::string_view id) const {
    return id.empty() || id == jurisdiction_id;
  }
};

Result<Catalog> parse_catalog(std::string_view json_text, std::string_view file);
Result<Catalog> load_catalog(const std::filesystem::path& file);
// Checks what needs the organisation: district attribute values are districts.
Status check_catalog(const Catalog& catalog, const Organisation& organisation);

}  // namespace hotline::open311
