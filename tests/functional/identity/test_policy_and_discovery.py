"""Operator policy files override the defaults; version discovery for clients."""
import json

import pytest
import requests
from keystoneauth1 import discover
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from tests.support.cloud import DEMO_PASSWORD
from tests.support.processes import Processes, start_identity_api


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_policy_file_overrides_a_default(cloud, tmp_path, fmt):
    rules = {"identity:create_project": "role:member",
             "identity:list_projects": "role:admin"}
    path = tmp_path / f"policy.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(rules))
    else:
        path.write_text("".join(f'"{k}": "{v}"\n' for k, v in rules.items()))
    processes = Processes(str(tmp_path))
    try:
        url = start_identity_api(cloud, processes, tmp_path,
                                 f"[oslo_policy]\npolicy_file = {path}")
        session = ks_session.Session(auth=v3.Password(
            auth_url=url + "/v3", username="demo", password=DEMO_PASSWORD,
            project_name="demo", user_domain_id="default", project_domain_id="default"))
        created = session.post(url + "/v3/projects", raise_exc=False,
                               json={"project": {"name": f"by-demo-{fmt}"}})
        assert created.status_code == 201, created.text
        refused = session.post(url + "/v3/users", raise_exc=False,
                               json={"user": {"name": f"by-demo-{fmt}"}})
        assert refused.status_code == 403
        assert refused.json()["error"]["message"] == \
            "Policy doesn't allow identity:create_user to be performed."
    finally:
        processes.stop_all()
    # the in-process cloud, without the file, keeps the default
    demo = cloud.session("demo", DEMO_PASSWORD, "demo")
    reply = demo.post(cloud.auth_url + "/projects", raise_exc=False,
                      json={"project": {"name": f"again-{fmt}"}})
    assert reply.status_code == 403


def test_version_discovery(cloud):
    root = requests.get(cloud.url("identity") + "/")
    assert root.status_code == 300
    ids = [v["id"] for v in root.json()["versions"]["values"]]
    assert ids[0].startswith("v3.") and "v2.0" in ids
    session = ks_session.Session()
    versions = discover.Discover(session, cloud.url("identity")).version_data()
    assert {tuple(v["version"][:1]) for v in versions} == {(3,), (2,)}
    v3_doc = requests.get(cloud.url("identity") + "/v3").json()["version"]
    assert v3_doc["status"] == "stable"
    assert v3_doc["links"][0]["href"].rstrip("/").endswith("/v3")
