"""Version discovery, the extension list, Neutron's error bodies, and the
query parameters every list takes (fields=, filters, sorting, paging)."""
import json

import requests

from tests.support.compute_http import Compute
from tests.support.neutron_http import neutron_fault


def test_versions_are_public(cloud):
    root = requests.get(cloud.url("network") + "/", timeout=10)
    assert root.status_code == 200
    (version,) = root.json()["versions"]
    assert version["id"] == "v2.0" and version["status"] == "CURRENT"
    assert version["links"][0]["href"].endswith("/v2.0/")


def test_v2_lists_the_core_collections(admin_api):
    resources = admin_api("GET", "").json()["resources"]
    assert {"networks", "subnets", "ports"} <= {r["collection"] for r in resources}


def test_extensions_list_what_is_served(admin_api):
    aliases = {e["alias"] for e in admin_api("GET", "/extensions").json()["extensions"]}
    assert {"external-net", "router", "project-id", "fields", "pagination",
            "sorting"} <= aliases
    assert admin_api("GET", "/extensions/router").json()["extension"]["alias"] == \
        "router"
    neutron_fault(admin_api("GET", "/extensions/dvr"), 404, "HTTPNotFound")


def test_errors_are_neutron_errors(admin_api):
    missing = "00000000-0000-4000-8000-000000000000"
    message = neutron_fault(admin_api("GET", f"/networks/{missing}"), 404,
                            "NetworkNotFound")
    assert missing in message
    neutron_fault(admin_api("GET", "/networks?no_such_attribute=1"), 400,
                  "InvalidInput")
    neutron_fault(admin_api("GET", "/networks?sort_key=subnets"), 400)
    neutron_fault(admin_api("GET", "/networks?limit=-1"), 400)
    neutron_fault(admin_api("GET", "/nothing-here"), 404, "HTTPNotFound")


def test_without_token_is_401(cloud):
    answer = requests.get(cloud.url("network") + "/v2.0/networks", timeout=10)
    neutron_fault(answer, 401)


def test_fields_filters_sorting_and_paging(cloud, admin_api):
    compute = Compute(cloud, cloud.session())
    for index in range(3):
        compute("POST", "/os-networks", json={"network": {
            "label": f"page-{index}", "cidr": f"10.210.{index}.0/24"}})
    everything = admin_api("GET", "/networks?sort_key=name&sort_dir=desc").json()
    names = [n["name"] for n in everything["networks"]]
    assert names == sorted(names, reverse=True)
    only = admin_api("GET", "/networks?fields=id&fields=name").json()["networks"]
    assert all(set(n) == {"id", "name"} for n in only)
    one = admin_api("GET", "/networks?name=private").json()["networks"]
    assert [n["name"] for n in one] == ["private"]
    first = admin_api("GET", "/networks?limit=1").json()
    assert len(first["networks"]) == 1
    (link,) = [l for l in first["networks_links"] if l["rel"] == "next"]
    second = cloud.session().get(link["href"]).json()
    assert second["networks"][0]["id"] > first["networks"][0]["id"]


def test_pages_walk_forwards_then_back_by_their_links(cloud, admin_api):
    compute = Compute(cloud, cloud.session())
    made = [compute("POST", "/os-networks", json={"network": {
        "label": f"walk-{index}", "cidr": f"10.211.{index}.0/24"}}).json()["network"]["id"]
        for index in range(3)]
    try:
        _walk(cloud, admin_api)
    finally:   # shared networks: later servers would get an address on each
        for network in made:
            assert compute("DELETE", f"/os-networks/{network}").status_code == 202


def _walk(cloud, admin_api):
    everything = [n["id"] for n in admin_api(
        "GET", "/networks?sort_key=name&sort_dir=desc&sort_key=id&sort_dir=asc"
    ).json()["networks"]]
    session, pages = cloud.session(), []
    page = admin_api("GET", "/networks?sort_key=name&sort_dir=desc&limit=2").json()
    while True:
        pages.append([n["id"] for n in page["networks"]])
        ahead = [l for l in page.get("networks_links", []) if l["rel"] == "next"]
        if not ahead:
            break
        page = session.get(ahead[0]["href"]).json()
    assert sum(pages, []) == everything and all(len(p) == 2 for p in pages[:-1])
    back = []
    while True:
        behind = [l for l in page.get("networks_links", []) if l["rel"] == "previous"]
        if not behind:
            break
        page = session.get(behind[0]["href"]).json()
        back.insert(0, [n["id"] for n in page["networks"]])
    assert back == pages[:-1]


def test_cli_network_list(cloud):
    listed = json.loads(cloud.cli("network", "list", "-f", "json").stdout)
    assert "private" in {n["Name"] for n in listed}
