"""Scheduler options: allocation ratios, filters and weighers (nova.conf names)."""
from oslo_config import cfg

from onestack.conf import groups

opts = [
    cfg.FloatOpt("cpu_allocation_ratio", default=16.0, min=0.0,
                 help="Virtual CPUs per physical CPU the scheduler may place."),
    cfg.FloatOpt("ram_allocation_ratio", default=1.5, min=0.0,
                 help="Virtual RAM per physical RAM the scheduler may place."),
    cfg.FloatOpt("disk_allocation_ratio", default=1.0, min=0.0,
                 help="Virtual disk per physical disk the scheduler may place."),
]

group = cfg.OptGroup("filter_scheduler", help="The filter scheduler.")
filter_opts = [
    cfg.ListOpt("enabled_filters",
                default=["ComputeFilter", "AvailabilityZoneFilter", "RamFilter",
                         "CoreFilter", "DiskFilter", "ServerGroupAffinityFilter",
                         "ServerGroupAntiAffinityFilter"],
                help="Filters a host must pass, in order."),
    cfg.FloatOpt("ram_weight_multiplier", default=1.0,
                 help="Weight of free RAM; negative stacks instead of spreads."),
    cfg.FloatOpt("cpu_weight_multiplier", default=1.0,
                 help="Weight of free vCPUs; negative stacks instead of spreads."),
    cfg.FloatOpt("soft_affinity_weight_multiplier", default=1.0, min=0.0,
                 help="Weight of soft-affinity server group members on a host."),
    cfg.FloatOpt("soft_anti_affinity_weight_multiplier", default=1.0, min=0.0,
                 help="Weight against soft-anti-affinity members on a host."),
    cfg.IntOpt("host_subset_size", default=1, min=1,
               help="Pick at random among this many best hosts."),
]


def register(conf):
    conf.register_opts(opts)
    groups.register(conf, group, filter_opts)
