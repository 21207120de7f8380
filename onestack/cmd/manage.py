"""onestack-manage: database, bootstrap, fernet and credential keys, services."""
import sys

from oslo_config import cfg

from onestack.cmd import common
from onestack.common import exceptions
from onestack.db import migration
from onestack.db import services as service_db, usage
from onestack.identity import bootstrap, credential_encryption, fernet_keys


def db_sync(conf):
    migration.sync()
    print(f"Database schema is at {migration.current_version()}.")


def db_version(conf):
    print(migration.current_version() or "None")


def run_bootstrap(conf):
    paths = bootstrap.run(conf)
    print(f"Bootstrap done. Admin credentials: {paths['admin']}")
    print(f"Demo credentials: {paths['demo']}")


def fernet_setup(conf):
    fernet_keys.setup(conf.fernet_tokens.key_repository)
    print(f"Fernet keys are in {conf.fernet_tokens.key_repository}.")


def fernet_rotate(conf):
    primary = fernet_keys.rotate(conf.fernet_tokens.key_repository,
                                 conf.fernet_tokens.max_active_keys)
    print(f"Rotated fernet keys; the primary key is now {primary}.")


def credential_setup(conf):
    credential_encryption.setup(conf)
    print(f"Credential keys are in {conf.credential.key_repository}.")


def credential_rotate(conf):
    primary = credential_encryption.rotate(conf)
    print(f"Rotated credential keys; the primary key is now {primary}. Run "
          "`onestack-manage credential migrate` before the next rotation.")


def credential_migrate(conf):
    count = credential_encryption.migrate(conf)
    print(f"Encrypted {count} credentials with the primary key.")


def service_list(conf):
    rows = service_db.list_(host=conf.command.only_host)
    print(f"{'Host':<20} {'Binary':<20} {'Status':<9} {'State':<6} {'Version':<8} "
          f"{'Updated_At':<27} Disabled Reason")
    for row in rows:
        state = ":-)" if service_db.is_up(row, conf.service_down_time) else "XXX"
        status = "disabled" if row.disabled else "enabled"
        version = service_db.version_of(row)
        print(f"{row.host:<20} {row.binary:<20} {status:<9} {state:<6} {version:<8} "
              f"{str(row.last_seen_up):<27} {row.disabled_reason or ''}")


def service_describe_resource(conf):
    """The seed's table: the host's total, used_now and used_max CPUs, memory
    (MB) and disk (GB), then used_max per project."""
    host = conf.command.service_host
    table = usage.host_resources(host)
    rows = [(f"{host}(total)", "", table.total), (f"{host}(used_now)", "", table.used_now),
            (f"{host}(used_max)", "", table.used_max)]
    rows += [(host, project, amount) for project, amount in table.by_project.items()]
    first = max(len(label) for label, _, _ in rows)
    second = max([len("PROJECT")] + [len(project) for _, project, _ in rows])
    print(f"{'HOST':<{first}} {'PROJECT':<{second}} {'cpu':>5} {'mem(mb)':>9} {'hdd':>7}")
    for label, project, amount in rows:
        print(f"{label:<{first}} {project:<{second}} {amount.vcpus:>5} "
              f"{amount.memory_mb:>9} {amount.disk_gb:>7}")


def _set_disabled(conf, disabled):
    row = service_db.get_by_host_binary(conf.command.service_host, conf.command.binary)
    reason = conf.command.reason if disabled else None
    service_db.update(row.id, disabled=disabled, disabled_reason=reason)
    print(f"Service {row.binary} on host {row.host} "
          f"{'disabled' if disabled else 'enabled'}.")


COMMANDS = {
    ("db", "sync"): db_sync,
    ("db", "version"): db_version,
    ("bootstrap", None): run_bootstrap,
    ("fernet", "setup"): fernet_setup,
    ("fernet", "rotate"): fernet_rotate,
    ("credential", "setup"): credential_setup,
    ("credential", "rotate"): credential_rotate,
    ("credential", "migrate"): credential_migrate,
    ("service", "list"): service_list,
    ("service", "enable"): lambda conf: _set_disabled(conf, False),
    ("service", "disable"): lambda conf: _set_disabled(conf, True),
    ("service", "describe_resource"): service_describe_resource,
}


def _add_parsers(subparsers):
    db = subparsers.add_parser("db", help="Database schema.").add_subparsers(
        dest="action", required=True)
    db.add_parser("sync", help="Upgrade the schema to the newest version.")
    db.add_parser("version", help="Print the schema version.")
    subparsers.add_parser("bootstrap", help="Create the Default domain, admin and "
                          "demo projects and users, roles, catalog and openrc files.")
    fernet = subparsers.add_parser("fernet", help="Fernet token keys.").add_subparsers(
        dest="action", required=True)
    fernet.add_parser("setup", help="Create the key repository.")
    fernet.add_parser("rotate", help="Rotate the keys.")
    credential = subparsers.add_parser(
        "credential", help="Keys that encrypt credentials.").add_subparsers(
        dest="action", required=True)
    credential.add_parser("setup", help="Create the key repository.")
    credential.add_parser("rotate", help="A new primary key; refused until every "
                          "credential is encrypted with the current one.")
    credential.add_parser("migrate", help="Encrypt every credential with the "
                          "primary key.")
    service = subparsers.add_parser("service", help="Services.").add_subparsers(
        dest="action", required=True)
    listing = service.add_parser("list", help="List services and their state.")
    listing.add_argument("--host", dest="only_host", help="Only this host.")
    for verb in ("enable", "disable"):
        parser = service.add_parser(verb, help=f"{verb.capitalize()} a service.")
        parser.add_argument("service_host", metavar="HOST")
        parser.add_argument("binary")
        if verb == "disable":
            parser.add_argument("--reason", help="Why it is disabled.")
    describe = service.add_parser(
        "describe_resource", help="A compute host's CPUs, memory and disk: total, "
        "allocated now, what its instances take at most, and that per project.")
    describe.add_argument("service_host", metavar="HOST")


COMMAND_OPT = cfg.SubCommandOpt("command", title="Commands", handler=_add_parsers,
                                help="Run `onestack-manage COMMAND --help`.")


def main(argv=None):
    conf = common.prepare(argv, cli_opts=[COMMAND_OPT])
    name = conf.command.name
    action = getattr(conf.command, "action", None)
    try:
        COMMANDS[(name, action)](conf)
    except exceptions.NotFound as error:
        common.fail(error, 2)  # a name that matches nothing: a usage error
    except exceptions.OnestackError as error:
        common.fail(error)
    sys.exit(0)


if __name__ == "__main__":
    main()
