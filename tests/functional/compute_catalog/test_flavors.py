"""Flavors, their extra specs and access lists, through openstacksdk,
novaclient, the openstack CLI and raw HTTP."""
import json
import os

import pytest
from novaclient import client as nova_client
from openstack import exceptions as sdk_exc

from tests.functional.compute_catalog.support import fault, unique

DEFAULTS = {"1": ("m1.tiny", 512, 1, 1), "2": ("m1.small", 2048, 20, 1),
            "3": ("m1.medium", 4096, 40, 2), "4": ("m1.large", 8192, 80, 4),
            "5": ("m1.xlarge", 16384, 160, 8)}


@pytest.fixture
def private_flavor(admin):
    name = unique("priv")
    body = {"flavor": {"name": name, "ram": 256, "vcpus": 1, "disk": 0,
                       "os-flavor-access:is_public": False}}
    flavor = admin("POST", "/flavors", json=body).json()["flavor"]
    yield flavor
    admin("DELETE", f"/flavors/{flavor['id']}")


def test_default_flavors_through_sdk(cloud):
    flavors = {f.id: f for f in cloud.sdk().compute.flavors()}
    for flavorid, (name, ram, disk, vcpus) in DEFAULTS.items():
        flavor = flavors[flavorid]
        assert (flavor.name, flavor.ram, flavor.disk, flavor.vcpus) == \
            (name, ram, disk, vcpus)
        assert flavor.is_public and not flavor.is_disabled


def test_name_in_place_of_id_is_404_and_clients_fall_back(cloud, admin):
    assert "m1.tiny" in fault(admin("GET", "/flavors/m1.tiny"), 404)
    flavor = cloud.sdk().compute.find_flavor("m1.small", ignore_missing=False)
    assert flavor.id == "2"
    nova = nova_client.Client("2.1", session=cloud.session())
    assert nova.flavors.find(name="m1.medium").id == "3"


def test_detail_shapes_per_microversion(admin):
    def tiny(version):
        body = admin("GET", "/flavors/detail", version).json()
        return next(f for f in body["flavors"] if f["id"] == "1")
    old = tiny(None)
    assert old["swap"] == "" and old["OS-FLV-EXT-DATA:ephemeral"] == 0
    assert old["OS-FLV-DISABLED:disabled"] is False
    assert old["os-flavor-access:is_public"] is True and old["rxtx_factor"] == 1.0
    assert "description" not in old and "extra_specs" not in old
    assert {link["rel"] for link in old["links"]} == {"self", "bookmark"}
    assert old["links"][0]["href"].endswith("/v2.1/flavors/1")
    assert tiny("2.55")["description"] is None and "extra_specs" not in tiny("2.55")
    assert tiny("2.61")["extra_specs"] == {} and tiny("2.61")["swap"] == ""
    assert tiny("2.79")["swap"] == 0
    brief = admin("GET", "/flavors", "2.79").json()["flavors"][0]
    assert set(brief) == {"id", "name", "links", "description"}


def test_create_update_delete_as_admin(cloud, admin):
    name = unique("flv")
    body = {"flavor": {"name": name, "ram": 1024, "vcpus": 2, "disk": 10,
                       "OS-FLV-EXT-DATA:ephemeral": 5, "swap": 512,
                       "rxtx_factor": 2.0, "description": "for tests"}}
    created = admin("POST", "/flavors", "2.79", json=body)
    assert created.status_code == 200, created.text
    flavor = created.json()["flavor"]
    assert flavor["id"] and flavor["description"] == "for tests"
    assert (flavor["ram"], flavor["swap"], flavor["OS-FLV-EXT-DATA:ephemeral"]) == \
        (1024, 512, 5)
    assert flavor["extra_specs"] == {} and flavor["rxtx_factor"] == 2.0
    assert "Flavor with name" in fault(admin("POST", "/flavors", "2.55", json=body), 409)
    again = {"flavor": {"name": unique("flv"), "ram": 1, "vcpus": 1, "disk": 0,
                        "id": flavor["id"]}}
    assert "Flavor with ID" in fault(admin("POST", "/flavors", json=again), 409)
    updated = admin("PUT", f"/flavors/{flavor['id']}", "2.55",
                    json={"flavor": {"description": "changed"}})
    assert updated.json()["flavor"]["description"] == "changed"
    fault(admin("PUT", f"/flavors/{flavor['id']}",
                json={"flavor": {"description": "x"}}), 404)
    assert admin("DELETE", f"/flavors/{flavor['id']}").status_code == 202
    fault(admin("GET", f"/flavors/{flavor['id']}"), 404)
    fault(admin("DELETE", f"/flavors/{flavor['id']}"), 404)


