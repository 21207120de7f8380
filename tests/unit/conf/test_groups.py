"""Two configurations in one process do not share their groups' options."""
import pytest
from oslo_config import cfg

from onestack import conf as onestack_conf


@pytest.mark.parametrize("group, name, value", [
    ("upgrade_levels", "compute", "1.0"), ("api", "metadata_cache_expiration", 99),
    ("quota", "networks", 7), ("image", "api_limit_max", 3)])
def test_an_override_in_one_configuration_stays_there(group, name, value):
    first, second = cfg.ConfigOpts(), cfg.ConfigOpts()
    for conf in (first, second):
        onestack_conf.register_all(conf)
        conf([])
    first.set_override(name, value, group=group)
    assert getattr(getattr(first, group), name) == value
    assert getattr(getattr(second, group), name) != value
