#include "app/web_app.h"

#include "adapters/media/location_metadata.h"
#include "adapters/media/thumbnail.h"
#include "adapters/sodium/sodium_credentials.h"
#include "adapters/xlsx/table_xlsx.h"
#include "app/cli.h"
#include "app/storage.h"
#include "core/security/masking.h"
#include "core/security/visibility.h"

namespace hotline {

Result<std::unique_ptr<WebApp>> add_web_app_routes(http::Router& router, CompositionRoot& root,
                                                   const PlatformOptions& options,
                                                   const std::string& web_root) {
  Platform& p = root.platform();
  auto web = std::make_unique<WebApp>();
  web->intake = root.intake();
  web->lookup_rate = std::make_unique<LookupRateLimiter>(web->intake.applicant_lookup);
  web->queue = std::make_unique<http::RequestQueue>(*p.engine);
  p.engine->add_listener(web->queue.get());
  auto numbers = p.storage->undispatched_request_numbers();
  if (!numbers) return fail(numbers.error());
  web->queue->seed(*numbers);

  web->workbench.emplace(
      http::WorkbenchApi{*p.engine, root.work_orders(), *p.organisation, *p.clock, *web->queue,
                         [](const http::ExportTable& t) {
                           return table_to_xlsx(Table{t.sheet, t.headers, t.rows});
                         },
                         options.data_dir});
  http::add_workbench_routes(router, *web->workbench);

  // Administration (users and roles, holidays): the administrator only.
  web->admin.emplace(http::AdminApi{p.accounts.get(), p.holiday_calendar.get()});
  http::add_admin_routes(router, *web->admin);

  const int edge = web->intake.attachments.thumbnail_edge;
  PrivacyGuard* guard = p.privacy.get();
  const Organisation& org = *p.organisation;
  web->portal.emplace(http::PortalApi{
      root.work_orders(), *p.engine, *p.clock, org, web->intake.attachments,
      root.attachment_vault(),
      [edge](std::string_view bytes, const SniffedMedia& media, bool share_location) {
        http::PreparedAttachment out;
        if (share_location) {
          out.content = std::string(bytes);
        } else {
          out.content = media::strip_location(bytes, media.media_type);
          out.location_removed = media.kind != MediaKind::kVoice;
        }
        if (out.content && media.kind == MediaKind::kPhoto) {
          out.thumbnail = media::make_thumbnail(*out.content, media.media_type, edge);
        }
        return out;
      },
      [&org](const Actor& a, const WorkOrderState& s) { return can_see_work_order(a, s, org); },
      [&org](const Actor& actor, const RequestDetails& d) { return mask_for(actor, d, org); },
      [guard](const http::HttpRequest& request, const std::string& number,
              const std::string& detail) -> Status {
        if (!guard) return fail(Error::storage("no audit log"));
        return guard->record_change(*request.actor, request.remote, "read-attachment", number, true,
                                    detail);
      }});
  http::add_portal_routes(router, *web->portal);

  if (!web_root.empty()) {
    const std::filesystem::path files_root = web_root;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(files_root / "index.html", ec)) {
      return fail(Error::invalid("--web-root", "no index.html in " + files_root.string(),
                                 "目录中没有 index.html，请先构建 web/"));
    }
    web->files.emplace(std::filesystem::absolute(files_root));
  }
  return web;
}

}  // namespace hotline
