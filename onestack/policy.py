"""Policy enforcement with oslo.policy: defaults in code, overridable by the
operator's policy.yaml or policy.json ([oslo_policy] policy_file)."""
from oslo_policy import policy

from onestack.common import exceptions

BASE_RULES = [
    policy.RuleDefault("context_is_admin", "role:admin",
                       "Decides what is an administrator."),
    policy.RuleDefault("admin_required", "role:admin", "Administrators only."),
    policy.RuleDefault("admin_api", "is_admin:True", "Administrators only."),
    policy.RuleDefault("owner", "user_id:%(user_id)s", "The user the target belongs to."),
    policy.RuleDefault("admin_or_owner", "is_admin:True or project_id:%(project_id)s",
                       "Administrators, or members of the target's project."),
    policy.RuleDefault("project_member_or_admin",
                       "rule:admin_api or project_id:%(project_id)s",
                       "Administrators, or members of the target's project."),
    policy.RuleDefault("default", "rule:admin_or_owner",
                       "Rule for actions that name no rule of their own."),
]

_enforcers: dict[int, policy.Enforcer] = {}


def _rule_modules():
    # Every API's policies module registers here; explicit, not discovered.
    from onestack.api.openstack import policies as compute_policies
    from onestack.identity import policies as identity_policies
    from onestack.image import policies as image_policies
    return (identity_policies, compute_policies, image_policies)


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


def authorize(conf, context, action: str, target: dict | None = None) -> None:
    """Raise Forbidden (403) unless context may do action on target."""
    target = target if target is not None else {
        "project_id": context.project_id, "user_id": context.user_id}
    enforcer = get_enforcer(conf)
    try:
        allowed = enforcer.enforce(action, target, context.policy_credentials())
    except policy.PolicyNotRegistered:
        raise exceptions.Forbidden(f"No policy rule named {action}.")
    if not allowed:
        raise exceptions.Forbidden(f"Policy doesn't allow {action} to be performed.")


def is_admin(conf, context) -> bool:
    """The context_is_admin rule for a new context; the auth middleware stores
    it as context.is_admin, which everything after it reads (enforce() stats
    the policy files on every call, so it is not for per-item use)."""
    return get_enforcer(conf).enforce("context_is_admin", {},
                                      context.policy_credentials())
