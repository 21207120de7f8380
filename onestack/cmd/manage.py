"""onestack-manage: database, bootstrap, fernet and credential keys, services,
floating IPs, networks and fixed IPs, the guest image."""
import argparse
import sys

from oslo_config import cfg
from oslo_utils import strutils

from onestack import rpc
from onestack.cmd import common
from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.db import migration
from onestack.db import networks as network_db
from onestack.db import services as service_db, usage
from onestack.identity import bootstrap, credential_encryption, fernet_keys
from onestack.image import guest_image
from onestack.virt import container
from onestack.network import floating_ips as floating_api
from onestack.network import api as network_api
from onestack.network import host_state
from onestack.network.linux import dnsmasq, ipset, iptables
from onestack.network import security_groups as security_group_api


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


def floating_create(conf):
    rpc.init(conf)  # the network hosts hear of the change
    made = floating_api.create_range(conf, RequestContext.admin(),
                                     conf.command.ip_range, conf.command.pool,
                                     conf.command.interface)
    print(f"Created {made['count']} floating IPs in pool {made['pool']} "
          f"(interface {made['interface']}).")


def floating_list(conf):
    """nova-manage's columns: project, address, instance, pool, interface."""
    rows = floating_api.list_all(conf.command.only_host)
    if not rows:
        print("No floating IP addresses have been defined.")
    for held in rows:
        row = held.row
        print(f"{row.project_id}\t{row.address}\t{held.instance_uuid}\t{row.pool}\t"
              f"{row.interface}")


def floating_delete(conf):
    ip_range = conf.command.ip_range or conf.command.range
    if not ip_range:
        raise exceptions.BadRequest("floating delete needs a range: "
                                    "floating delete CIDR")
    rpc.init(conf)
    count = floating_api.delete_range(RequestContext.admin(), ip_range)
    print(f"Deleted {count} floating IPs.")


# --- networks, fixed IPs and project scrub, as nova-manage has them --------------------

def network_create(conf):
    args = conf.command
    label = args.arg_label_option or args.arg_label
    if not label:
        raise exceptions.BadRequest("A network needs a label (LABEL or --label).")
    try:
        multi_host = None if args.arg_multi_host is None else \
            strutils.bool_from_string(args.arg_multi_host, strict=True)
    except ValueError as error:
        raise exceptions.BadRequest(f"--multi-host: {error}")
    created = network_api.create_networks(
        conf, label, args.arg_fixed_range_v4, num_networks=args.arg_num_networks,
        network_size=args.arg_network_size, vlan=args.arg_vlan, bridge=args.arg_bridge,
        bridge_interface=args.arg_bridge_interface,
        multi_host=multi_host,
        dns1=args.arg_dns1, dns2=args.arg_dns2, project_id=args.arg_project_id,
        fixed_cidr=args.arg_fixed_cidr, gateway=args.arg_gateway, mtu=args.arg_mtu)
    for network in created:
        print(f"Created network {network.label} ({network.cidr}), id {network.uuid}.")


NETWORK_ROW = "{:<5}\t{:<18}\t{:<15}\t{:<15}\t{:<15}\t{:<15}\t{:<15}\t{:<15}\t{:<15}"


def network_list(conf):
    print(NETWORK_ROW.format("id", "IPv4", "IPv6", "start address", "DNS1", "DNS2",
                             "VlanID", "project", "uuid"))
    for network in network_db.list_():
        print(NETWORK_ROW.format(*(str(value) for value in (
            network.id, network.cidr, None, network_api.dhcp_start(network),
            network.dns1, network.dns2, network.vlan, network.project_id,
            network.uuid))))


def network_delete(conf):
    args = conf.command
    network = network_api.find_network(args.arg_uuid or args.arg_fixed_range or
                                       args.arg_network)
    network_api.delete_network(None, network.uuid)
    print(f"Deleted network {network.label} ({network.cidr}).")


def network_show_rules(conf):
    """The wanted state of a network host, as the network service computes
    it: what `iptables-save` and dnsmasq's hosts files show on that host."""
    state = host_state.compute(conf, conf.command.arg_host or conf.host)
    print(f"# the wanted state of network host {state.host}")
    for table in iptables.render(state).values():
        print(table, end="")
    address_sets = ipset.render(state)
    if address_sets:
        print("# ipset\n" + address_sets, end="")
    for bridge, networks in dnsmasq.by_bridge(state.dhcp).items():
        served = ", ".join(f"{network.label} ({network.cidr})" for network in networks)
        print(f"# dnsmasq hosts on {bridge} of {served}\n" + dnsmasq.hosts_file(networks),
              end="")


