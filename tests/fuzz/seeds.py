"""Bodies known to be accepted, one or more a route: the fuzz suite sends
them whole and with one value changed or removed, which reaches the code
behind validation far more often than bodies drawn from schemas alone."""
from __future__ import annotations

PASSWORD = "fuzz-secret"   # of the users the fuzz suite makes


def compute(ids: dict, image_id: str, flavor_id: str) -> dict:
    server = ids[("compute", "server_id")][0]
    boot = {"server": {"name": "seeded", "imageRef": image_id, "flavorRef": "1",
                       "networks": "none", "metadata": {"k": "v"}, "tags": ["a"],
                       "min_count": 1, "max_count": 1, "key_name": "fuzzed",
                       "description": "d", "user_data": "aGk=",
                       "OS-DCF:diskConfig": "AUTO",
                       "block_device_mapping_v2": [{
                           "boot_index": 0, "uuid": image_id, "source_type": "image",
                           "destination_type": "local"}]},
            "os:scheduler_hints": {"group": ids[("compute", "group_id")][0]}}
    actions = [{"reboot": {"type": "SOFT"}}, {"lock": {"locked_reason": "why"}},
               {"unlock": None}, {"rebuild": {"imageRef": image_id, "name": "r",
                                              "metadata": {"a": "b"},
                                              "OS-DCF:diskConfig": "MANUAL"}},
               {"createBackup": {"name": "b", "backup_type": "daily", "rotation": 1}},
               {"createImage": {"name": "i", "metadata": {"a": "b"}}},
               {"resize": {"flavorRef": flavor_id, "OS-DCF:diskConfig": "AUTO"}},
               {"os-getConsoleOutput": {"length": 5}},
               {"changePassword": {"adminPass": "p"}}, {"os-stop": None},
               {"os-start": None}, {"os-resetState": {"state": "active"}},
               {"injectNetworkInfo": None},
               {"migrate": None}, {"os-migrateLive": {"host": None,
                                                      "block_migration": "auto"}},
               {"evacuate": {}}, {"addFloatingIp": {"address": "192.0.2.1"}},
               {"removeFloatingIp": {"address": "192.0.2.1"}},
               {"removeSecurityGroup": {"name": "default"}},
               {"addSecurityGroup": {"name": "default"}}]
    host = ids[("compute", "host_name")][0]
    secgroup = ids[("compute", "security_group_id")][0]
    network = ids[("compute", "network_id")][0]
    return {
        "POST /v2.1/servers": [boot],
        "PUT /v2.1/servers/{server_id}": [{"server": {"name": "n", "description": "d",
                                                    "OS-DCF:diskConfig": "AUTO"}}],
        "POST /v2.1/servers/{server_id}/action": actions,
        "POST /v2.1/servers/{server_id}/metadata": [{"metadata": {"k2": "v2"}}],
        "PUT /v2.1/servers/{server_id}/metadata": [{"metadata": {"k1": "v"}}],
        "PUT /v2.1/servers/{server_id}/metadata/{key}": [{"meta": {"k1": "v"}}],
        "PUT /v2.1/servers/{server_id}/tags": [{"tags": ["t1", "t2"]}],
        "POST /v2.1/os-server-external-events": [{"events": [{
            "name": "network-changed", "server_uuid": server}]}],
        "POST /v2.1/os-keypairs": [{"keypair": {"name": "seeded", "type": "ssh"}}],
        "POST /v2.1/os-server-groups": [{"server_group": {
            "name": "g", "policy": "anti-affinity",
            "rules": {"max_server_per_host": 2}}}],
        "POST /v2.1/flavors": [{"flavor": {"name": "f", "ram": 64, "vcpus": 1,
                                           "disk": 1, "id": "seeded"}}],
        "PUT /v2.1/flavors/{flavor_id}": [{"flavor": {"description": "d"}}],
        "POST /v2.1/flavors/{flavor_id}/action": [
            {"addTenantAccess": {"tenant": ids[("compute", "project_id")][0]}},
            {"removeTenantAccess": {"tenant": ids[("compute", "project_id")][0]}}],
        "POST /v2.1/flavors/{flavor_id}/os-extra_specs": [{"extra_specs": {"a": "b"}}],
        "PUT /v2.1/flavors/{flavor_id}/os-extra_specs/{key}": [{"k1": "v"}],
        "POST /v2.1/os-aggregates": [{"aggregate": {"name": "a",
                                                    "availability_zone": "z"}}],
        "PUT /v2.1/os-aggregates/{aggregate_id}": [{"aggregate": {"name": "b"}}],
        "POST /v2.1/os-aggregates/{aggregate_id}/action": [
            {"add_host": {"host": host}}, {"remove_host": {"host": host}},
            {"set_metadata": {"metadata": {"a": "b", "c": None}}}],
        "PUT /v2.1/os-quota-sets/{project_id}": [{"quota_set": {"instances": 20,
                                                               "force": True}}],
        "PUT /v2.1/os-quota-class-sets/{class_name}": [{"quota_class_set": {
            "instances": 20}}],
        "PUT /v2.1/os-services/{service_id}": [{"status": "enabled"},
                                                {"host": host, "binary": "nova-compute"}],
        "PUT /v2.1/os-hosts/{host_name}": [{"status": "enable"}],
        "POST /v2.1/os-floating-ips": [{"pool": "fuzzed"}],
        "POST /v2.1/os-floating-ips-bulk": [{"floating_ips_bulk_create": {
            "ip_range": "192.0.2.32/30", "pool": "seeded", "interface": "eth1"}}],
        "PUT /v2.1/os-floating-ips-bulk/{host_name}": [{"ip_range": "192.0.2.32/30"}],
        "POST /v2.1/os-security-groups": [{"security_group": {
            "name": "seeded", "description": "d"}}],
        "PUT /v2.1/os-security-groups/{security_group_id}": [{"security_group": {
            "name": "fuzzed", "description": "changed"}}],
        "POST /v2.1/os-security-group-rules": [{"security_group_rule": {
            "parent_group_id": secgroup, "ip_protocol": "tcp", "from_port": 22,
            "to_port": 22, "cidr": "10.0.0.0/8"}}, {"security_group_rule": {
                "parent_group_id": secgroup, "group_id": secgroup,
                "ip_protocol": "icmp", "from_port": -1, "to_port": -1}}],
        "POST /v2.1/images/{image_id}/metadata": [{"metadata": {"a": "b"}}],
        "PUT /v2.1/images/{image_id}/metadata": [{"metadata": {"a": "b"}}],
        "PUT /v2.1/images/{image_id}/metadata/{key}": [{"meta": {"k1": "v"}}],
        "POST /v2.1/os-networks": [{"network": {
            "label": "n", "cidr": "10.98.0.0/24", "dns1": "10.98.0.1", "mtu": 1400,
            "multi_host": True, "bridge": "br100", "fixed_cidr": "10.98.0.0/25"}}],
        "POST /v2.1/os-networks/add": [{"id": network}],
        "POST /v2.1/os-networks/{network_id}/action": [
            {"disassociate": None}, {"associate_host": host},
            {"disassociate_host": None}, {"disassociate_project": None}],
        "POST /v2.1/os-tenant-networks": [{"network": {"label": "t",
                                                       "cidr": "10.97.0.0/24"}}],
        "POST /v2.1/os-fixed-ips/{fixed_ip}/action": [{"reserve": None},
                                                     {"unreserve": None}],
    }


