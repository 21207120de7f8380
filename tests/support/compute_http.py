"""Raw HTTP to the compute API as one user, at a chosen microversion, and the
check of Nova fault bodies that the compute tests share."""
from __future__ import annotations


class Compute:
    def __init__(self, cloud, session):
        self.url = cloud.url("compute") + "/v2.1"
        self.session = session
        self.project_id = session.get_project_id()
        self.user_id = session.get_user_id()

    def __call__(self, method: str, path: str, version: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if version:
            headers["OpenStack-API-Version"] = f"compute {version}"
        return self.session.request(self.url + path, method, headers=headers,
                                    raise_exc=False, **kwargs)


def fault(response, code: int) -> str:
    """The message of a Nova fault body, after checking its status and shape."""
    assert response.status_code == code, (response.status_code, response.text)
    (kind, body), = response.json().items()
    assert body["code"] == code and kind
    return body["message"]
