"""The wanted state of the all-in-one's network host follows what users do:
a server's address and MAC in dnsmasq's hosts, its security group rules in
its chain, a floating IP's DNAT and SNAT (the seed's lines), and the network
service hands every change to its driver."""
from onestack.network import host_state
from onestack.network.linux import dnsmasq, iptables
from tests.functional.compute.conftest import wait_gone, wait_status
from tests.functional.network.test_floating_ips import make_pool
from tests.support.processes import run, wait_for


def _network_manager(cloud):
    return next(item.manager for item in cloud.started
                if getattr(item, "binary", None) == "onestack-network")


def test_a_servers_network_state_follows_its_rules_and_floating_ip(cloud, tenant,
                                                                   image_id):
    sdk, _ = tenant
    flavor = sdk.compute.find_flavor("m1.tiny")
    server_id = sdk.compute.post("/servers", microversion="2.79", json={"server": {
        "name": "stateful", "imageRef": image_id, "flavorRef": flavor.id,
        "networks": "auto"}}).json()["server"]["id"]
    wait_status(sdk, server_id, "ACTIVE")
    [address] = sdk.compute.get(f"/servers/{server_id}").json()["server"][
        "addresses"]["private"]
    fixed, mac = address["addr"], address["OS-EXT-IPS-MAC:mac_addr"]
    default = next(g for g in sdk.compute.get("/os-security-groups").json()[
        "security_groups"] if g["name"] == "default")
    for protocol, port in (("icmp", -1), ("tcp", 22)):
        sdk.compute.post("/os-security-group-rules", json={"security_group_rule": {
            "parent_group_id": default["id"], "ip_protocol": protocol,
            "from_port": port, "to_port": port, "cidr": "0.0.0.0/0"}})
    pool = make_pool(cloud, "203.0.113.40/31")
    floating = sdk.compute.post("/os-floating-ips", json={"pool": pool}).json()[
        "floating_ip"]["ip"]
    sdk.compute.post(f"/servers/{server_id}/action",
                     json={"addFloatingIp": {"address": floating}})

    state = host_state.compute(cloud.conf, cloud.conf.host)
    [port] = [p for p in state.ports if p.instance_uuid == server_id]
    assert (port.address, port.mac, port.bridge) == (fixed, mac, "br100")
    tables = iptables.render(state)
    nat, filter_ = tables["nat"].splitlines(), tables["filter"].splitlines()
    assert f"-A onestack-PREROUTING -d {floating}/32 -j DNAT --to-destination " \
           f"{fixed}" in nat
    assert f"-A onestack-float-snat -s {fixed}/32 -j SNAT --to-source {floating}" in nat
    chain = f"onestack-in-{port.port_id[:11]}"
    assert f"-A {chain} -p icmp -m icmp --icmp-type any -j ACCEPT" in filter_
    assert f"-A {chain} -p tcp -m tcp --dport 22 -j ACCEPT" in filter_
    # the one dnsmasq of br100 serves every network on it (other tests' too)
    assert f"{mac},stateful.novalocal,{fixed}\n" in dnsmasq.hosts_file(
        dnsmasq.by_bridge(state.dhcp)["br100"])

    # onestack-manage network show-rules prints the same, as iptables-save would
    shown = run("onestack-manage", "--config-file", cloud.config_file, "network",
                "show-rules").stdout.splitlines()
    assert f"-A onestack-PREROUTING -d {floating}/32 -j DNAT --to-destination " \
           f"{fixed}" in shown
    assert f"-A onestack-float-snat -s {fixed}/32 -j SNAT --to-source {floating}" \
        in shown
    assert f"-A {chain} -p tcp -m tcp --dport 22 -j ACCEPT" in shown
    assert f"{mac},stateful.novalocal,{fixed}" in shown
    assert shown.count("COMMIT") == 2

    # the network service converged to that state on its own
    manager = _network_manager(cloud)
    wait_for(lambda: manager.driver.applied == host_state.compute(
        cloud.conf, cloud.conf.host), timeout=30, what="the network host to converge")

    sdk.compute.post(f"/servers/{server_id}/action",
                     json={"removeFloatingIp": {"address": floating}})
    sdk.compute.delete_server(server_id)
    wait_gone(sdk, server_id)

    def left():
        applied = manager.driver.applied
        return all(p.instance_uuid != server_id for p in applied.ports) and \
            all(n.floating != floating for n in applied.floating)
    wait_for(left, timeout=30, what="the server's state to leave the host")
