"""The compute quota resources as the API shows them, in one table.

Each resource has its limit names in /limits, its usage name there, and the
microversion from which Nova stops showing it. A resource with no [quota]
option (the nova-network ones, until a service counts them) defaults to -1,
unlimited; adding a resource is adding a row (and, if it has a default, an
option in conf/quota.py; if it is counted, usage rows in db.quotas).
"""
from __future__ import annotations

import dataclasses

from onestack.db import keypairs, quotas, user_quotas


@dataclasses.dataclass(frozen=True)
class QuotaResource:
    name: str
    limit_names: tuple[str, ...] = ()
    used_name: str | None = None
    hidden_from: str | None = None   # microversion from which Nova hides it
    per_user: bool = False           # counted per user, not per project


RESOURCES = (
    QuotaResource("instances", ("maxTotalInstances",), "totalInstancesUsed"),
    QuotaResource("cores", ("maxTotalCores",), "totalCoresUsed"),
    QuotaResource("ram", ("maxTotalRAMSize",), "totalRAMUsed"),
    QuotaResource("floating_ips", ("maxTotalFloatingIps",), "totalFloatingIpsUsed",
                  hidden_from="2.36"),
    QuotaResource("fixed_ips", hidden_from="2.36"),
    QuotaResource("metadata_items", ("maxServerMeta", "maxImageMeta")),
    QuotaResource("injected_files", ("maxPersonality",), hidden_from="2.57"),
    QuotaResource("injected_file_content_bytes", ("maxPersonalitySize",),
                  hidden_from="2.57"),
    QuotaResource("injected_file_path_bytes", hidden_from="2.57"),
    QuotaResource("key_pairs", ("maxTotalKeypairs",), per_user=True),
    QuotaResource("security_groups", ("maxSecurityGroups",), "totalSecurityGroupsUsed",
                  hidden_from="2.36"),
    QuotaResource("security_group_rules", ("maxSecurityGroupRules",),
                  hidden_from="2.36"),
    QuotaResource("server_groups", ("maxServerGroups",), "totalServerGroupsUsed"),
    QuotaResource("server_group_members", ("maxServerGroupMembers",), per_user=True),
)
BY_NAME = {resource.name: resource for resource in RESOURCES}


def shown(version) -> list[QuotaResource]:
    """The resources a request at `version` sees."""
    return [r for r in RESOURCES
            if r.hidden_from is None or not version.at_least(r.hidden_from)]


def defaults(conf, quota_class: str = "default") -> dict[str, int]:
    configured = quotas.class_limits(conf, quota_class)
    return {r.name: configured.get(r.name, -1) for r in RESOURCES}


def project_limits(conf, project_id: str) -> dict[str, int]:
    values = defaults(conf)
    values.update({name: limit for name, limit in quotas.limits(conf, project_id).items()
                   if name in BY_NAME})
    return values


def user_limits(conf, project_id: str, user_id: str) -> dict[str, int]:
    """The project's limits, with those set for this user alone instead."""
    values = project_limits(conf, project_id)
    values.update(user_quotas.overrides(project_id, user_id))
    return values


def in_use(project_id: str, user_id: str | None = None,
           users_share: bool = False) -> dict[str, int]:
    """What the project uses of each resource, or with users_share what
    user_id uses of it. Per-user resources count for user_id (key pairs:
    that user's; group members: per group, so 0)."""
    used = quotas.usages(project_id)
    if users_share:
        used = {**used, **user_quotas.usages(project_id, user_id)}
    values = {r.name: (0 if r.per_user else used.get(r.name, 0)) for r in RESOURCES}
    if user_id is not None:
        values["key_pairs"] = keypairs.count(user_id)
    return values


def key_pairs_limit(conf, project_id: str | None, user_id: str) -> int:
    if project_id is None:
        return defaults(conf)["key_pairs"]
    return user_limits(conf, project_id, user_id)["key_pairs"]
