"""The networking API tests use the functional package's cloud (which
serves the network API by default), the compute tests' fixtures, raw HTTP
to port 9696 and the real `openstack` CLI as a tenant's member."""
import pytest

from tests.functional.compute.conftest import image_id, new_tenant, tenant  # noqa: F401
from tests.support.neutron_http import Neutron


@pytest.fixture
def other_tenant(cloud):
    return new_tenant(cloud)


@pytest.fixture
def admin_api(cloud):
    return Neutron(cloud, cloud.session())


@pytest.fixture
def member_api(cloud, tenant):
    """Raw HTTP as tenant's member."""
    sdk, project = tenant
    return Neutron(cloud, sdk.session)
