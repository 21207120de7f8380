"""What the networking API's persona matrices and isolation tests share: a
case (one request, one rule), a request as a persona, the persona a rule
refuses or admits, ids filled into paths and bodies, and the check that
another project's id is answered exactly as a missing one."""
from __future__ import annotations

import dataclasses

from tests.functional.policy.intent import LEVEL_OF, THRESHOLD

NOBODY = "00000000-0000-4000-8000-000000000000"


@dataclasses.dataclass
class Case:
    rule: str
    method: str
    path: str                   # formatted with the objects' ids and {unique}
    body: object = None
    foreign: int | None = 404   # the other project's member: None to skip

    @property
    def id(self) -> str:
        return f"{self.method} {self.path} [{self.rule}]"


def request_as(cloud, persona, method, path, body=None):
    return persona.session.request(cloud.url("network") + "/v2.0" + path, method,
                                   json=body, raise_exc=False)


def persona_for(world, case: Case, which: int):
    """The strongest persona case's rule refuses (which=0) or the weakest it
    admits (which=1); None when there is none."""
    name = THRESHOLD[LEVEL_OF[case.rule]][which]
    return world[name] if name else None


def fill(value, ids: dict):
    """value with {name} replaced from ids, in strings, nested dicts and lists; a
    whole "{name}" becomes ids[name] itself (an id, or None)."""
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") \
            and value[1:-1] in ids and "{" not in value[1:-1]:
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    return value


def same_answer(call, theirs: str, missing: str = NOBODY):
    mine, none = call(theirs), call(missing)
    assert mine.status_code == none.status_code, (mine.text, none.text)
    assert mine.text.replace(theirs, "ID") == none.text.replace(missing, "ID")
    return mine
