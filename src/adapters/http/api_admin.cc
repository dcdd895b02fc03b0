#include "adapters/http/api_admin.h"

#include "adapters/http/operation_routes.h"

namespace hotline::http {

void add_admin_routes(Router& router, const AdminApi& api) {
  if (api.accounts != nullptr) add_operation_routes(router, *api.accounts);
  if (api.calendar != nullptr) add_operation_routes(router, *api.calendar);
}

}  // namespace hotline::http