def fixed_reserve(conf, reserved: bool):
    network_api.reserve_fixed_ip(conf.command.arg_address, reserved)
    print(f"Fixed IP {conf.command.arg_address} is "
          f"{'reserved' if reserved else 'no longer reserved'}.")


FIXED_ROW = "{:<18}\t{:<15}\t{:<20}\t{:<20}\t{}"


def fixed_list(conf):
    host = conf.command.arg_host_option or conf.command.arg_host
    print(FIXED_ROW.format("network", "IP address", "hostname", "host", "reserved"))
    for fixed, cidr, hostname, instance_host in network_db.held(host):
        print(FIXED_ROW.format(cidr, fixed.address, str(hostname), str(instance_host),
                               "yes" if fixed.reserved else "no"))


def project_scrub(conf):
    """Release the project's networks and delete its security groups, as the
    seed's `nova-manage project scrub` does."""
    project_id = conf.command.arg_project_option or conf.command.arg_project
    if not project_id:
        raise exceptions.BadRequest("Name the project: --project ID.")
    released = network_api.scrub_project(project_id)
    for network in released:
        print(f"Released network {network.label} ({network.cidr}) from project "
              f"{project_id}.")
    if not released:
        print(f"Project {project_id} has no networks.")
    deleted, in_use = security_group_api.scrub_project(project_id)
    if deleted:
        print(f"Deleted security groups {', '.join(deleted)} of project {project_id}.")
    if in_use:
        print(f"Kept security groups {', '.join(in_use)}: servers still use them.")


def image_build_guest(conf):
    name = conf.command.arg_name
    if conf.command.arg_auto:
        if conf.compute_driver != "container" and (
                conf.compute_driver or container.unavailable() is not None):
            return
        existing = guest_image.find(conf, name)
        if existing is not None:
            print(f"The guest image {name} is there already, id {existing['id']}.")
            return
    image = guest_image.upload(conf, name)
    print(f"Uploaded the guest image {image['name']} ({image['size']} bytes), "
          f"id {image['id']}, public.")


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
    ("floating", "create"): floating_create,
    ("floating", "list"): floating_list,
    ("floating", "delete"): floating_delete,
    ("network", "create"): network_create,
    ("network", "list"): network_list,
    ("network", "delete"): network_delete,
    ("network", "show-rules"): network_show_rules,
    ("fixed", "reserve"): lambda conf: fixed_reserve(conf, True),
    ("fixed", "unreserve"): lambda conf: fixed_reserve(conf, False),
    ("fixed", "list"): fixed_list,
    ("project", "scrub"): project_scrub,
    ("image", "build-guest"): image_build_guest,
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
    _add_floating_parsers(subparsers)
    _add_network_parsers(subparsers)
    image = subparsers.add_parser("image", help="Images.").add_subparsers(
        dest="action", required=True)
    guest = image.add_parser("build-guest", help="Build the busybox guest image "
                             "(for compute_driver = container) and upload it as a "
                             "public image.")
    guest.add_argument("--name", dest="arg_name", default="guest",
                       help="The image's name (default: guest).")
    guest.add_argument("--auto", dest="arg_auto", action="store_true",
                       help="Only when compute_driver is container (or unset, "
                            "where `onestack all` would run container) and no "
                            "public image of that name is active (what `make "
                            "run` does).")


def _add_floating_parsers(subparsers):
    floating = subparsers.add_parser("floating", help="Floating IPs.").add_subparsers(
        dest="action", required=True)
    create = floating.add_parser("create", help="Add the addresses of a range (one "
                                 "address or a CIDR) to a pool.")
    create.add_argument("--ip_range", "--ip-range", required=True, metavar="CIDR")
    create.add_argument("--pool", help="Pool (default: default_floating_pool).")
    create.add_argument("--interface", help="Interface the addresses go on "
                        "(default: public_interface).")
    listing = floating.add_parser("list", help="List the floating IPs: project, "
                                  "address, instance, pool, interface.")
    listing.add_argument("--host", dest="only_host", help="Only those this host "
                         "serves.")
    delete = floating.add_parser("delete", help="Delete the addresses of a range, "
                                 "allocated or not.")
    delete.add_argument("range", nargs="?", metavar="CIDR")
    delete.add_argument("--ip_range", "--ip-range", metavar="CIDR")


