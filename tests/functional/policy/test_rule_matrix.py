"""Every rule of every API, enforced for every persona on its own objects and
on someone else's (layer a of the persona matrix; test_http_matrix.py is
layer b, over HTTP).

The expectations come from intent.py, never from the rules' check strings.
A rule added to the registry without a line there fails
test_every_rule_has_an_intent.
"""
import pytest

from onestack import policy
from tests.functional.policy.intent import INTENT, LEVEL_OF, LEVELS
from tests.functional.policy.personas import ALL


def test_every_rule_has_an_intent():
    registered = [rule.name for rule in policy.list_rules()]
    listed = [name for names in INTENT.values() for name in names]
    assert len(listed) == len(set(listed)), "a rule is listed twice"
    assert set(registered) == set(listed)


def _target(world, persona, own: bool) -> dict:
    """Every key any rule reads, describing the persona's own objects (its
    project, itself, its domain) or someone else's."""
    if own:
        project = persona.project_id or world.project_a
        user, domain, role = persona.user_id, world.domain_id, "member"
    else:
        project = world.project_a if persona.name == "other" else world.stranger_project
        user, domain, role = world.stranger_user, "default", "admin"
    return {"project_id": project, "owner": project, "member_id": project,
            "visibility": "private", "user_id": user,
            "target.project.id": project, "target.project.domain_id": domain,
            "target.user.id": user, "target.user.domain_id": domain,
            "target.domain.id": domain, "target.domain_id": domain,
            "target.role.name": role, "target.credential.user_id": user,
            "target.token.user_id": user}


@pytest.mark.parametrize("rule", sorted(LEVEL_OF))
def test_rule_admits_exactly_its_personas(cloud, world, rule):
    own_allowed, foreign_allowed = LEVELS[LEVEL_OF[rule]]
    wrong = []
    for name in ALL:
        persona = world[name]
        for own, allowed in ((True, own_allowed), (False, foreign_allowed)):
            expected = name in allowed
            got = policy.allows(cloud.conf, persona.context, rule,
                                _target(world, persona, own))
            if got != expected:
                wrong.append(f"{name} on {'own' if own else 'foreign'}: "
                             f"{'allowed' if got else 'denied'}")
    assert not wrong, f"{rule} ({LEVEL_OF[rule]}): " + "; ".join(wrong)
