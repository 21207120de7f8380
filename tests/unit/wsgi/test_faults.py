"""Fault bodies per API family: each family's shape, Neutron's error types,
and the server's early refusals in the API's own shape."""
import pytest

from onestack.common import exceptions
from onestack.wsgi import faults


class NetworkNotFound(exceptions.NotFound):
    neutron_type = "NetworkNotFound"


def test_each_family_renders_its_own_shape():
    error = exceptions.NotFound("Server abc could not be found.")
    assert faults.body("nova", error) == {
        "itemNotFound": {"code": 404, "message": "Server abc could not be found."}}
    assert faults.body("cinder", error) == faults.body("nova", error)
    assert faults.body("keystone", error) == {"error": {
        "code": 404, "title": "Not Found", "message": "Server abc could not be found."}}
    assert faults.body("glance", error) == {
        "code": 404, "title": "Not Found", "message": "Server abc could not be found."}
    assert faults.body("neutron", error) == {"NeutronError": {
        "type": "HTTPNotFound", "message": "Server abc could not be found.",
        "detail": ""}}


def test_a_neutron_error_names_its_type_or_the_http_class_of_its_status():
    assert faults.body("neutron", NetworkNotFound("Network n could not be found.")) \
        == {"NeutronError": {"type": "NetworkNotFound",
                             "message": "Network n could not be found.", "detail": ""}}
    assert faults.neutron_type(exceptions.BadRequest()) == "HTTPBadRequest"
    assert faults.neutron_type(exceptions.Conflict()) == "HTTPConflict"
    assert faults.neutron_type(exceptions.OnestackError()) == "HTTPInternalServerError"


def test_every_api_style_encodes_json_and_metadata_plain_text():
    for name, style in faults.STYLES.items():
        if name == "metadata":
            assert style.media_type.startswith("text/plain")
            assert style.encode(exceptions.NotFound("No such instance.")) == \
                b"404 Not Found\n\nNo such instance.\n"
            continue
        assert style.media_type == "application/json"
        assert b'"code": 400' in style.encode(exceptions.BadRequest()) or \
            name == "neutron"


def test_an_unknown_style_is_refused_naming_the_known_ones():
    with pytest.raises(KeyError, match="neutron"):
        faults.style("quantum")


def test_the_registry_refuses_an_api_with_an_unknown_style():
    from onestack.wsgi import registry
    with pytest.raises(KeyError):
        registry.Api(create=lambda conf: None, fault_style="quantum")


def test_falcon_errors_become_ours_by_status():
    import falcon
    converted = faults.from_falcon_error(falcon.HTTPMethodNotAllowed(["GET"]))
    assert isinstance(converted, exceptions.MethodNotAllowed)
    assert converted.headers["Allow"] == "GET"
