"""First setup of the cloud: the Default domain, admin and demo, roles, the
catalog, the token and credential keys (credentials still in plain text get
encrypted), the openrc files the `openstack` CLI sources, the default image,
flavors and network. Safe to re-run."""
import os
import secrets

from onestack.db import flavors
from onestack.db import identity as db
from onestack.identity import authenticate, catalog, credential_encryption, fernet_keys
from onestack.image import default_image
from onestack.network import api as network_api
from onestack.network import floating_ips as floating_api
from onestack.wsgi import registry

# as keystone-manage bootstrap makes them; manager and service are the
# personas of the newer default policies (and of Tempest)
ROLES = ("admin", "manager", "member", "reader", "service")


def _ensure(kind, lookup: dict, **values):
    row = db.find(kind, **lookup)
    return row if row is not None else db.create(kind, **lookup, **values)


def _ensure_user(conf, name, domain_id, project_id, password):
    row = db.find("user", name=name, domain_id=domain_id)
    if row is not None:
        return row, None
    password = password or secrets.token_urlsafe(12)
    row = db.create("user", name=name, domain_id=domain_id,
                    default_project_id=project_id,
                    password_hash=authenticate.hash_password(conf, password))
    return row, password


def _read_password(path):
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        for line in handle:
            if line.startswith("export OS_PASSWORD="):
                return line.split("=", 1)[1].strip().strip("'\"")
    return None


def _write_openrc(conf, path, user, password, project):
    text = (f"# onestack credentials for {user} in project {project}\n"
            f"export OS_AUTH_URL={catalog.url_for(conf, 'identity')}/v3\n"
            f"export OS_IDENTITY_API_VERSION=3\n"
            f"export OS_USERNAME={user}\n"
            f"export OS_PASSWORD={password}\n"
            f"export OS_PROJECT_NAME={project}\n"
            f"export OS_USER_DOMAIN_NAME=Default\n"
            f"export OS_PROJECT_DOMAIN_NAME=Default\n"
            f"export OS_REGION_NAME={conf.region_name}\n"
            f"export OS_INTERFACE=public\n")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def openrc_path(conf, who: str = "admin") -> str:
    name = "openrc" if who == "admin" else f"{who}-openrc"
    return os.path.join(os.path.abspath(conf.state_path), name)


def run(conf) -> dict:
    """Create what is missing; returns {"admin": path, "demo": path}."""
    os.makedirs(conf.state_path, exist_ok=True)
    fernet_keys.setup(conf.fernet_tokens.key_repository)
    credential_encryption.setup(conf)
    credential_encryption.migrate(conf, plain_only=True)
    domain_id = conf.identity.default_domain_id
    _ensure("domain", {"name": "Default"}, id=domain_id,
            description="The default domain")
    roles = {name: _ensure("role", {"name": name}) for name in ROLES}
    catalog.store(conf, registry.catalog_entries(conf))
    paths = {}
    for who, extra_roles in (("admin", ("admin",)), ("demo", ())):
        project = _ensure("project", {"name": who, "domain_id": domain_id},
                          description=f"Bootstrap project {who}")
        password = (conf.identity.admin_password if who == "admin"
                    else conf.identity.demo_password)
        path = openrc_path(conf, who)
        user, new_password = _ensure_user(conf, who, domain_id, project.id,
                                          password or _read_password(path))
        for role in ("member", "reader") + extra_roles:
            db.add_role(user.id, "project", project.id, roles[role].id)
        if who == "admin":
            db.add_role(user.id, "domain", domain_id, roles["admin"].id)
        known = new_password or _read_password(path)
        if known:
            _write_openrc(conf, path, who, known, who)
        paths[who] = path
    default_image.register(conf)
    flavors.ensure_default_flavors()
    network_api.ensure_default_network(conf)
    floating_api.ensure_default_pool(conf)
    return paths