def _add_network_parsers(subparsers):
    """nova-manage's spellings (--fixed_range_v4) are accepted beside ours.
    Every dest starts with arg_: the config options own the plain names."""
    network = subparsers.add_parser("network", help="Networks.").add_subparsers(
        dest="action", required=True)
    create = network.add_parser("create", help="Create networks.")
    create.add_argument("arg_label", nargs="?", metavar="LABEL",
                        help="The network's label.")
    for flags, extra in (
            (("--label",), {"dest": "arg_label_option", "help": argparse.SUPPRESS}),
            (("--fixed-range-v4", "--fixed_range_v4"),
             {"required": True, "metavar": "CIDR", "help": "The network's addresses."}),
            (("--fixed-cidr", "--fixed_cidr"),
             {"metavar": "CIDR", "help": "Only hand out the addresses of this range."}),
            (("--num-networks", "--num_networks"),
             {"type": int, "help": "Cut this many networks from the range."}),
            (("--network-size", "--network_size"),
             {"type": int, "help": "Addresses in each of them."}),
            (("--vlan", "--vlan-start", "--vlan_start"),
             {"type": int, "help": "VLAN id of the (first) network; VlanManager."}),
            (("--bridge",), {"help": "The bridge (default: the manager's)."}),
            (("--bridge-interface", "--bridge_interface"),
             {"help": "The host interface on the bridge."}),
            (("--multi-host", "--multi_host"),
             {"nargs": "?", "const": "true", "metavar": "BOOL",
              "help": "Every compute host serves the network."}),
            (("--dns1",), {"help": "First DNS server."}),
            (("--dns2",), {"help": "Second DNS server."}),
            (("--gateway",), {"help": "Gateway (default: the first address)."}),
            (("--mtu",), {"type": int, "help": "MTU of the network."}),
            (("--project-id", "--project_id", "--project"),
             {"help": "The project the networks are for."})):
        name = flags[0].lstrip("-").replace("-", "_")
        create.add_argument(*flags, **{"dest": f"arg_{name}", "metavar": name.upper(),
                                       **extra})
    network.add_parser("list", help="List networks.")
    rules = network.add_parser("show-rules", help="What a network host wants: its "
                               "iptables rules (iptables-save form), address sets "
                               "and dnsmasq hosts.")
    rules.add_argument("--host", dest="arg_host", help="The network host (default: "
                       "this one).")
    delete = network.add_parser("delete", help="Delete a network nobody uses.")
    delete.add_argument("arg_network", nargs="?", metavar="UUID_OR_CIDR")
    delete.add_argument("--uuid", dest="arg_uuid", help=argparse.SUPPRESS)
    delete.add_argument("--fixed-range", "--fixed_range", dest="arg_fixed_range",
                        help=argparse.SUPPRESS)
    fixed = subparsers.add_parser("fixed", help="Fixed IPs.").add_subparsers(
        dest="action", required=True)
    for verb in ("reserve", "unreserve"):
        parser = fixed.add_parser(verb, help=f"{verb.capitalize()} an address.")
        parser.add_argument("--address", dest="arg_address", required=True)
    listing = fixed.add_parser("list", help="The addresses held and reserved.")
    listing.add_argument("arg_host", nargs="?", metavar="HOST",
                         help="Only those of this host's servers.")
    listing.add_argument("--host", dest="arg_host_option", help=argparse.SUPPRESS)
    project = subparsers.add_parser("project", help="Projects.").add_subparsers(
        dest="action", required=True)
    scrub = project.add_parser("scrub", help="Release the project's networks.")
    scrub.add_argument("arg_project", nargs="?", metavar="PROJECT_ID")
    scrub.add_argument("--project", dest="arg_project_option", help=argparse.SUPPRESS)


COMMAND_OPT = cfg.SubCommandOpt("command", title="Commands", handler=_add_parsers,
                                help="Run `onestack-manage COMMAND --help`.")


def main(argv=None):
    conf = common.prepare(argv, cli_opts=[COMMAND_OPT])
    name = conf.command.name
    action = getattr(conf.command, "action", None)
    if name not in ("db", "fernet"):
        common.require_schema()  # one clear line, not a traceback of SQL
    try:
        COMMANDS[(name, action)](conf)
    except exceptions.NotFound as error:
        common.fail(error, 2)  # a name that matches nothing: a usage error
    except exceptions.OnestackError as error:
        common.fail(error)
    finally:
        rpc.cleanup()
    sys.exit(0)


if __name__ == "__main__":
    main()
