"""Server bodies as Nova shows them, per microversion (up to 2.79)."""
from __future__ import annotations

import hashlib
import json

from onestack import policy
from onestack.api.openstack.base import at_least, link
from onestack.compute import disk_config, states
from onestack.db import instances, services as service_db
from onestack.network import api as network_api
from onestack.network import security_groups as security_group_api


def _time(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _usage_time(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if value else None


def host_id(instance) -> str:
    if not instance.host:
        return ""
    return hashlib.sha224((instance.project_id + instance.host).encode()).hexdigest()


def summary(req, instance) -> dict:
    return {"id": instance.uuid, "name": instance.display_name,
            "links": link(req, f"/servers/{instance.uuid}")}


def _flavor(req, instance) -> dict:
    flavor = json.loads(instance.flavor)
    if not at_least(req, "2.47"):
        return {"id": str(flavor["flavorid"]),
                "links": [link(req, f"/flavors/{flavor['flavorid']}")[1]]}
    body = {"vcpus": flavor["vcpus"], "ram": flavor["memory_mb"],
            "disk": flavor["root_gb"], "ephemeral": flavor.get("ephemeral_gb") or 0,
            "swap": flavor.get("swap") or 0, "original_name": flavor["name"]}
    body["extra_specs"] = flavor.get("extra_specs") or {}
    return body


def _image(req, instance):
    if not instance.image_ref:
        return ""
    return {"id": instance.image_ref,
            "links": [link(req, f"/images/{instance.image_ref}")[1]]}


# what a full view adds to the basic one that update and rebuild answer with
# before 2.75 (from 2.75 they answer with the full view, as show does)
EXTENDED = ("OS-EXT-AZ:availability_zone", "config_drive", "key_name",
            "OS-SRV-USG:launched_at", "OS-SRV-USG:terminated_at",
            "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state",
            "os-extended-volumes:volumes_attached", "security_groups",
            "OS-EXT-SRV-ATTR:", "host_status", "server_groups")


def basic(req, conf, instance, rebuild: bool = False) -> dict:
    """The view PUT /servers/{id} and rebuild answer with."""
    body = details(req, conf, [instance], show=True)[0]
    if not at_least(req, "2.75"):
        keep = {"key_name"} if rebuild and at_least(req, "2.54") else set()
        body = {k: v for k, v in body.items() if k in keep or not k.startswith(EXTENDED)}
        # and addresses without their OS-EXT-IPS extensions, as Nova's
        body["addresses"] = {label: [{"version": a["version"], "addr": a["addr"]}
                                     for a in entries]
                             for label, entries in body["addresses"].items()}
    if rebuild:  # it shows user_data (2.57) in its own key, never the admin's
        body.pop("OS-EXT-SRV-ATTR:user_data", None)
        if at_least(req, "2.57"):
            body["user_data"] = instance.user_data
    return body


def host_statuses(conf) -> dict[str, str]:
    """host -> Nova's host_status of its compute service: UP, DOWN (no
    heartbeat, or forced down) or MAINTENANCE (disabled)."""
    statuses = {}
    for row in service_db.list_(binary="onestack-compute"):
        if not service_db.is_up(row, conf.service_down_time):
            statuses[row.host] = "DOWN"
        elif row.disabled:
            statuses[row.host] = "MAINTENANCE"
        else:
            statuses[row.host] = "UP"
    return statuses


def detail(req, conf, instance, metadata: dict, tags: list, fault=None,
           show: bool = False, host_status: dict | None = None,
           addresses: dict | None = None, security_groups: list | None = None) -> dict:
    is_admin = req.context.ctx.is_admin
    status = states.status(instance.vm_state, instance.task_state)
    spec = json.loads(instance.request_spec or "{}")
    body = {
        "id": instance.uuid, "name": instance.display_name, "status": status,
        "tenant_id": instance.project_id, "user_id": instance.user_id,
        "metadata": metadata, "hostId": host_id(instance),
        "image": _image(req, instance), "flavor": _flavor(req, instance),
        "created": _time(instance.created_at),
        "updated": _time(instance.updated_at or instance.created_at),
        "addresses": addresses or {}, "accessIPv4": instance.access_ip_v4 or "",
        "accessIPv6": instance.access_ip_v6 or "",
        "links": link(req, f"/servers/{instance.uuid}"),
        "OS-DCF:diskConfig": disk_config.to_api(instance.auto_disk_config),
        "OS-EXT-AZ:availability_zone": instance.availability_zone or "",
        "config_drive": "True" if instance.config_drive else "",
        "key_name": instance.key_name,
        "OS-SRV-USG:launched_at": _usage_time(instance.launched_at),
        "OS-SRV-USG:terminated_at": _usage_time(instance.terminated_at),
        "OS-EXT-STS:task_state": instance.task_state,
        "OS-EXT-STS:vm_state": instance.vm_state,
        "OS-EXT-STS:power_state": instance.power_state,
        "os-extended-volumes:volumes_attached": [],
    }
    if security_groups:  # as Nova, no key for a server in no group
        body["security_groups"] = [{"name": name} for name in security_groups]
    if status in ("BUILD", "ACTIVE"):
        body["progress"] = instance.progress or 0
    if is_admin:
        body.update({
            "OS-EXT-SRV-ATTR:host": instance.host,
            "OS-EXT-SRV-ATTR:hypervisor_hostname": instance.node,
            "OS-EXT-SRV-ATTR:instance_name": instances.instance_name(instance)})
        if at_least(req, "2.3"):
            body.update({
                "OS-EXT-SRV-ATTR:reservation_id": instance.reservation_id,
                "OS-EXT-SRV-ATTR:launch_index": instance.launch_index,
                "OS-EXT-SRV-ATTR:hostname": instance.hostname,
                "OS-EXT-SRV-ATTR:kernel_id": "", "OS-EXT-SRV-ATTR:ramdisk_id": "",
                "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
                "OS-EXT-SRV-ATTR:user_data": instance.user_data})
    if at_least(req, "2.9"):
        body["locked"] = bool(instance.locked)
    if at_least(req, "2.73"):
        body["locked_reason"] = instance.locked_reason
    if at_least(req, "2.19"):
        body["description"] = instance.display_description
    if at_least(req, "2.26"):
        body["tags"] = tags
    if host_status is not None:
        body["host_status"] = host_status.get(instance.host, "UNKNOWN") \
            if instance.host else ""
    if at_least(req, "2.63"):
        body["trusted_image_certificates"] = None
    if at_least(req, "2.71") and show:
        body["server_groups"] = [spec["group"]["uuid"]] if spec.get("group") else []
    if fault is not None and status in ("ERROR", "DELETED"):
        body["fault"] = {"code": fault.code, "message": fault.message,
                         "created": _time(fault.created_at)}
        if is_admin or fault.code != 500:
            body["fault"]["details"] = fault.details or ""
    return body


def details(req, conf, rows, show: bool = False) -> list[dict]:
    """Several servers with their metadata, tags, faults and addresses in a
    few queries."""
    uuids = [row.uuid for row in rows]
    metadata = instances.metadata_for(uuids)
    addresses = network_api.addresses_of(uuids)
    groups = security_group_api.names_of_instances(uuids)
    tags = instances.tags_for(uuids)
    faults = instances.latest_faults([r.uuid for r in rows if r.vm_state == "error"])
    statuses = host_statuses(conf) if at_least(req, "2.16") and policy.allows(
        conf, req.context.ctx, "os_compute_api:servers:show:host_status") else None
    return [detail(req, conf, row, metadata[row.uuid], tags[row.uuid],
                   faults.get(row.uuid), show, statuses, addresses[row.uuid],
                   groups[row.uuid])
            for row in rows]
