import pytest

from tests.functional.compute_admin.support import Compute, Fixtures
from tests.support.cloud import DEMO_PASSWORD


@pytest.fixture
def fixtures(cloud):
    made = Fixtures()
    yield made
    made.cleanup()


@pytest.fixture
def admin(cloud):
    return Compute(cloud, cloud.session())


@pytest.fixture
def member(cloud):
    return Compute(cloud, cloud.session("demo", DEMO_PASSWORD, "demo"))
