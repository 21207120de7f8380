"""OS-DCF:diskConfig from the request, else the image; AUTO refused by an
image whose auto_disk_config is false."""
import pytest

from onestack.common import exceptions
from onestack.compute import disk_config


def _image(says=None):
    return {"id": "img-1", **({} if says is None else {"auto_disk_config": says})}


@pytest.mark.parametrize("says, requested, expected", [
    (None, None, False), (None, True, True), (None, False, False),
    ("True", None, True), ("true", False, False), ("yes", None, True),
    ("False", None, False), ("False", False, False), ("disabled", None, False),
    ("garbage", None, False), ("garbage", True, True)])
def test_for_boot(says, requested, expected):
    assert disk_config.for_boot(_image(says), requested) is expected


@pytest.mark.parametrize("says", ["False", "false", "0", "no", "Disabled"])
def test_auto_refused_by_an_image_that_forbids_it(says):
    with pytest.raises(exceptions.BadRequest) as refusal:
        disk_config.for_boot(_image(says), True)
    assert refusal.value.message == \
        "Requested image img-1 has automatic disk resize disabled."


def test_booting_from_a_volume_has_no_image_to_ask():
    assert disk_config.for_boot(None, None) is False
    assert disk_config.for_boot(None, True) is True


def test_api_words():
    assert [disk_config.from_api(v) for v in ("AUTO", "MANUAL", None)] == \
        [True, False, None]
    assert (disk_config.to_api(True), disk_config.to_api(False)) == ("AUTO", "MANUAL")
