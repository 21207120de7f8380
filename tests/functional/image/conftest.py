"""Clients of the image API for the admin, demo and a third project."""
import json
import uuid

import pytest

from tests.support.cloud import DEMO_PASSWORD

PATCH_TYPE = "application/openstack-images-v2.1-json-patch"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class ImageClient:
    """Raw Image API v2 calls as one user, through a keystoneauth session."""

    def __init__(self, cloud, session):
        self.cloud = cloud
        self.session = session
        self.base = cloud.url("image")

    @property
    def project_id(self) -> str:
        return self.session.get_project_id()

    def request(self, method, path, **kwargs):
        """As openstacksdk asks: JSON answers, error bodies included."""
        kwargs.setdefault("raise_exc", False)
        kwargs["headers"] = {"Accept": "application/json", **kwargs.get("headers", {})}
        return self.session.request(self.base + path, method, **kwargs)

    def create(self, **body) -> dict:
        body.setdefault("name", unique("img"))
        reply = self.request("POST", "/v2/images", json=body)
        assert reply.status_code == 201, reply.text
        return reply.json()

    def upload(self, image_id, data: bytes, **headers):
        headers.setdefault("Content-Type", "application/octet-stream")
        return self.request("PUT", f"/v2/images/{image_id}/file", data=data,
                            headers=headers)

    def active(self, data: bytes = b"image data", **body) -> dict:
        body.setdefault("disk_format", "raw")
        body.setdefault("container_format", "bare")
        image = self.create(**body)
        reply = self.upload(image["id"], data)
        assert reply.status_code == 204, reply.text
        return self.get(image["id"]).json()

    def get(self, image_id):
        return self.request("GET", f"/v2/images/{image_id}")

    def patch(self, image_id, operations, content_type=PATCH_TYPE):
        return self.request("PATCH", f"/v2/images/{image_id}",
                            data=json.dumps(operations),
                            headers={"Content-Type": content_type})

    def list(self, query: str = "") -> dict:
        reply = self.request("GET", "/v2/images" + (f"?{query}" if query else ""))
        assert reply.status_code == 200, reply.text
        return reply.json()

    def listed_ids(self, query: str = "") -> list:
        return [image["id"] for image in self.list(query)["images"]]

    def delete(self, image_id):
        return self.request("DELETE", f"/v2/images/{image_id}")


@pytest.fixture(scope="module")
def admin(cloud):
    return ImageClient(cloud, cloud.session())


@pytest.fixture(scope="module")
def demo(cloud):
    return ImageClient(cloud, cloud.session("demo", DEMO_PASSWORD, "demo"))


@pytest.fixture(scope="module")
def third(cloud, admin):
    """A member of a project of its own, created for the module."""
    identity = cloud.url("identity") + "/v3"
    name, password = unique("imgproj"), "third-secret"
    session = admin.session
    project = session.post(identity + "/projects",
                           json={"project": {"name": name}}).json()["project"]
    user = session.post(identity + "/users", json={"user": {
        "name": name, "password": password, "default_project_id": project["id"]}}
    ).json()["user"]
    role = session.get(identity + "/roles?name=member").json()["roles"][0]
    session.put(f"{identity}/projects/{project['id']}/users/{user['id']}/roles/"
                f"{role['id']}")
    return ImageClient(cloud, cloud.session(name, password, name))
