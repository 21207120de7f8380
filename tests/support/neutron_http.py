"""Raw HTTP to the networking API as one user, the check of Neutron error
bodies, and the `openstack` CLI as any user."""
from __future__ import annotations

import os


class Neutron:
    def __init__(self, cloud, session):
        self.url = cloud.url("network") + "/v2.0"
        self.session = session
        self.project_id = session.get_project_id()

    def __call__(self, method: str, path: str, **kwargs):
        return self.session.request(self.url + path, method, raise_exc=False,
                                    **kwargs)


def neutron_fault(response, code: int, kind: str | None = None) -> str:
    """The message of a NeutronError body, after checking status, shape and type."""
    assert response.status_code == code, (response.status_code, response.text)
    body = response.json()
    assert list(body) == ["NeutronError"], body
    error = body["NeutronError"]
    assert set(error) == {"type", "message", "detail"}, error
    if kind is not None:
        assert error["type"] == kind, error
    return error["message"]


def cli_env_for(cloud, username: str, password: str, project: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update({"OS_AUTH_URL": cloud.auth_url, "OS_USERNAME": username,
                "OS_PASSWORD": password, "OS_PROJECT_NAME": project,
                "OS_USER_DOMAIN_ID": "default", "OS_PROJECT_DOMAIN_ID": "default",
                "OS_IDENTITY_API_VERSION": "3", "OS_REGION_NAME": "RegionOne"})
    return env
