"""The main flows through the real `openstack` CLI as a project's reader:
every read works, every write is refused with the 403 of the policy."""
import json

import pytest

from tests.functional.policy.personas import PASSWORD, boot


@pytest.fixture(scope="module")
def reader_env(cloud, world):
    env = {key: value for key, value in cloud.cli_env("admin").items()
           if key not in ("OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME",
                          "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME")}
    env.update(OS_USERNAME=world["reader"].username, OS_PASSWORD=PASSWORD,
               OS_PROJECT_ID=world.project_a, OS_USER_DOMAIN_ID=world.domain_id)
    return env


@pytest.fixture(scope="module")
def server(cloud, world):
    """A server of project A, booted by its member."""
    return boot(cloud, world["member"], "cli-vm")


@pytest.mark.parametrize("args, expected", [
    (("server", "list"), "cli-vm"),
    (("server", "show", "{server}"), "cli-vm"),
    (("image", "list"), "{image}"),
    (("keypair", "list"), None),
    (("flavor", "list"), "m1.tiny"),
])
def test_a_reader_reads(cloud, reader_env, server, args, expected):
    image = cloud.conf.image.default_image_name
    args = [arg.format(server=server, image=image) for arg in args]
    result = cloud.cli(*args, "-f", "json", env=reader_env)
    json.loads(result.stdout)
    if expected:
        assert expected.format(image=image) in result.stdout


@pytest.mark.parametrize("args, rule", [
    (("server", "create", "--flavor", "m1.tiny", "--image", "{image}", "--nic", "none",
      "reader-vm"), "os_compute_api:servers:create"),
    (("server", "delete", "{server}"), "os_compute_api:servers:delete"),
    (("server", "reboot", "{server}"), "os_compute_api:servers:reboot"),
    (("server", "set", "--name", "renamed", "{server}"),
     "os_compute_api:servers:update"),
    (("image", "create", "--disk-format", "raw", "--container-format", "bare",
      "reader-image"), "add_image"),
    (("keypair", "create", "reader-key"), "os_compute_api:os-keypairs:create"),
])
def test_a_reader_writes_nothing(cloud, reader_env, server, args, rule):
    image = cloud.conf.image.default_image_name
    args = [arg.format(server=server, image=image) for arg in args]
    result = cloud.cli(*args, env=reader_env, check=False)
    assert result.returncode != 0
    assert "403" in result.stderr and rule in result.stderr, result.stderr
