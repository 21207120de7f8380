"""Image stores: scheme -> store class. Only `file` exists; docs/image.md lists
the planned ones (Object Storage, S3, HTTP read-only, RBD)."""
from urllib import parse

from onestack.image.store.base import Capabilities, DataNotFound, Store
from onestack.image.store.filesystem import FilesystemStore

STORES = {
    "file": FilesystemStore,
}

__all__ = ["Capabilities", "DataNotFound", "Store", "STORES", "default_store",
           "store_for"]


def default_store(conf) -> Store:
    """The store new image data is written to."""
    return STORES[conf.image.default_store](conf)


def store_for(conf, location: str) -> Store:
    """The store that holds location."""
    scheme = parse.urlsplit(location).scheme
    if scheme not in STORES:
        raise ValueError(f"no store for locations of scheme {scheme!r}")
    return STORES[scheme](conf)