def identity(ids: dict, victim_user_name: str, victim_project: str) -> dict:
    password_auth = {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": victim_user_name, "domain": {"id": "default"},
                 "password": PASSWORD}}},
        "scope": {"project": {"id": victim_project}}}}
    user = ids[("identity", "user_id")][0]
    return {
        "POST /v3/auth/tokens": [password_auth],
        "POST /v2.0/tokens": [{"auth": {"tenantId": victim_project,
                                        "passwordCredentials": {
                                            "username": victim_user_name,
                                            "password": PASSWORD}}}],
        "POST /v3/domains": [{"domain": {"name": "d", "enabled": True}}],
        "PATCH /v3/domains/{domain_id}": [{"domain": {"description": "d"}}],
        "POST /v3/projects": [{"project": {"name": "p", "tags": ["a"]}}],
        "PATCH /v3/projects/{project_id}": [{"project": {"description": "d"}}],
        "POST /v3/users": [{"user": {"name": "u", "password": "p", "email": "e"}}],
        "PATCH /v3/users/{user_id}": [{"user": {"email": "e"}}],
        "POST /v3/users/{user_id}/password": [{"user": {
            "password": PASSWORD, "original_password": PASSWORD}}],
        "POST /v3/roles": [{"role": {"name": "r"}}],
        "PATCH /v3/roles/{role_id}": [{"role": {"description": "d"}}],
        "POST /v3/credentials": [{"credential": {
            "type": "ec2", "user_id": user, "project_id": victim_project,
            "blob": '{"access": "a", "secret": "s"}'}}],
        "POST /v3/users/{user_id}/credentials/OS-EC2": [{"tenant_id": victim_project}],
    }


