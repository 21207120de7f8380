"""The personas Neutron's rules are written in, on the shared ones (reader,
member, manager of a project; the administrator of all)."""
from onestack.api.openstack.policies.base import (ADMIN, PROJECT_MEMBER_OR_ADMIN,
                                                  PROJECT_READER_OR_ADMIN, documented)

__all__ = ["ADMIN", "PROJECT_MEMBER_OR_ADMIN", "PROJECT_READER_OR_ADMIN", "documented",
           "READ", "WRITE"]

READ = PROJECT_READER_OR_ADMIN
WRITE = PROJECT_MEMBER_OR_ADMIN
RULES: list = []
