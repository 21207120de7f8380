"""The compute host's image cache: an image's data fetched over the image API
with the caller's token, checked against its checksums, kept and reused."""
import os

import pytest

from onestack.common import exceptions
from onestack.common.context import RequestContext
from onestack.compute import image_cache
from onestack.image import http_client


@pytest.fixture
def ctx(cloud):
    session = cloud.session()
    token = session.get_token()
    return RequestContext(auth_token=token, project_id=session.get_project_id(),
                          is_admin=True, roles=["admin"])


def test_an_image_is_fetched_once_checked_and_reused(cloud, ctx, image_id):
    path = image_cache.fetch(cloud.conf, ctx, image_id)
    image = cloud.sdk().image.get_image(image_id)
    assert os.path.getsize(path) == image.size
    os.utime(path, (0, 0))
    assert image_cache.fetch(cloud.conf, ctx, image_id) == path
    assert os.path.getmtime(path) > 0  # marked used, not fetched again
    assert image_cache.clean(cloud.conf, {image_id}, 0) == []
    assert image_cache.clean(cloud.conf, set(), 0) == [image_id]
    assert not os.path.exists(path)


def test_data_that_does_not_match_the_checksum_is_refused(cloud, ctx, image_id,
                                                          tmp_path):
    image = dict(cloud.sdk().image.get_image(image_id).to_dict(computed=False),
                 checksum="0" * 32)
    target = tmp_path / "image"
    with pytest.raises(exceptions.OnestackError, match="does not match its checksum"):
        http_client.download(cloud.conf, ctx, image, str(target))
    assert not target.exists()


def test_an_image_id_that_could_name_a_path_is_refused(cloud, ctx):
    with pytest.raises(exceptions.BadRequest):
        image_cache.fetch(cloud.conf, ctx, "../etc")