def image(ids: dict) -> dict:
    project = ids[("image", "member_id")][0]
    return {
        "POST /v2/images": [{"name": "i", "disk_format": "raw",
                             "container_format": "bare", "tags": ["a"], "k": "v",
                             "visibility": "shared", "min_ram": 1}],
        "PATCH /v2/images/{image_id}": [[{"op": "replace", "path": "/name",
                                          "value": "n"},
                                         {"op": "add", "path": "/k2", "value": "v"}]],
        "POST /v2/images/{image_id}/members": [{"member": project}],
        "PUT /v2/images/{image_id}/members/{member_id}": [{"status": "accepted"}],
    }


def network(ids: dict) -> dict:
    """Bodies the networking API accepts."""
    network_id = ids[("network", "network_id")][0]
    subnet_id = ids[("network", "subnet_id")][0]
    bare = ids[("network", "bare_network_id")][0]
    spare_port = ids[("network", "spare_port_id")][0]
    return {
        "POST /v2.0/networks": [{"network": {"name": "n", "mtu": 1400}},
                                {"networks": [{"name": "a"}, {"name": "b", "mtu": 1400}]},
                                {"network": {"name": "e", "router:external": True}}],
        "PUT /v2.0/networks/{network_id}": [{"network": {"name": "m"}},
                                            {"network": {"router:external": False}}],
        "POST /v2.0/subnets": [
            {"subnet": {"network_id": network_id, "ip_version": 4,
                        "cidr": "10.252.0.0/24"}},
            {"subnets": [{"network_id": bare, "ip_version": 4, "cidr": "10.252.1.0/24",
                          "gateway_ip": None, "allocation_pools": [
                              {"start": "10.252.1.10", "end": "10.252.1.20"}],
                          "host_routes": [{"destination": "10.9.0.0/24",
                                           "nexthop": "10.252.1.5"}],
                          "enable_dhcp": True}]}],
        "PUT /v2.0/subnets/{subnet_id}": [
            {"subnet": {"dns_nameservers": ["10.0.0.53"]}},
            {"subnet": {"gateway_ip": "10.251.0.1", "enable_dhcp": True,
                        "host_routes": [{"destination": "10.9.0.0/24",
                                         "nexthop": "10.251.0.5"}]}}],
        "POST /v2.0/ports": [
            {"port": {"network_id": network_id, "name": "p"}},
            {"port": {"network_id": network_id, "mac_address": "fa:16:3e:0f:0f:0f"}},
            {"ports": [{"network_id": bare, "binding:host_id": "h",
                        "binding:vnic_type": "normal", "binding:profile": {"k": "v"}},
                       {"network_id": network_id, "admin_state_up": False}]}],
        "PUT /v2.0/ports/{port_id}": [
            {"port": {"name": "q"}},
            {"port": {"binding:host_id": "h", "binding:profile": {"a": 1},
                      "fixed_ips": [{"subnet_id": subnet_id}]}}],
        "POST /v2.0/routers": [{"router": {"name": "r"}}],
        "PUT /v2.0/routers/{router_id}": [{"router": {"name": "s"}}],
        "PUT /v2.0/routers/{router_id}/add_router_interface": [
            {"subnet_id": subnet_id}, {"port_id": spare_port}],
        "PUT /v2.0/routers/{router_id}/remove_router_interface": [
            {"subnet_id": subnet_id}, {"port_id": spare_port}],
        "PUT /v2.0/agents/{agent_id}": [{"agent": {"admin_state_up": True,
                                                   "description": "d"}}],
    }


def network_groups_fips_quotas(ids: dict) -> dict:
    """Bodies the networking API's security groups, floating IPs and quotas
    accept."""
    group_id = ids[("network", "group_id")][0]
    return {
        "POST /v2.0/security-groups": [{"security_group": {"name": "g",
                                                           "description": "d"}}],
        "PUT /v2.0/security-groups/{group_id}": [{"security_group": {"name": "h"}}],
        "POST /v2.0/security-group-rules": [{"security_group_rule": {
            "security_group_id": group_id, "direction": "ingress", "protocol": "tcp",
            "port_range_min": 22, "port_range_max": 22,
            "remote_ip_prefix": "10.0.0.0/8"}}],
        "POST /v2.0/floatingips": [{"floatingip": {
            "floating_network_id": ids[("network", "pool_network_id")][0]}}],
        "PUT /v2.0/floatingips/{floating_id}": [{"floatingip": {"port_id": None}}],
        "PUT /v2.0/quotas/{project_id}": [{"quota": {"network": 5, "port": 50}}],
    }
