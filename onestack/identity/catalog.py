"""The service catalog: stored by bootstrap from the served APIs and their
listen settings, read into tokens."""
from onestack.common import exceptions
from onestack.conf import api as api_conf
from onestack.db import identity as db

INTERFACES = ("public", "internal", "admin")


def _host_for(conf, interface: str) -> str:
    if interface == "public" and conf.public_endpoint_host:
        return conf.public_endpoint_host
    return conf.my_ip


def url_for(conf, api: str, interface: str = "public", path: str = "") -> str:
    _, port = api_conf.listen_address(conf, api)
    host = _host_for(conf, interface)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}{path}"


def store(conf, entries) -> None:
    """Make the catalog exactly entries, [(api, wsgi.registry.CatalogEntry)]:
    their endpoints get this configuration's URLs, and services of any other
    type go with their endpoints."""
    wanted = {entry.service_type for _, entry in entries}
    for service in db.list_("service"):
        if service.type not in wanted:
            _delete_endpoints(service.id)
            db.delete_("service", service.id)
    for api, entry in entries:
        service = db.find("service", type=entry.service_type)
        if service is None:
            service = db.create("service", type=entry.service_type, name=entry.name,
                                description=f"onestack {entry.service_type} service")
        _delete_endpoints(service.id)
        for interface in INTERFACES:
            db.create("endpoint", service_id=service.id, interface=interface,
                      region_id=conf.region_name,
                      url=url_for(conf, api, interface, entry.path))


def _delete_endpoints(service_id: str) -> None:
    for endpoint in db.list_("endpoint", service_id=service_id):
        db.delete_("endpoint", endpoint.id)


def endpoint_url(service_type: str, interface: str = "internal",
                 region: str | None = None) -> str:
    """The URL of a service from the stored catalog, as any host of the cloud
    (not only the API host) finds it."""
    for service in db.list_("service"):
        if service.type != service_type or not service.enabled:
            continue
        for endpoint in db.list_("endpoint", service_id=service.id):
            if endpoint.interface == interface and endpoint.enabled and \
                    region in (None, endpoint.region_id):
                return endpoint.url
    raise exceptions.NotFound(f"The catalog has no {interface} {service_type} endpoint.")


def _substitute(url: str, project_id: str | None) -> str | None:
    if "$(project_id)s" in url or "%(project_id)s" in url:
        if not project_id:
            return None
        return url.replace("$(project_id)s", project_id).replace("%(project_id)s", project_id)
    return url


def for_project(project_id: str | None) -> list[dict]:
    """The v3 catalog as a token shows it."""
    catalog = []
    endpoints = db.list_("endpoint")
    for service in db.list_("service"):
        if not service.enabled:
            continue
        entries = []
        for endpoint in endpoints:
            url = _substitute(endpoint.url, project_id)
            if endpoint.service_id != service.id or not endpoint.enabled or url is None:
                continue
            entries.append({"id": endpoint.id, "interface": endpoint.interface,
                            "region": endpoint.region_id,
                            "region_id": endpoint.region_id, "url": url})
        if entries:
            catalog.append({"id": service.id, "type": service.type,
                            "name": service.name, "endpoints": entries})
    return catalog


def v2_from_v3(catalog: list[dict]) -> list[dict]:
    services = []
    for service in catalog:
        by_region: dict[str, dict] = {}
        for endpoint in service["endpoints"]:
            entry = by_region.setdefault(endpoint["region"], {
                "region": endpoint["region"], "id": endpoint["id"]})
            entry[endpoint["interface"] + "URL"] = endpoint["url"]
        services.append({"type": service["type"], "name": service["name"],
                         "endpoints": list(by_region.values()),
                         "endpoints_links": []})
    return services