def test_sdk_and_cli_create_and_delete(cloud):
    sdk = cloud.sdk()
    flavor = sdk.compute.create_flavor(name=unique("sdkf"), ram=128, vcpus=1, disk=1,
                                       id="sdk-" + unique("id"))
    assert sdk.compute.get_flavor(flavor.id).ram == 128
    sdk.compute.delete_flavor(flavor)
    name = unique("clif")
    shown = json.loads(cloud.cli("flavor", "create", "--ram", "64", "--disk", "1",
                                 "--vcpus", "1", "--private", name, "-f", "json").stdout)
    assert shown["name"] == name and shown["os-flavor-access:is_public"] is False
    cloud.cli("flavor", "delete", name)
    assert sdk.compute.find_flavor(name) is None


def test_member_may_not_manage_flavors(member):
    body = {"flavor": {"name": unique("nope"), "ram": 1, "vcpus": 1, "disk": 0}}
    fault(member("POST", "/flavors", json=body), 403)
    fault(member("DELETE", "/flavors/1"), 403)
    fault(member("PUT", "/flavors/1", "2.55", json={"flavor": {"description": "x"}}),
          403)
    fault(member("POST", "/flavors/1/os-extra_specs", json={"extra_specs": {"a": "b"}}),
          403)


@pytest.fixture
def policy_file(cloud):
    """Writes the cloud's policy.yaml (found next to its config file); empties
    it afterwards, which brings back the defaults."""
    path = os.path.join(cloud.state_path, "policy.yaml")

    def write(rules: dict):
        with open(path, "w") as handle:
            json.dump(rules, handle)
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    yield write
    write({})


def test_legacy_flavormanage_rule_in_policy_file(member, policy_file):
    body = {"flavor": {"name": unique("legacy"), "ram": 1, "vcpus": 1, "disk": 0}}
    policy_file({"compute_extension:flavormanage": "@"})
    created = member("POST", "/flavors", json=body)
    assert created.status_code == 200, created.text
    flavorid = created.json()["flavor"]["id"]
    policy_file({"compute_extension:flavormanage": "@",
                 "os_compute_api:os-flavor-manage:delete": "!"})
    fault(member("DELETE", f"/flavors/{flavorid}"), 403)
    policy_file({"compute_extension:flavormanage": "@"})
    assert member("DELETE", f"/flavors/{flavorid}").status_code == 202


def test_list_filters_sorting_and_paging(admin):
    big = admin("GET", "/flavors/detail?minRam=8192&minDisk=100").json()["flavors"]
    assert {f["id"] for f in big} >= {"5"} and "4" not in {f["id"] for f in big}
    ordered = admin("GET", "/flavors?sort_key=memory_mb&sort_dir=desc").json()
    rams = [f["id"] for f in ordered["flavors"] if f["id"] in DEFAULTS]
    assert rams == ["5", "4", "3", "2", "1"]
    first = admin("GET", "/flavors?limit=2&sort_key=memory_mb").json()
    assert len(first["flavors"]) == 2
    (link,) = first["flavors_links"]
    assert link["rel"] == "next" and "marker=" in link["href"]
    marker = first["flavors"][-1]["id"]
    after = admin("GET", f"/flavors?limit=2&sort_key=memory_mb&marker={marker}").json()
    assert not {f["id"] for f in after["flavors"]} & {f["id"] for f in first["flavors"]}
    assert "marker" in fault(admin("GET", "/flavors?marker=no-such"), 400)


def test_private_flavor_access(cloud, admin, tenant, private_flavor):
    flavorid = private_flavor["id"]
    visible = tenant.api("GET", "/flavors").json()["flavors"]
    assert flavorid not in {f["id"] for f in visible}
    fault(tenant.api("GET", f"/flavors/{flavorid}"), 404)
    listed = admin("GET", "/flavors?is_public=false").json()["flavors"]
    assert [f["id"] for f in listed if f["id"] == flavorid] == [flavorid]
    assert flavorid in {f["id"] for f in admin("GET", "/flavors?is_public=none")
                        .json()["flavors"]}
    add = {"addTenantAccess": {"tenant": tenant.project.id}}
    added = admin("POST", f"/flavors/{flavorid}/action", json=add)
    assert added.json() == {"flavor_access": [{"flavor_id": flavorid,
                                               "tenant_id": tenant.project.id}]}
    fault(admin("POST", f"/flavors/{flavorid}/action", json=add), 409)
    assert tenant.api("GET", f"/flavors/{flavorid}").status_code == 200
    assert flavorid in {f["id"] for f in tenant.api("GET", "/flavors").json()["flavors"]}
    access = admin("GET", f"/flavors/{flavorid}/os-flavor-access").json()
    assert access["flavor_access"][0]["tenant_id"] == tenant.project.id
    nova = nova_client.Client("2.79", session=cloud.session())
    assert [a.tenant_id for a in nova.flavor_access.list(flavor=flavorid)] == \
        [tenant.project.id]
    remove = {"removeTenantAccess": {"tenant": tenant.project.id}}
    assert admin("POST", f"/flavors/{flavorid}/action", json=remove).json() == \
        {"flavor_access": []}
    fault(admin("POST", f"/flavors/{flavorid}/action", json=remove), 404)
    fault(tenant.api("GET", f"/flavors/{flavorid}"), 404)


