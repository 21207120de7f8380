"""How the metadata tests ask: as an instance would, from its fixed IP (the
cloud's network is 127.42.0.0/24, which Linux routes to lo, so a client
socket can take an instance's address as its source), or through a proxy's
headers; and a server booted through the real CLI with a key pair, user
data and metadata."""
from __future__ import annotations

import base64
import dataclasses
import http.client
import json
import os
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from onestack.conf import api as api_conf
from tests.functional.compute.conftest import wait_status

FIXED_RANGE = "127.42.0.0/24"
SECRET = "proxy-secret"
USER_DATA = "#!/bin/bash\necho 'Extra user data here'\n"


@dataclasses.dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def ask(cloud, path: str, source: str | None = None, method: str = "GET",
        headers: dict | None = None, body: bytes | None = None) -> Reply:
    host, port = api_conf.listen_address(cloud.conf, "metadata")
    connection = http.client.HTTPConnection(
        host, port, timeout=10, source_address=(source, 0) if source else None)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


@dataclasses.dataclass
class KeyPair:
    name: str
    public_key: str
    private_key_path: str

    def encrypt(self, text: str) -> str:
        """As a guest encrypts its password for the metadata service."""
        from cryptography.hazmat.primitives.asymmetric import padding
        key = serialization.load_ssh_public_key(self.public_key.encode())
        return base64.b64encode(key.encrypt(text.encode(), padding.PKCS1v15())).decode()


def make_key_pair(cloud, tmp_path, who_env: dict) -> KeyPair:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_path = os.path.join(tmp_path, "id_rsa")
    with open(private_path, "wb") as handle:
        handle.write(private.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    public = private.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                               serialization.PublicFormat.OpenSSH).decode()
    public_path = os.path.join(tmp_path, "id_rsa.pub")
    with open(public_path, "w") as handle:
        handle.write(public + "\n")
    name = "mykey-" + uuid.uuid4().hex[:6]
    cloud.cli("keypair", "create", "--public-key", public_path, name, env=who_env)
    return KeyPair(name, public, private_path)


def boot(cloud, sdk, env: dict, key_name: str, tmp_path, name: str = "test",
         **properties) -> dict:
    """A server booted by the openstack CLI with the key pair, the seed's user
    data and metadata; returned once ACTIVE, with its fixed IP."""
    user_data = os.path.join(tmp_path, f"user-data-{uuid.uuid4().hex[:6]}")
    with open(user_data, "w") as handle:
        handle.write(USER_DATA)
    args = ["server", "create", "--flavor", "m1.tiny",
            "--image", cloud.conf.image.default_image_name, "--key-name", key_name,
            "--user-data", user_data, "-f", "json"]
    for key, value in (properties or {"priority": "low", "role": "webserver"}).items():
        args += ["--property", f"{key}={value}"]
    server = json.loads(cloud.cli(*args, name, env=env).stdout)
    active = wait_status(sdk, server["id"], "ACTIVE")
    (address,) = [entry["addr"] for entries in active.addresses.values()
                  for entry in entries if entry["OS-EXT-IPS:type"] == "fixed"]
    return {"id": server["id"], "address": address, "name": name}


def member_env(cloud, project) -> dict:
    env = cloud.cli_env("admin")
    env.update(OS_USERNAME=project.name, OS_PASSWORD="pw", OS_PROJECT_NAME=project.name)
    return env
