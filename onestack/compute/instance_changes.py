"""Tells the metadata services that an instance changed, so that none goes
on serving what it cached of it: at once to those of this process, and by
a fanout cast on topic `metadata` to those of other processes and hosts.

    instance_changes.changed(ctx, instance_uuid)   # after the change is written
    instance_changes.subscribe(cache)              # cache.invalidate(uuid)
"""
from __future__ import annotations

import weakref

from onestack import rpc  # isort: skip (chooses oslo.service's backend first)

import oslo_messaging as messaging
from oslo_log import log as logging

TOPIC = "metadata"
VERSION = "1.0"
LOG = logging.getLogger(__name__)
_subscribers: "weakref.WeakSet" = weakref.WeakSet()


def subscribe(cache) -> None:
    """cache.invalidate(instance_uuid) is called on each change in this
    process; held weakly, so a cache that is gone drops out."""
    _subscribers.add(cache)


def notify_local(instance_uuid: str) -> None:
    for cache in list(_subscribers):
        cache.invalidate(instance_uuid)


def changed(ctx, instance_uuid: str) -> None:
    notify_local(instance_uuid)
    if rpc.TRANSPORT is None:
        return  # a tool without messaging: the caches expire on their own
    try:
        rpc.get_client(TOPIC, version=VERSION).prepare(fanout=True).cast(
            ctx, "instance_changed", instance_uuid=instance_uuid)
    except Exception as error:  # the change is made; caches expire anyway
        LOG.warning("Could not tell the metadata services that %s changed: %s",
                    instance_uuid, error)


class Endpoint:
    """The RPC endpoint of a metadata service's listener."""

    target = messaging.Target(version=VERSION)

    def instance_changed(self, ctxt, instance_uuid: str) -> None:
        notify_local(instance_uuid)