def test_flavor_access_errors(admin, member, private_flavor):
    flavorid = private_flavor["id"]
    assert "public" in fault(admin("GET", "/flavors/1/os-flavor-access"), 404)
    assert "not a valid project" in fault(admin(
        "POST", f"/flavors/{flavorid}/action",
        json={"addTenantAccess": {"tenant": "no-such-project"}}), 400)
    public = {"addTenantAccess": {"tenant": admin.project_id}}
    assert "public flavor" in fault(admin("POST", "/flavors/1/action", "2.7",
                                          json=public), 409)
    assert "no such action" in fault(admin("POST", f"/flavors/{flavorid}/action",
                                           json={"explode": {}}), 400)
    fault(admin("POST", f"/flavors/{flavorid}/action",
                json={"addTenantAccess": {"tenant": ""}}), 400)
    fault(member("GET", f"/flavors/{flavorid}/os-flavor-access"), 403)
    fault(member("POST", f"/flavors/{flavorid}/action", json=public), 403)


def test_extra_specs(cloud, admin, member, private_flavor):
    flavorid = private_flavor["id"]
    path = f"/flavors/{flavorid}/os-extra_specs"
    created = admin("POST", path, json={"extra_specs": {"hw:cpu_policy": "dedicated",
                                                        "quota:cpu_shares": 1024}})
    assert created.json() == {"extra_specs": {"hw:cpu_policy": "dedicated",
                                              "quota:cpu_shares": 1024}}
    assert admin("GET", path).json() == {"extra_specs": {
        "hw:cpu_policy": "dedicated", "quota:cpu_shares": "1024"}}
    assert admin("GET", f"{path}/hw:cpu_policy").json() == {"hw:cpu_policy": "dedicated"}
    changed = admin("PUT", f"{path}/hw:cpu_policy", json={"hw:cpu_policy": "shared"})
    assert changed.json() == {"hw:cpu_policy": "shared"}
    assert "mismatch" in fault(admin("PUT", f"{path}/hw:cpu_policy",
                                     json={"other": "x"}), 400)
    shown = admin("GET", f"/flavors/{flavorid}", "2.61").json()["flavor"]
    assert shown["extra_specs"]["hw:cpu_policy"] == "shared"
    assert admin("DELETE", f"{path}/hw:cpu_policy").status_code == 200
    fault(admin("GET", f"{path}/hw:cpu_policy"), 404)
    fault(admin("DELETE", f"{path}/hw:cpu_policy"), 404)
    fault(admin("POST", path, json={"extra_specs": {"bad/key": "x"}}), 400)
    fault(admin("POST", path, json={"extra_specs": {"k": "v" * 256}}), 400)
    fault(admin("POST", path, json={"extra_specs": {"k": 10 ** 300}}), 400)
    fault(member("GET", path), 404)  # a private flavor the demo project can't see
    assert member("GET", "/flavors/1/os-extra_specs").json() == {"extra_specs": {}}
    sdk_flavor = cloud.sdk().compute.get_flavor(flavorid)
    assert cloud.sdk().compute.fetch_flavor_extra_specs(sdk_flavor).extra_specs == \
        {"quota:cpu_shares": "1024"}


BAD_CREATES = [
    {},
    {"flavor": {}},
    {"flavor": {"name": "x", "ram": 0, "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "x", "ram": "0", "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "x", "ram": "abc", "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": -1, "disk": 0}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": -1}},
    {"flavor": {"name": "x", "ram": 2 ** 40, "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "x", "ram": "99999999999", "vcpus": 1, "disk": 0}},
    {"flavor": {"name": " x", "ram": 1, "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "", "ram": 1, "vcpus": 1, "disk": 0}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0, "id": "a/b"}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0, "rxtx_factor": 0}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0, "rxtx_factor": "0"}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0,
                "os-flavor-access:is_public": "maybe"}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0, "description": "d"}},
    {"flavor": {"name": "x", "ram": 1, "vcpus": 1, "disk": 0, "colour": "red"}},
    ["flavor"],
]


@pytest.mark.parametrize("body", BAD_CREATES)
def test_bad_create_bodies_are_400(admin, body):
    fault(admin("POST", "/flavors", json=body), 400)


@pytest.mark.parametrize("query", ["minRam=abc", "minDisk=1.5", "is_public=maybe",
                                   "sort_key=colour", "sort_dir=up", "limit=-1",
                                   "limit=x"])
def test_bad_list_queries_are_400(admin, query):
    fault(admin("GET", f"/flavors/detail?{query}"), 400)


def test_unknown_query_refused_from_275(admin):
    assert admin("GET", "/flavors?colour=red", "2.74").status_code == 200
    fault(admin("GET", "/flavors?colour=red", "2.75"), 400)


def test_not_json_is_400(admin):
    fault(admin("POST", "/flavors", data=b"{not json",
                headers={"Content-Type": "application/json"}), 400)


def test_sdk_raises_not_found_for_missing_flavor(cloud):
    with pytest.raises(sdk_exc.NotFoundException):
        cloud.sdk().compute.get_flavor("no-such-flavor")
