"""Compute options (nova.conf names)."""
from oslo_config import cfg

opts = [
    cfg.StrOpt("default_availability_zone", default="nova",
               help="Availability zone of compute hosts in no aggregate with one."),
    cfg.StrOpt("internal_service_availability_zone", default="internal",
               help="Availability zone shown for services other than compute."),
    cfg.IntOpt("reclaim_instance_interval", default=0, min=0,
               help="Seconds a deleted server stays soft-deleted (restorable) "
                    "before it is reclaimed; 0 deletes at once."),
    cfg.IntOpt("resource_report_interval", default=10, min=1,
               help="Seconds between a compute host's resource reports."),
    cfg.IntOpt("sync_power_state_interval", default=60, min=1,
               help="Seconds between syncs of power states from the driver."),
    cfg.BoolOpt("allow_resize_to_same_host", default=False,
                help="Let a resize or cold migration stay on the server's own "
                     "host when it still fits there (single-host clouds)."),
    cfg.IntOpt("password_length", default=12, min=4,
               help="Length of generated admin passwords."),
    cfg.IntOpt("max_concurrent_builds", default=10, min=1,
               help="Builds one compute host runs at once."),
    cfg.IntOpt("image_cache_manager_interval", default=2400, min=0,
               help="Seconds between cleanings of the compute host's image "
                    "cache; 0 never cleans it."),
    cfg.IntOpt("remove_unused_original_minimum_age_seconds", default=86400, min=0,
               help="Seconds an image in the compute host's image cache stays "
                    "after no instance on the host uses it."),
    cfg.BoolOpt("resume_guests_state_on_host_boot", default=False,
                help="When the compute service starts, start again the guests "
                     "of active servers that its driver finds stopped (after a "
                     "reboot of the host)."),
]


def register(conf):
    conf.register_opts(opts)
