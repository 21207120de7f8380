"""The catalog lists only what this cloud serves, so that clients which walk
it (`openstack limits show`, `openstack quota show`) reach every endpoint in
it; `onestack all` prints the same list."""
import json

import pytest

from onestack.cmd import all as all_cmd
from onestack.db import identity as identity_db
from tests.support.cloud import free_port
from tests.support.processes import run

pytestmark = pytest.mark.cli

SERVED = {"identity", "compute", "image", "network"}


def _json(cloud, *args):
    return json.loads(cloud.cli(*args, "-f", "json").stdout)


def test_the_catalog_lists_the_served_apis_only(cloud):
    listed = _json(cloud, "catalog", "list")
    assert {entry["Type"] for entry in listed} == SERVED
    endpoints = _json(cloud, "endpoint", "list", "--interface", "public")
    public = sorted((e["Service Type"], e["URL"]) for e in endpoints)
    assert public == sorted([("identity", cloud.url("identity")),
                             ("compute", cloud.url("compute") + "/v2.1"),
                             ("image", cloud.url("image")),
                             ("network", cloud.url("network"))])
    # the list onestack all prints, for `make run`
    printed = all_cmd.describe(cloud.conf, cloud.started).splitlines()
    shown = sorted(tuple(line.split()) for line in printed[1:1 + len(SERVED)])
    assert shown == public


def test_limits_and_quotas_through_the_cli(cloud):
    absolute = cloud.sdk().compute.get_limits().absolute
    limits = {row["Name"]: row["Value"] for row in
              _json(cloud, "limits", "show", "--absolute")}
    assert (limits["max_total_instances"], limits["max_total_cores"]) == (
        absolute.instances, absolute.total_cores)
    assert limits["total_instances_used"] == absolute.instances_used
    quota = {row["Resource"]: row["Limit"] for row in _json(cloud, "quota", "show")}
    assert (quota["instances"], quota["cores"], quota["ram"]) == (
        absolute.instances, absolute.total_cores, absolute.total_ram)


def test_bootstrap_again_removes_a_stale_service(cloud):
    """As an older bootstrap stored it: a volume endpoint that nothing answers."""
    stale = identity_db.create("service", type="volumev3", name="cinderv3",
                               description="onestack volumev3 service")
    for interface in ("public", "internal", "admin"):
        identity_db.create("endpoint", service_id=stale.id, interface=interface,
                           region_id="RegionOne",
                           url=f"http://127.0.0.1:{free_port()}/v3/$(project_id)s")
    refused = cloud.cli("limits", "show", "--absolute", check=False)
    assert refused.returncode != 0 and "onnection refused" in refused.stderr
    run("onestack-manage", "--config-file", cloud.config_file, "bootstrap")
    assert {e["Type"] for e in _json(cloud, "catalog", "list")} == SERVED
    cloud.cli("limits", "show", "--absolute")
