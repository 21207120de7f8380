"""The networking quotas under Neutron's names, over the one quota engine
(db.quotas) that the compute API's os-quota-sets also reads and sets: a
limit set through either API is the same limit.

Each Neutron resource is a [quota] resource:

    network             networks            counted as projects take networks
    subnet              subnets             (a nova-network network has one)
    port                fixed_ips           a port is a fixed IP
    router              routers
    floatingip          floating_ips
    security_group      security_groups
    security_group_rule security_group_rules  per group, as in Nova
"""
from __future__ import annotations

from typing import Callable

from onestack.common import exceptions
from onestack.db import project_usage, quotas
from onestack.db import security_groups as group_db

RESOURCES = {
    "network": "networks",
    "subnet": "subnets",
    "port": "fixed_ips",
    "router": "routers",
    "floatingip": "floating_ips",
    "security_group": "security_groups",
    "security_group_rule": "security_group_rules",
}

# Neutron resource -> how many the project holds, where no usage row of
# db.quotas counts them; the others are read from those rows
COUNTERS: dict[str, Callable[[str], int]] = {
    "subnet": project_usage.subnets,
    "router": project_usage.routers,
    "port": project_usage.ports,
    "security_group_rule": lambda project_id: project_usage.security_group_rules(
        project_id, group_db.counted),
}


def _by_neutron_name(values: dict[str, int]) -> dict[str, int]:
    return {name: values.get(resource, -1) for name, resource in RESOURCES.items()}


def defaults(conf) -> dict[str, int]:
    return _by_neutron_name(quotas.defaults(conf))


def limits(conf, project_id: str) -> dict[str, int]:
    return _by_neutron_name(quotas.limits(conf, project_id))


def usage(project_id: str) -> dict[str, int]:
    used = quotas.usages(project_id)
    return {name: COUNTERS[name](project_id) if name in COUNTERS
            else used.get(resource, 0) for name, resource in RESOURCES.items()}


def details(conf, project_id: str) -> dict[str, dict]:
    """Neutron's /details: limit, used and reserved (always 0: a request
    takes what it uses in one transaction) of each resource."""
    limit, used = limits(conf, project_id), usage(project_id)
    return {name: {"limit": limit[name], "used": used[name], "reserved": 0}
            for name in RESOURCES}


def checked(values, project_id: str | None = None) -> dict[str, int]:
    """A PUT's {resource: limit} under Neutron's names, checked as Neutron
    checks it (with check_limit true, no limit below what the project uses
    already); BadRequest naming what is wrong."""
    if not isinstance(values, dict):
        raise exceptions.BadRequest("Invalid input for quota: it must be an object.")
    values = dict(values)
    check_limit = values.pop("check_limit", False)
    if not isinstance(check_limit, bool):
        raise exceptions.BadRequest(f"Invalid input for check_limit. Reason: "
                                    f"'{check_limit}' is not a boolean.")
    unknown = sorted(set(values) - set(RESOURCES))
    if unknown:
        raise exceptions.BadRequest(
            f"Unrecognized attribute(s) '{', '.join(unknown)}'")
    result = {}
    for name, value in values.items():
        number = _integer(value)
        if number is None or number < -1 or number > 2**31 - 1:
            raise exceptions.BadRequest(
                f"Invalid input for {name}. Reason: '{value}' is not a valid quota: "
                "an integer from -1 (unlimited) to 2147483647.")
        result[name] = number
    if check_limit and project_id is not None:
        used = usage(project_id)
        for name, limit in result.items():
            if 0 <= limit < used[name]:
                raise exceptions.BadRequest(
                    f"Quota limit {limit} for {name} must be greater than or equal "
                    f"to the usage {used[name]}.")
    return result


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def update(conf, project_id: str, values: dict[str, int]) -> dict[str, int]:
    quotas.set_limits(project_id, {RESOURCES[name]: limit
                                   for name, limit in values.items()})
    return limits(conf, project_id)


def reset(project_id: str) -> None:
    """Back to the defaults: the project's limits of these resources go
    (those of the compute API's other resources stay)."""
    quotas.reset_limits(project_id, list(RESOURCES.values()))


def projects_with_limits(conf) -> list[str]:
    """The projects that have a limit of their own on one of these resources."""
    return quotas.projects_with_limits(list(RESOURCES.values()))
