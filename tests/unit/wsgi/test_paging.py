"""The one paginator: the page a query asks for, and the links to the pages
beside it in each API family's shape."""
import falcon.testing
import pytest

from onestack.common import exceptions
from onestack.wsgi import links, paging

COMPUTE = links.Root("/v2.1")
NETWORK = links.Root("/v2.0")


def request(path, query=""):
    return falcon.testing.create_req(path=path, query_string=query,
                                     host="cloud", port=8774)


def test_limit_defaults_caps_and_refuses_what_is_not_a_count():
    assert paging.requested({}) == paging.Page(limit=1000, marker=None)
    assert paging.requested({"limit": "5000", "marker": ["a", "b"]}) == \
        paging.Page(limit=1000, marker="b")
    assert paging.limit(None, default=25, max_limit=1000) == 25
    assert paging.limit("0", default=25) == 0
    with pytest.raises(exceptions.BadRequest, match="must be an integer"):
        paging.limit("ten", default=25)
    with pytest.raises(exceptions.BadRequest, match="must be positive"):
        paging.limit("-1", default=25)


def test_offset_is_capped_where_sql_can_take_it():
    assert paging.offset({}) == 0
    assert paging.offset({"offset": str(2 ** 70)}) == paging.MAX_OFFSET
    with pytest.raises(exceptions.BadRequest):
        paging.offset({"offset": "x"})


def test_a_link_query_keeps_the_request_order_and_repeats_with_the_marker_last():
    assert paging.query_with({"marker": "old", "status": ["A", "B"], "limit": "2"},
                             marker="new") == "status=A&status=B&limit=2&marker=new"
    assert paging.query_with({"marker": "m"}, marker=None) == ""
    assert paging.query_with({}, marker="a b&c") == "marker=a+b%26c"


def test_nova_next_link_only_for_a_full_page():
    req = request("/v2.1/servers", "limit=2&name=web")
    assert paging.nova_next(req, COMPUTE, "/servers", ["a", "b"], 2) == [{
        "rel": "next", "href": "http://cloud:8774/v2.1/servers?limit=2&name=web&marker=b"}]
    assert paging.nova_next(req, COMPUTE, "/servers", ["a"], 2) == []
    assert paging.nova_next(req, COMPUTE, "/servers", [], 0) == []


def test_glance_first_and_next_are_paths():
    query = {"limit": "1", "marker": "x", "tag": ["a", "b"]}
    assert paging.glance_links("/v2/images", query, ["y"], 1) == {
        "first": "/v2/images?limit=1&tag=a&tag=b",
        "next": "/v2/images?limit=1&tag=a&tag=b&marker=y"}
    assert paging.glance_links("/v2/images", {}, [], 25) == {"first": "/v2/images"}


def test_keystone_links_name_only_the_collection():
    req = request("/v3/users", "name=x")
    assert paging.keystone_links(req) == {
        "self": "http://cloud:8774/v3/users", "previous": None, "next": None}


def test_neutron_links_forwards_and_backwards():
    first = request("/v2.0/networks", "limit=2")
    page = paging.neutron_requested(first.params)
    assert paging.neutron_links(first, NETWORK, "/networks", ["n1", "n2"], page) == [{
        "rel": "next", "href": "http://cloud:8774/v2.0/networks?limit=2&marker=n2"}]
    middle = request("/v2.0/networks", "limit=2&marker=n2")
    page = paging.neutron_requested(middle.params)
    assert [link["rel"] for link in paging.neutron_links(
        middle, NETWORK, "/networks", ["n3", "n4"], page)] == ["next", "previous"]
    previous = paging.neutron_links(middle, NETWORK, "/networks", ["n3"], page)
    assert previous == [{"rel": "previous", "href": "http://cloud:8774/v2.0/networks"
                         "?limit=2&marker=n3&page_reverse=True"}]
    back = request("/v2.0/networks", "limit=2&marker=n3&page_reverse=True")
    page = paging.neutron_requested(back.params)
    assert page.reverse
    assert paging.neutron_links(back, NETWORK, "/networks", ["n1", "n2"], page) == [
        {"rel": "next", "href": "http://cloud:8774/v2.0/networks?limit=2&marker=n2"},
        {"rel": "previous", "href": "http://cloud:8774/v2.0/networks"
         "?limit=2&marker=n1&page_reverse=True"}]


def test_a_root_builds_self_and_bookmark_links():
    req = request("/v2.1/servers/1")
    assert COMPUTE.self_and_bookmark(req, "/servers/1") == [
        {"rel": "self", "href": "http://cloud:8774/v2.1/servers/1"},
        {"rel": "bookmark", "href": "http://cloud:8774/servers/1"}]
    assert links.quoted("a/b c") == "a%2Fb%20c"


def test_a_neutron_page_is_unlimited_unless_asked_and_reads_page_reverse():
    assert paging.neutron_requested({}) == paging.Page(limit=None)
    assert paging.neutron_requested({"limit": "0"}).limit is None
    assert paging.neutron_requested({"limit": ""}).limit is None
    assert paging.neutron_requested({"limit": ["9", "2"], "marker": "m",
                                     "page_reverse": "T"}) == \
        paging.Page(limit=2, marker="m", reverse=True)
    assert not paging.neutron_requested({"page_reverse": "off"}).reverse
    for query in ({"limit": "x"}, {"limit": "-1"}, {"page_reverse": "maybe"}):
        with pytest.raises(exceptions.BadRequest):
            paging.neutron_requested(query)


def test_neutron_sort_pairs_keys_with_directions_and_ends_a_page_with_id():
    assert paging.neutron_sort({}, paged=False) == []
    assert paging.neutron_sort({}, paged=True) == [("id", "asc")]
    assert paging.neutron_sort({"sort_key": ["name", "mtu"]}, paged=False) == [
        ("name", "asc"), ("mtu", "asc")]
    assert paging.neutron_sort({"sort_key": ["name", "id"], "sort_dir": ["desc", "desc"]},
                               paged=True) == [("name", "desc"), ("id", "desc")]
    for query in ({"sort_dir": "desc"}, {"sort_key": "name", "sort_dir": "up"},
                  {"sort_key": "name", "sort_dir": ["asc", "desc"]}):
        with pytest.raises(exceptions.BadRequest):
            paging.neutron_sort(query, paged=False)


def test_a_page_of_items_in_order_reads_after_or_before_its_marker():
    items = paging.in_order([{"id": i, "name": name} for i, name in
                             (("c", "x"), ("a", None), ("b", "x"), ("d", "w"))],
                            [("name", "asc"), ("id", "asc")])
    assert [item["id"] for item in items] == ["a", "d", "b", "c"]
    assert paging.page_of(items, paging.Page(2)) == (items[:2], True)
    assert paging.page_of(items, paging.Page(2, "d")) == (items[2:], False)
    assert paging.page_of(items, paging.Page(2, "c", reverse=True)) == (items[1:3], True)
    assert paging.page_of(items, paging.Page(None, "d")) == (items[2:], False)
    with pytest.raises(exceptions.NotFound):
        paging.page_of(items, paging.Page(2, "gone"))


def test_neutron_links_know_when_nothing_lies_ahead():
    req = request("/v2.0/networks", "limit=2&marker=n2")
    page = paging.neutron_requested(req.params)
    assert [link["rel"] for link in paging.neutron_links(
        req, NETWORK, "/networks", ["n3", "n4"], page, more=False)] == ["previous"]
    unlimited = request("/v2.0/networks", "marker=n2")
    assert paging.neutron_links(unlimited, NETWORK, "/networks", ["n3"],
                                paging.neutron_requested(unlimited.params)) == []
