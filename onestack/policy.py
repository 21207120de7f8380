"""Policy enforcement with oslo.policy: defaults in code, overridable by the
operator's policy.yaml or policy.json ([oslo_policy] policy_file)."""
from oslo_policy import policy

from onestack.common import exceptions

# Rules every API's defaults build on. Each API's own building blocks (Nova's
# project personas, Keystone's owner and token subject) are in its policies.
BASE_RULES = [
    policy.RuleDefault("context_is_admin", "role:admin",
                       "Decides who is an administrator: the is_admin:True check "
                       "and every rule:context_is_admin."),
    policy.RuleDefault("admin_required", "role:admin",
                       "Administrators (Keystone's name for context_is_admin)."),
    policy.RuleDefault("default", "rule:context_is_admin",
                       "Rule for actions that name no rule of their own."),
]

_enforcers: dict[int, policy.Enforcer] = {}


def _rule_modules():
    # Every API's policies module registers here; explicit, not discovered.
    from onestack.api.neutron import policies as network_policies
    from onestack.api.openstack import policies as compute_policies
    from onestack.identity import policies as identity_policies
    from onestack.image import policies as image_policies
    return (identity_policies, compute_policies, image_policies, network_policies)


def list_rules():
    rules = list(BASE_RULES)
    for module in _rule_modules():
        rules.extend(module.RULES)
    return rules


def get_enforcer(conf) -> policy.Enforcer:
    if id(conf) not in _enforcers:
        enforcer = policy.Enforcer(conf)
        enforcer.register_defaults(list_rules())
        _enforcers[id(conf)] = enforcer
    return _enforcers[id(conf)]


def reset():
    _enforcers.clear()


def allows(conf, context, action: str, target: dict | None = None) -> bool:
    """Whether context may do action on target (default: its own project and
    user); an action with no registered rule is a programming error."""
    target = target if target is not None else {
        "project_id": context.project_id, "user_id": context.user_id}
    # oslo.policy compares text: a None in the target would equal a None in
    # the credentials ("project_id:%(project_id)s" would admit a token without
    # a project to an object without one). A missing key matches nothing.
    target = {key: value for key, value in target.items() if value is not None}
    return get_enforcer(conf).authorize(action, target, context.policy_credentials())


def authorize(conf, context, action: str, target: dict | None = None) -> None:
    """Raise Forbidden (403) unless context may do action on target."""
    if not allows(conf, context, action, target):
        raise exceptions.Forbidden(f"Policy doesn't allow {action} to be performed.")


def is_admin(conf, context) -> bool:
    """The context_is_admin rule for a new context; the auth middleware stores
    it as context.is_admin, which everything after it reads (enforce() stats
    the policy files on every call, so it is not for per-item use)."""
    return get_enforcer(conf).enforce("context_is_admin", {},
                                      context.policy_credentials())
