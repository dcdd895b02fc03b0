#include "app/web_app.h"

#include "adapters/sqlite/sqlite_request_numbers.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/xlsx/table_xlsx.h"
#include "app/cli.h"
#include "core/security/visibility.h"

namespace hotline {

Result<std::unique_ptr<WebApp>> add_web_app_routes(http::Router& router, CompositionRoot& root,
                                                   const PlatformOptions& options,
                                                   const std::string& web_root) {
  Platform& p = root.platform();
  auto web = std::make_unique<WebApp>();
  web->queue = std::make_unique<http::RequestQueue>(*p.engine);
  p.engine->add_listener(web->queue.get());
  auto numbers = load_request_numbers(options.db);
  if (!numbers) return fail(numbers.error());
  web->queue->seed(*numbers);

  SqliteSecurityStore* security = p.security.get();
  web->workbench.emplace(
      http::WorkbenchApi{*p.engine, *p.store, *p.organisation, *p.clock, *web->queue,
                         [&p](const Actor& a, const WorkOrderState& s) {
                           return can_see_work_order(a, s, *p.organisation);
                         },
                         [&p](const Actor& a) { return units_within(*p.organisation, a.unit); },
                         [](const http::ExportTable& t) {
                           return table_to_xlsx(Table{t.sheet, t.headers, t.rows});
                         },
                         [security]() -> Result<std::vector<Account>> {
                           if (!security) return std::vector<Account>{};
                           return security->list_accounts();
                         },
                         options.data_dir});
  http::add_workbench_routes(router, *web->workbench);

  std::filesystem::path attachments = options.db;
  attachments += ".attachments";
  web->portal.emplace(
      http::PortalApi{root.work_orders(), *p.engine, *p.clock, *p.organisation, attachments});
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
