"""Identity options: [token], [fernet_tokens], [credential], [identity]."""
from oslo_config import cfg

from onestack.conf import groups

token_group = cfg.OptGroup("token", help="Tokens.")
token_opts = [
    cfg.IntOpt("expiration", default=3600, min=1,
               help="Seconds a token stays valid."),
]

fernet_group = cfg.OptGroup("fernet_tokens", help="Fernet key repository.")
fernet_opts = [
    cfg.StrOpt("key_repository", default="$state_path/fernet-keys",
               help="Directory of the fernet keys."),
    cfg.IntOpt("max_active_keys", default=3, min=1,
               help="Keys kept by `onestack-manage fernet rotate`: the "
                    "primary, the staged one and older secondaries."),
]

credential_group = cfg.OptGroup("credential", help=(
    "Credential blobs (EC2 secrets and others) are encrypted at rest with the "
    "keys of this repository, as Keystone does."))
credential_opts = [
    cfg.StrOpt("key_repository", default="$state_path/credential-keys",
               help="Directory of the credential encryption keys; not the "
                    "fernet token keys' directory. `onestack-manage "
                    "credential setup` creates it (bootstrap does too)."),
]

identity_group = cfg.OptGroup("identity", help="Identity service.")
identity_opts = [
    cfg.IntOpt("password_hash_rounds", default=12, min=4, max=31,
               help="bcrypt cost factor for new password hashes."),
    cfg.StrOpt("default_domain_id", default="default",
               help="Domain of v2.0 requests and of names given without one."),
    cfg.StrOpt("admin_password", default=None, secret=True,
               help="Password bootstrap gives the admin user. Default: a "
                    "random one, written to $state_path/openrc."),
    cfg.StrOpt("demo_password", default=None, secret=True,
               help="Password bootstrap gives the demo user. Default: random."),
]


def register(conf):
    groups.register(conf, token_group, token_opts)
    groups.register(conf, fernet_group, fernet_opts)
    groups.register(conf, credential_group, credential_opts)
    groups.register(conf, identity_group, identity_opts)
