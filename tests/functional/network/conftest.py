"""The network tests use the functional package's cloud, with the compute
tests' fixtures: a project of its own with a member (tenant), the image."""
import pytest

from tests.functional.compute.conftest import image_id, new_tenant, tenant  # noqa: F401


@pytest.fixture
def other_tenant(cloud):
    """A second project of its own with its member, as tenant makes one."""
    return new_tenant(cloud)
