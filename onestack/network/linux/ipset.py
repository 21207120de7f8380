"""The wanted state's address sets (the members of source groups), as
`ipset restore` input that (re)defines each set with exactly its members."""
from __future__ import annotations

from onestack.network.wanted import WantedState


def render(state: WantedState) -> str:
    lines = []
    for address_set in sorted(state.address_sets, key=lambda s: s.name):
        lines += [f"create {address_set.name} hash:ip family inet -exist",
                  f"flush {address_set.name}"]
        lines += [f"add {address_set.name} {address}"
                  for address in address_set.addresses]
    return "".join(line + "\n" for line in lines)
