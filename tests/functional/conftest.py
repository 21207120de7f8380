import pytest

from tests.support.cloud import Cloud


@pytest.fixture(scope="package")
def cloud(tmp_path_factory):
    """One in-process cloud shared by the functional tests; stopped after them."""
    instance = Cloud(str(tmp_path_factory.mktemp("cloud")))
    yield instance
    instance.stop()
