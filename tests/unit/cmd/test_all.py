"""What `onestack all` prints when it is up."""
from onestack.cmd import all as all_cmd


def test_the_banner_lists_catalog_endpoints_and_the_metadata_service(conf):
    conf.set_override("enabled_apis", ["identity", "compute", "metadata"])
    text = all_cmd.describe(conf, [])
    lines = text.splitlines()
    assert "  identity  http://127.0.0.1:5000" in lines
    assert "  compute   http://127.0.0.1:8774/v2.1" in lines
    assert "  metadata  http://127.0.0.1:8775 (for instances; not in the catalog)" in lines
    assert any(line.startswith("Admin credentials: source ") for line in lines)


def test_no_metadata_line_when_it_is_not_enabled(conf):
    conf.set_override("enabled_apis", ["identity", "compute"])
    assert "8775" not in all_cmd.describe(conf, [])
