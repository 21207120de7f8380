import os

import pytest

# selects oslo.service's threading backend before anything imports oslo_messaging
import onestack.rpc  # noqa: F401

from tests.support.cloud import Cloud


def pytest_configure(config):
    os.environ.setdefault("OS_CLOUD", "")


@pytest.fixture(scope="session")
def cloud(tmp_path_factory):
    """One in-process cloud for the functional tests of a session."""
    instance = Cloud(str(tmp_path_factory.mktemp("cloud")))
    yield instance
    instance.stop()
