"""nova-network's options, in [DEFAULT] under the seed's names."""
from oslo_config import cfg

MANAGERS = ("FlatManager", "FlatDHCPManager", "VlanManager")

opts = [
    cfg.StrOpt("network_manager", default="FlatDHCPManager",
               help="How projects get their networks: FlatManager (one bridge, "
                    "addresses injected, no DHCP), FlatDHCPManager (one bridge, "
                    "dnsmasq hands out the addresses) or VlanManager (a VLAN, "
                    "bridge and subnet per project; needs an 802.1Q switch). "
                    "nova.network.manager.<name> is accepted too."),
    cfg.StrOpt("network_driver", default=None, choices=["noop", "linux"],
               help="What makes the wanted host state real: linux (bridges, "
                    "iptables, ipset and dnsmasq on this host, or inside "
                    "network_namespace) or noop, which records it "
                    "(onestack-manage network show-rules prints it). Unset: "
                    "`onestack all` run as root where network namespaces and "
                    "the tools are runs linux inside a namespace of its own "
                    "(onestack-host); everything else runs noop."),
    cfg.StrOpt("network_namespace", default="",
               help="Network namespace the linux network driver manages (a "
                    "simulated host; made when missing), and that the metadata "
                    "API of the same process listens in. Empty: the host itself."),
    cfg.StrOpt("firewall_driver", default="iptables",
               help="Security group filtering: iptables, or "
                    "nova.virt.firewall.NoopFirewallDriver (also: noop) to "
                    "filter nothing, as the seed's troubleshooting section "
                    "describes."),
    cfg.StrOpt("public_interface", default="eth0",
               help="Interface that floating IPs are added to and that SNAT "
                    "of the fixed range goes out of."),
    cfg.StrOpt("flat_interface", default=None,
               help="Interface FlatDHCPManager enslaves to the bridge."),
    cfg.StrOpt("vlan_interface", default=None,
               help="Interface VlanManager puts the VLAN interfaces on "
                    "(default: flat_interface)."),
    cfg.StrOpt("flat_network_bridge", default="br100",
               help="Bridge of the flat networks."),
    cfg.BoolOpt("flat_injected", default=False,
                help="FlatManager: write the address into the instance "
                     "(there is no DHCP)."),
    cfg.BoolOpt("multi_host", default=False,
                help="Networks created from now on are multi-host: each "
                     "compute host runs its own network service and is its "
                     "instances' gateway."),
    cfg.BoolOpt("auto_assign_floating_ip", default=False,
                help="Give every new server a floating IP from "
                     "default_floating_pool; the boot fails when the pool is "
                     "exhausted."),
    cfg.StrOpt("default_floating_pool", default="nova",
               help="Floating IP pool of auto-assigned and pool-less "
                    "allocations."),
    cfg.StrOpt("floating_range", default="172.24.4.0/24",
               help="Addresses bootstrap puts in default_floating_pool when "
                    "there are no floating IPs yet (empty: none; add ranges "
                    "with `onestack-manage floating create`)."),
    cfg.ListOpt("dmz_cidr", default=[],
                help="Destinations the fixed range reaches without SNAT."),
    cfg.StrOpt("dnsmasq_config_file", default="",
               help="Extra dnsmasq configuration file (for example "
                    "dhcp-option=6,8.8.8.8)."),
    cfg.ListOpt("dns_server", default=[],
                help="DNS servers dnsmasq forwards to (instead of the "
                     "host's resolv.conf)."),
    cfg.StrOpt("metadata_host", default="$my_ip",
               help="Address 169.254.169.254:80 is translated to (an IP "
                    "address, not a name)."),
    cfg.StrOpt("routing_source_ip", default="$my_ip",
               help="Address the fixed ranges are SNATed to when they leave "
                    "through public_interface."),
    cfg.PortOpt("metadata_port", default=8775,
                help="Port 169.254.169.254:80 is translated to."),
    cfg.StrOpt("fixed_range", default="10.0.0.0/24",
               help="Range of the default network that bootstrap creates "
                    "(`private`), and the pool VlanManager networks come from."),
    cfg.IntOpt("num_networks", default=1, min=1,
               help="Networks `network create` makes at once."),
    cfg.IntOpt("network_size", default=256, min=4,
               help="Addresses in each of those networks."),
    cfg.IntOpt("vlan_start", default=100, min=1, max=4094,
               help="First VLAN id of VlanManager networks."),
    cfg.IntOpt("dhcp_lease_time", default=86400, min=120,
               help="Seconds a DHCP lease lasts."),
]


def manager_name(conf) -> str:
    """network_manager without a nova.network.manager. prefix; ValueError
    when it names none of the three."""
    name = conf.network_manager.rsplit(".", 1)[-1]
    if name not in MANAGERS:
        raise ValueError(f"network_manager {conf.network_manager!r} is not one of "
                         f"{', '.join(MANAGERS)}")
    return name


def driver_name(conf) -> str:
    """network_driver, noop when unset (`onestack all` may choose linux)."""
    return conf.network_driver or "noop"


def filtering(conf) -> bool:
    return conf.firewall_driver.rsplit(".", 1)[-1] not in ("NoopFirewallDriver", "noop")


def register(conf):
    conf.register_opts(opts)
