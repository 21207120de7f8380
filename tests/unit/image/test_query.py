"""GET /v2/images query parameters into filters, sorting and paging."""
import datetime

import pytest
from oslo_config import cfg

from onestack import conf as onestack_conf
from onestack.common import exceptions
from onestack.image import query


@pytest.fixture(scope="module")
def conf():
    config = cfg.ConfigOpts()
    onestack_conf.register_all(config)
    config([], project="onestack", default_config_files=[])
    return config


def test_defaults(conf):
    listing = query.parse(conf, {})
    assert listing.limit == 25 and listing.marker is None
    assert listing.sort == [("created_at", "desc")]
    filters = listing.filters
    assert (filters.visibility, filters.member_status, filters.os_hidden) == (
        None, "accepted", False)
    assert filters.any_of == {} and filters.properties == {} and filters.tags == []


def test_filters(conf):
    listing = query.parse(conf, {
        "name": "cirros", "status": "in:active,queued", "id": 'in:a,"b,c"',
        "owner": "p1", "visibility": "all", "member_status": "pending",
        "tag": ["x86", "nightly"], "os_hidden": "True", "protected": "false",
        "size_min": "10", "size_max": "20", "created_at": "gte:2024-01-02T03:04:05Z",
        "os_distro": "ubuntu", "changes-since": "2020-01-01", "limit": "5000",
        "marker": "m1"})
    filters = listing.filters
    assert filters.any_of == {"name": ["cirros"], "status": ["active", "queued"],
                              "id": ["a", "b,c"], "owner": ["p1"], "protected": [False]}
    assert filters.visibility == "all" and filters.member_status == "pending"
    assert filters.tags == ["x86", "nightly"] and filters.os_hidden is True
    assert filters.ranges == [("size", "gte", 10), ("size", "lte", 20),
                              ("created_at", "gte", datetime.datetime(2024, 1, 2, 3, 4, 5))]
    assert filters.properties == {"os_distro": "ubuntu"}
    assert listing.limit == 1000 and listing.marker == "m1"


@pytest.mark.parametrize("value, ranges", [
    ("lte:2024-01-02T03:04:05Z", [("lt", datetime.datetime(2024, 1, 2, 3, 4, 6))]),
    ("gt:2024-01-02T03:04:05", [("gte", datetime.datetime(2024, 1, 2, 3, 4, 6))]),
    ("2024-01-02T03:04:05Z", [("gte", datetime.datetime(2024, 1, 2, 3, 4, 5)),
                              ("lt", datetime.datetime(2024, 1, 2, 3, 4, 6))]),
    ("lt:2024-01-02T04:04:05+01:00", [("lt", datetime.datetime(2024, 1, 2, 3, 4, 5))]),
    ("lte:2024-01-02T03:04:05.250000", [("lte", datetime.datetime(2024, 1, 2, 3, 4, 5,
                                                                  250000))]),
])
def test_whole_second_times_stand_for_their_second(conf, value, ranges):
    parsed = query.parse(conf, {"updated_at": value}).filters.ranges
    assert parsed == [("updated_at", op, moment) for op, moment in ranges]


def test_a_name_with_a_colon_is_a_name(conf):
    assert query.parse(conf, {"name": "ubuntu:22.04"}).filters.any_of == {
        "name": ["ubuntu:22.04"]}


@pytest.mark.parametrize("params, expected", [
    ({"sort": "name:asc,size"}, [("name", "asc"), ("size", "desc")]),
    ({"sort_key": ["name", "id"], "sort_dir": "asc"}, [("name", "asc"), ("id", "asc")]),
    ({"sort_key": ["name", "id"], "sort_dir": ["asc", "desc"]},
     [("name", "asc"), ("id", "desc")]),
    ({"sort_dir": "asc"}, [("created_at", "asc")]),
])
def test_sorting(conf, params, expected):
    assert query.parse(conf, params).sort == expected


@pytest.mark.parametrize("params, message", [
    ({"limit": "ten"}, "limit param must be an integer"),
    ({"limit": "-1"}, "limit param must be positive"),
    ({"sort_key": "checksum"}, "Invalid sort key"),
    ({"sort_dir": "up"}, "Invalid sort direction"),
    ({"sort": "name:sideways"}, "Invalid sort direction"),
    ({"sort": "name", "sort_key": "id"}, "cannot be combined"),
    ({"sort_key": ["name", "id", "size"], "sort_dir": ["asc", "desc"]}, "does not match"),
    ({"visibility": "secret"}, "Invalid visibility value"),
    ({"member_status": "maybe"}, "Invalid status"),
    ({"os_hidden": "maybe"}, "'os_hidden'"),
    ({"protected": "yes"}, "'protected'"),
    ({"size_min": "big"}, "size_min"),
    ({"created_at": "gte:yesterday"}, "created_at"),
])
def test_bad_parameters(conf, params, message):
    with pytest.raises(exceptions.BadRequest) as error:
        query.parse(conf, params)
    assert message in error.value.message
