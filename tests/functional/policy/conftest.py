import pytest

from tests.functional.policy.personas import make_world


@pytest.fixture(scope="module")
def world(cloud):
    """The personas, made once for each test module."""
    return make_world(cloud)
