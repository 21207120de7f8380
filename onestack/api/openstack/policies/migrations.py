"""Moving servers between hosts, and the record of those moves. A project's
manager may move its servers and see their migrations, without naming or
seeing hosts; the administrator may also pick the host and see every
project's migrations."""
from onestack.api.openstack.policies.base import (ADMIN, PROJECT_MANAGER_OR_ADMIN,
                                                  documented)

P = "os_compute_api:"
ACTION = "POST /servers/{server_id}/action"
SERVER_MIGRATIONS = "GET /servers/{server_id}/migrations"

RULES = [
    documented(P + "os-migrate-server:migrate", PROJECT_MANAGER_OR_ADMIN,
               "Cold-migrate a server to a host the scheduler picks.",
               f"{ACTION} (migrate)"),
    documented(P + "os-migrate-server:migrate:host", ADMIN,
               "Cold-migrate a server to a named host.", f"{ACTION} (migrate)"),
    documented(P + "os-migrate-server:migrate_live", PROJECT_MANAGER_OR_ADMIN,
               "Live-migrate a server to a host the scheduler picks.",
               f"{ACTION} (os-migrateLive)"),
    documented(P + "os-migrate-server:migrate_live:host", ADMIN,
               "Live-migrate a server to a named host.", f"{ACTION} (os-migrateLive)"),
    documented(P + "os-migrations:index", PROJECT_MANAGER_OR_ADMIN,
               "List the migrations of one's project (?project_id=it).",
               "GET /os-migrations"),
    documented(P + "os-migrations:index:all_projects", ADMIN,
               "List the migrations of every project, or of another one.",
               "GET /os-migrations"),
    documented(P + "os-migrations:index:host", ADMIN,
               "See the hosts and nodes in migration records.", "GET /os-migrations"),
    documented(P + "servers:migrations:index", PROJECT_MANAGER_OR_ADMIN,
               "List a server's live migrations in progress.", SERVER_MIGRATIONS),
    documented(P + "servers:migrations:index:host", ADMIN,
               "See the hosts in a server's migrations.", SERVER_MIGRATIONS),
    documented(P + "servers:migrations:show", ADMIN,
               "Show a live migration in progress of a server.",
               SERVER_MIGRATIONS + "/{migration_id}"),
]
