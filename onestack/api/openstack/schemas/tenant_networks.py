"""Request body of os-tenant-networks: a project's own network."""
from onestack.api.openstack.schemas import networks

create = networks.network_body(networks.TENANT_FIELDS)
