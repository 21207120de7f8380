import pytest

from tests.functional.compute_catalog.support import Compute, unique
from tests.support.cloud import DEMO_PASSWORD


@pytest.fixture
def admin(cloud):
    return Compute(cloud, cloud.session())


@pytest.fixture
def member(cloud):
    return Compute(cloud, cloud.session("demo", DEMO_PASSWORD, "demo"))


class Tenant:
    """A project of its own with one member user."""

    def __init__(self, cloud):
        admin = cloud.sdk()
        self.name = unique("cat")
        self.project = admin.identity.create_project(name=self.name,
                                                     domain_id="default")
        self.user = admin.identity.create_user(
            name=self.name, password="pw", domain_id="default",
            default_project_id=self.project.id)
        admin.identity.assign_project_role_to_user(
            self.project, self.user, admin.identity.find_role("member"))
        self.session = cloud.session(self.name, "pw", self.name)
        self.api = Compute(cloud, self.session)

    def sdk(self, cloud):
        return cloud.sdk(self.name, "pw", self.name)


@pytest.fixture
def tenant(cloud):
    return Tenant(cloud)
