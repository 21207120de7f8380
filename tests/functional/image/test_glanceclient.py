"""python-glanceclient, as a library and as the `glance` shell, unmodified."""
import hashlib
import io
import os
import subprocess

import glanceclient
import pytest
from glanceclient import exc

from tests.functional.image.conftest import unique
from tests.support.cloud import DEMO_PASSWORD, VENV_BIN


@pytest.fixture(scope="module")
def glance(cloud):
    return glanceclient.Client("2", session=cloud.session())


@pytest.fixture(scope="module")
def demo_glance(cloud):
    return glanceclient.Client("2", session=cloud.session("demo", DEMO_PASSWORD, "demo"))


def test_create_upload_download_update(glance):
    data = os.urandom(2 * 1024 * 1024 + 3)
    name = unique("gc")
    image = glance.images.create(name=name, disk_format="qcow2", container_format="bare",
                                 os_distro="cirros", tags=["gc"])
    assert image.status == "queued" and image.os_distro == "cirros"
    glance.images.upload(image.id, io.BytesIO(data))  # sent chunked
    shown = glance.images.get(image.id)
    assert shown.status == "active" and shown.size == len(data)
    assert shown.checksum == hashlib.md5(data).hexdigest()
    assert shown.os_hash_value == hashlib.sha512(data).hexdigest()
    downloaded = b"".join(glance.images.data(image.id))  # checks os_hash_value
    assert downloaded == data

    updated = glance.images.update(image.id, name=name + "-2", min_ram=128,
                                   architecture="x86_64", remove_props=["os_distro"])
    assert updated.name == name + "-2" and updated.min_ram == 128
    assert updated.architecture == "x86_64" and "os_distro" not in updated
    glance.image_tags.update(image.id, "extra")
    glance.image_tags.delete(image.id, "gc")
    assert glance.images.get(image.id).tags == ["extra"]

    listed = list(glance.images.list(filters={"name": name + "-2"}))
    assert [i.id for i in listed] == [image.id]
    glance.images.deactivate(image.id)
    assert glance.images.get(image.id).status == "deactivated"
    glance.images.reactivate(image.id)
    glance.images.delete(image.id)
    with pytest.raises(exc.HTTPNotFound) as error:
        glance.images.get(image.id)
    assert f"No image found with ID {image.id}" in str(error.value)


def test_paging_through_many_images(glance):
    tag = unique("page")
    ids = {glance.images.create(name=f"{tag}-{n}", tags=[tag]).id for n in range(7)}
    listed = list(glance.images.list(filters={"tag": [tag]}, page_size=2))
    assert {i.id for i in listed} == ids and len(listed) == 7
    limited = list(glance.images.list(filters={"tag": [tag]}, page_size=2, limit=3))
    assert len(limited) == 3
    ordered = list(glance.images.list(filters={"tag": [tag]}, sort="name:asc"))
    assert [i.name for i in ordered] == sorted(i.name for i in ordered)


def test_members(glance, demo_glance, cloud):
    demo_project = cloud.session("demo", DEMO_PASSWORD, "demo").get_project_id()
    image = glance.images.create(name=unique("gc-shared"), disk_format="raw",
                                 container_format="bare")
    glance.images.upload(image.id, io.BytesIO(b"for demo"))
    member = glance.image_members.create(image.id, demo_project)
    assert member.status == "pending"
    demo_glance.image_members.update(image.id, demo_project, "accepted")
    assert image.id in [i.id for i in demo_glance.images.list()]
    assert b"".join(demo_glance.images.data(image.id)) == b"for demo"
    assert [m.member_id for m in glance.image_members.list(image.id)] == [demo_project]
    with pytest.raises(exc.HTTPForbidden) as error:
        demo_glance.images.delete(image.id)
    assert "delete_image" in str(error.value)
    glance.image_members.delete(image.id, demo_project)
    assert image.id not in [i.id for i in demo_glance.images.list()]


def test_the_glance_shell_discovers_the_version(cloud, tmp_path):
    env = cloud.cli_env("admin")
    source, saved = tmp_path / "in.img", tmp_path / "out.img"
    source.write_bytes(b"glance shell data" * 1000)

    def glance(*args):
        result = subprocess.run([os.path.join(VENV_BIN, "glance"), *args], env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    name = unique("shell")
    created = glance("image-create", "--name", name, "--disk-format", "raw",
                     "--container-format", "bare", "--file", str(source))
    assert name in created and "active" in created
    assert name in glance("image-list")
    image_id = [line.split("|")[1].strip() for line in glance("image-list").splitlines()
                if name in line][0]
    glance("image-download", "--file", str(saved), image_id)
    assert saved.read_bytes() == source.read_bytes()
    glance("image-delete", image_id)
