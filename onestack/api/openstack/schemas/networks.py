"""Request bodies of os-networks (and os-tenant-networks, whose create body
is a subset): Nova's nova-network schemas. The IPv6 and VPN fields are
accepted by the schema so that the API can say clearly that they are not
supported."""
from onestack.api.openstack.schemas import parameter_types as types

CIDR = {"type": "string", "minLength": 1, "maxLength": 43}
IPV4 = {"type": "string", "format": "ipv4"}
IP_ADDRESS = {"type": "string", "minLength": 1, "maxLength": 39}
# a positive integer, or "" for "not given", as nova-network's clients send
POSITIVE_INTEGER_OR_EMPTY = {"type": ["integer", "string"], "pattern": "^[0-9]*$",
                             "minimum": 1, "maximum": 0x7FFFFFFF}
PROJECT_ID = {"type": "string", "minLength": 1, "maxLength": 255,
              "pattern": "^[a-zA-Z0-9-]*$"}
INTERFACE = {"type": "string", "minLength": 1, "maxLength": 255}
LABEL = {"type": "string", "minLength": 1, "maxLength": 255}


def network_body(properties: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "network": {
                "type": "object",
                "properties": properties,
                "required": ["label"],
                "oneOf": [{"required": ["cidr"]}, {"required": ["cidr_v6"]}],
                "additionalProperties": False,
            },
        },
        "required": ["network"],
        "additionalProperties": False,
    }


TENANT_FIELDS = {
    "label": LABEL, "ipam": types.BOOLEAN, "cidr": CIDR, "cidr_v6": CIDR,
    "vlan_start": POSITIVE_INTEGER_OR_EMPTY,
    "network_size": POSITIVE_INTEGER_OR_EMPTY,
    "num_networks": POSITIVE_INTEGER_OR_EMPTY,
}

create = network_body(dict(
    TENANT_FIELDS, project_id=PROJECT_ID, multi_host=types.BOOLEAN, gateway=IPV4,
    gateway_v6=IP_ADDRESS, bridge=INTERFACE, bridge_interface=INTERFACE, dns1=IPV4,
    dns2=IPV4, dhcp_server=IPV4, fixed_cidr=CIDR, allowed_start=IP_ADDRESS,
    allowed_end=IP_ADDRESS, enable_dhcp=types.BOOLEAN, share_address=types.BOOLEAN,
    mtu=POSITIVE_INTEGER_OR_EMPTY, vlan=POSITIVE_INTEGER_OR_EMPTY,
    vpn_start={"type": "string"}))

# POST /os-networks/add: the network to associate with the caller's project
# (null: any free one)
add = {
    "type": "object",
    "properties": {"id": {"type": ["string", "null"], "maxLength": 36}},
    "required": ["id"],
    "additionalProperties": False,
}


def _action(name: str, value: dict) -> dict:
    return {"type": "object", "properties": {name: value}, "required": [name],
            "additionalProperties": False}


# POST /os-networks/{network_id}/action
disassociate = _action("disassociate", {"type": "null"})
disassociate_host = _action("disassociate_host", {"type": "null"})
disassociate_project = _action("disassociate_project", {"type": "null"})
associate_host = _action("associate_host", types.HOST)
