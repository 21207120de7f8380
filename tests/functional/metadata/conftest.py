"""The metadata tests run a cloud of their own whose network is on
loopback (see support.py), with a proxy secret set."""
import pytest

from tests.functional.compute.conftest import image_id, new_tenant, tenant  # noqa: F401
from tests.functional.metadata import support
from tests.support.cloud import Cloud


@pytest.fixture(scope="package")
def cloud(tmp_path_factory):
    instance = Cloud(str(tmp_path_factory.mktemp("metadata-cloud")), {
        "fixed_range": support.FIXED_RANGE,
        "metadata_proxy_shared_secret": support.SECRET})
    yield instance
    instance.stop()


@pytest.fixture
def other_tenant(cloud):
    return new_tenant(cloud)
