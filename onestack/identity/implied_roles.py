"""The roles each role implies, as `keystone-manage bootstrap` chains them:
admin implies manager, manager implies member, member implies reader.

Keystone stores these implications in a table and expands them into every
token's roles; onestack has the one fixed chain and expands it when a token
becomes a request context. So the default policies read as upstream's do
(`role:reader and project_id:%(project_id)s` admits members, managers and
administrators too), and an operator's policy file written for OpenStack
means here what it means there.
"""

IMPLIES = {"admin": "manager", "manager": "member", "member": "reader"}


def effective(names) -> list[str]:
    """The roles named, followed by every role they imply, each once."""
    result = list(dict.fromkeys(names))
    for name in result:  # grows while it is walked: implied roles imply more
        implied = IMPLIES.get(name)
        if implied and implied not in result:
            result.append(implied)
    return result
