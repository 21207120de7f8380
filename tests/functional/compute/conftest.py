import uuid

import pytest

from tests.support.processes import wait_for


@pytest.fixture(scope="module")
def image_id(cloud):
    sdk = cloud.sdk()
    image = sdk.image.find_image(cloud.conf.image.default_image_name)
    assert image is not None and image.status == "active"
    return image.id


@pytest.fixture
def tenant(cloud):
    """A project of its own with a member user; returns (sdk as the member, project)."""
    return new_tenant(cloud)


def new_tenant(cloud):
    """A new project of cloud with a member user: (sdk as the member, project)."""
    admin = cloud.sdk()
    name = "t-" + uuid.uuid4().hex[:8]
    project = admin.identity.create_project(name=name, domain_id="default")
    user = admin.identity.create_user(name=name, password="pw", domain_id="default",
                                      default_project_id=project.id)
    admin.identity.assign_project_role_to_user(project, user,
                                               admin.identity.find_role("member"))
    return cloud.sdk(name, "pw", name), project


def wait_status(sdk, server_id, status, timeout=30):
    def reached():
        server = sdk.compute.get_server(server_id)
        if server.status == "ERROR" and status != "ERROR":
            raise AssertionError(f"server went to ERROR: {server.fault}")
        return server if server.status == status else None
    return wait_for(reached, timeout=timeout, interval=0.1,
                    what=f"server {server_id} to reach {status}")


def wait_gone(sdk, server_id, timeout=30):
    def gone():
        return sdk.compute.find_server(server_id, ignore_missing=True) is None
    wait_for(gone, timeout=timeout, interval=0.1, what=f"server {server_id} to go")
