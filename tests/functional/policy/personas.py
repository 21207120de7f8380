"""The personas of today's OpenStack default policies, in a world of their own.

A domain D holds projects A and B. On A: an admin, a manager, a member, a
reader and a user with only the service role; on B: a member (the "other"
project's member); on D itself: a manager with a domain-scoped token. Each
persona has a keystoneauth session (real tokens from the identity API) and
the request context the APIs build from that token.
"""
from __future__ import annotations

import dataclasses
import uuid

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from onestack import policy
from onestack.identity import tokens
from tests.support.compute_http import Compute
from tests.support.processes import wait_for

PASSWORD = "persona-secret"
PROJECT_PERSONAS = ("admin", "manager", "member", "reader", "service")
ALL = PROJECT_PERSONAS + ("other", "domain_manager")


@dataclasses.dataclass
class Persona:
    name: str
    user_id: str
    project_id: str | None   # None for the domain-scoped manager
    session: ks_session.Session
    context: object
    username: str = ""


@dataclasses.dataclass
class World:
    domain_id: str
    project_a: str
    project_b: str
    personas: dict
    stranger_project: str   # objects of no persona: the bootstrap demo's
    stranger_user: str

    def __getitem__(self, name: str) -> Persona:
        return self.personas[name]


def _session(cloud, username: str, user_domain: str, **scope) -> ks_session.Session:
    return ks_session.Session(auth=v3.Password(
        auth_url=cloud.auth_url, username=username, password=PASSWORD,
        user_domain_id=user_domain, **scope))


def _context(cloud, session):
    """The context the APIs make of this session's token (roles expanded)."""
    ctx = tokens.context_from_token(cloud.conf, session.get_token())
    ctx.is_admin = policy.is_admin(cloud.conf, ctx)
    return ctx


def make_world(cloud) -> World:
    admin = cloud.sdk()
    tag = uuid.uuid4().hex[:8]
    domain = admin.identity.create_domain(name=f"personas-{tag}")
    a = admin.identity.create_project(name=f"a-{tag}", domain_id=domain.id)
    b = admin.identity.create_project(name=f"b-{tag}", domain_id=domain.id)
    roles = {r.name: r for r in admin.identity.roles()}
    homes = {name: (a, name) for name in PROJECT_PERSONAS}
    homes["other"] = (b, "member")
    personas = {}
    for name, (project, role) in homes.items():
        user = admin.identity.create_user(name=f"{name}-{tag}", password=PASSWORD,
                                          domain_id=domain.id)
        admin.identity.assign_project_role_to_user(project, user, roles[role])
        session = _session(cloud, user.name, domain.id, project_id=project.id)
        personas[name] = Persona(name, user.id, project.id, session,
                                 _context(cloud, session), user.name)
    user = admin.identity.create_user(name=f"dm-{tag}", password=PASSWORD,
                                      domain_id=domain.id)
    admin.identity.assign_domain_role_to_user(domain, user, roles["manager"])
    session = _session(cloud, user.name, domain.id, domain_id=domain.id)
    personas["domain_manager"] = Persona("domain_manager", user.id, None, session,
                                         _context(cloud, session), user.name)
    return World(domain.id, a.id, b.id, personas,
                 admin.identity.find_project("demo").id,
                 admin.identity.find_user("demo").id)


def default_image(cloud) -> str:
    return cloud.sdk().image.find_image(cloud.conf.image.default_image_name).id


def boot(cloud, persona: Persona, name: str, **server) -> str:
    """A server of the persona's project, once it is ACTIVE."""
    compute = Compute(cloud, persona.session)
    reply = compute("POST", "/servers", "2.79", json={"server": {
        "name": name, "imageRef": default_image(cloud), "flavorRef": "1",
        "networks": "none", **server}})
    assert reply.status_code == 202, reply.text
    server_id = reply.json()["server"]["id"]
    wait_for(lambda: compute("GET", f"/servers/{server_id}").json()["server"][
        "status"] == "ACTIVE", timeout=30, interval=0.1, what=f"server {name}")
    return server_id
