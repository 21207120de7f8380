"""[image] options: limits, listing, stores and the default image (Glance's names)."""
from oslo_config import cfg

from onestack.conf import groups

group = cfg.OptGroup("image", help="Image service.")

opts = [
    cfg.IntOpt("image_size_cap", default=1099511627776, min=1,
               help="Largest image, in bytes, an upload may store (default 1 TiB). "
                    "A larger upload is refused with 413 and its data removed."),
    cfg.StrOpt("user_storage_quota", default="0", ignore_case=True,
               regex=r"^\s*\d+\s*([KMGT]?B)?\s*$",
               help="Total image data each project (image owner) may store, in "
                    "bytes or with a unit suffix (B, KB, MB, GB, TB; powers of "
                    "1024). 0 means unlimited. An upload past it is refused "
                    "with 413 and its data removed."),
    cfg.IntOpt("image_member_quota", default=128, min=-1,
               help="Members an image may have; -1 means unlimited."),
    cfg.IntOpt("image_property_quota", default=128, min=-1,
               help="Free-form properties an image may have; -1 means unlimited."),
    cfg.IntOpt("image_tag_quota", default=128, min=-1,
               help="Tags an image may have; -1 means unlimited."),
    cfg.IntOpt("limit_param_default", default=25, min=1,
               help="Images a listing returns when the request gives no limit."),
    cfg.IntOpt("api_limit_max", default=1000, min=1,
               help="Most images one listing returns, whatever limit is asked."),
    cfg.StrOpt("default_store", default="file", choices=["file"],
               help="Store new image data goes to. Only the filesystem store "
                    "exists today; docs/image.md lists the planned ones."),
    cfg.StrOpt("filesystem_store_datadir", default="$state_path/images",
               help="Directory of the filesystem store."),
    cfg.StrOpt("default_image_name", default="tiny-rootfs",
               help="Name of the small public image `onestack-manage bootstrap` "
                    "builds from this host's files and registers. Empty: none."),
]


def register(conf):
    groups.register(conf, group, opts)
