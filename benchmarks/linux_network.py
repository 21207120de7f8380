"""The linux network driver on a simulated host (network namespaces this
script makes and removes; root, iproute2, iptables, ipset, dnsmasq and
busybox needed, else it records why it did not run).

    python benchmarks/linux_network.py [--instances 1000] [--seconds 5]

On SQLite, 1,000 instances on one network (10.8.0.0/20), all in one group of
5 rules (icmp, ssh, http, a udp range, and one from the group itself: an
ipset of every member). Measures:
- applying their whole wanted state through the driver into an empty host
  (bridge, ipset, iptables-restore of every chain, dnsmasq with 1,000 static
  leases), then iptables-restore alone of the full rule set on the live
  table (what every change costs), and a whole re-apply; target: the rule
  set applied in under 1 s;
- from a stand-in instance's plug (vif.plug of a namespace into the bridge)
  to its DHCP lease (busybox udhcpc);
- metadata requests per second through the DNAT of 169.254.169.254:80 to
  the metadata API listening inside the namespace: two stand-ins, one
  keep-alive client process each.
Writes benchmarks/results/linux_network.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import textwrap
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from onestack import rpc  # noqa: E402,F401  (selects the threading backend)

from benchmarks import network_rules  # noqa: E402
from benchmarks.scheduler_decision import make_conf  # noqa: E402
from onestack.api.metadata import handler  # noqa: E402
from onestack.common import netns  # noqa: E402
from onestack.db import engine, migration  # noqa: E402
from onestack.network import host_state  # noqa: E402
from onestack.network.linux import driver as linux_driver, iptables  # noqa: E402
from onestack.wsgi import registry, server  # noqa: E402
from tests.support import simulated_host  # noqa: E402

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "linux_network.json"
TARGET_APPLY_MS = 1000.0
COMMAND = "python benchmarks/linux_network.py"
METADATA_CLIENT = textwrap.dedent("""
    import http.client, sys, time
    deadline = time.monotonic() + float(sys.argv[1])
    connection = http.client.HTTPConnection("169.254.169.254", 80, timeout=5)
    done = 0
    while time.monotonic() < deadline:
        connection.request("GET", "/openstack/latest/meta_data.json")
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        done += 1
    print(done)
""")


def populate(conf, count: int) -> None:
    """network_rules' instances, with an egress rule too (5 + 1 rules each)."""
    network_rules.populate(conf, count, extra_rules=({"direction": "egress"},))


def median_ms(times) -> float:
    return round(statistics.median(times) * 1000, 1)


def bench_apply(driver, state, runs: int) -> dict:
    start = time.perf_counter()
    driver.apply(state)
    first = time.perf_counter() - start
    restore, whole = [], []
    for _ in range(runs):
        start = time.perf_counter()
        driver._iptables(state)
        restore.append(time.perf_counter() - start)
        start = time.perf_counter()
        driver.apply(state)
        whole.append(time.perf_counter() - start)
    saved = driver.executor.run(["iptables-save"])
    return {"first_apply_into_an_empty_host_ms": round(first * 1000, 1),
            "iptables_restore_of_the_rule_set_median_ms": median_ms(restore),
            "whole_reapply_median_ms": median_ms(whole),
            "live_rules": sum(1 for line in saved.splitlines()
                              if line.startswith("-A onestack-"))}


def bench_lease(site, state, count: int) -> dict:
    times = []
    for port in state.ports[:count]:
        start = time.perf_counter()
        namespace = site.plug(f"b{port.address.replace('.', '')}", port)
        address, _prefix, _router = site.dhcp(namespace)
        times.append(time.perf_counter() - start)
        assert address == port.address, (address, port.address)
    return {"stand_ins": count, "plug_to_lease_median_ms": median_ms(times),
            "plug_to_lease_max_ms": round(max(times) * 1000, 1)}


def bench_metadata(site, namespaces, seconds: float) -> dict:
    import subprocess
    command = [sys.executable, "-S", "-c", METADATA_CLIENT, str(seconds)]
    start = time.perf_counter()
    clients = [subprocess.Popen(netns.command(ns, command), stdout=subprocess.PIPE,
                                text=True) for ns in namespaces]
    answered = sum(int(client.communicate(timeout=seconds + 30)[0]) for client in clients)
    elapsed = time.perf_counter() - start
    return {"clients": len(namespaces), "requests": answered,
            "requests_per_s": round(answered / elapsed)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--leases", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    missing = [tool for tool in simulated_host.TOOLS if shutil.which(tool) is None]
    if os.geteuid() != 0 or missing:
        why = "not root" if os.geteuid() != 0 else f"missing {', '.join(missing)}"
        result = {"scenario": "linux network driver", "skipped": why, "command": COMMAND}
        print(json.dumps(result, indent=1))
        return
    tmp = tempfile.mkdtemp(prefix="onestack-bench-net-")
    os.chmod(tmp, 0o755)
    site = simulated_host.SimulatedHost(tmp)
    api = None
    try:
        site.build()
        conf = make_conf(tmp)
        for name in ("instances", "cores", "ram", "security_group_rules"):
            conf.set_override(name, -1, group="quota")
        port = 8775
        for name, value in (("network_namespace", site.host), ("public_interface", "pub0"),
                            ("metadata_host", simulated_host.PUBLIC_HOST),
                            ("metadata_port", port), ("my_ip", simulated_host.PUBLIC_HOST)):
            conf.set_override(name, value)
        engine.configure(conf)
        migration.sync()
        populate(conf, args.instances)
        state = host_state.compute(conf, conf.host)
        assert len(state.ports) == args.instances
        rules = sum(1 for text in iptables.render(state).values()
                    for line in text.splitlines() if line.startswith("-A "))
        driver = linux_driver.LinuxDriver(conf, conf.host)
        driver.start()
        applied = bench_apply(driver, state, args.runs)

        sock = netns.bound_socket(site.host, simulated_host.PUBLIC_HOST, port)
        api = server.ApiServer("metadata", handler.create(conf), simulated_host.PUBLIC_HOST,
                               port, registry.APIS["metadata"].server_settings(conf),
                               sock=sock)
        api.start()
        leases = bench_lease(site, state, args.leases)
        metadata = bench_metadata(site, site.namespaces[-2:], args.seconds)
        driver.apply(dataclasses_empty(state))
        driver.stop()
    finally:
        if api is not None:
            api.stop()
        for root, _dirs, files in os.walk(tmp):
            if "pid" in files:  # our dnsmasq, should a step have failed
                with open(os.path.join(root, "pid")) as handle:
                    pid = int(handle.read().strip() or 0)
                if pid and os.path.exists(f"/proc/{pid}"):
                    os.kill(pid, 9)
        site.remove()
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "scenario": f"linux network driver, {args.instances} instances with 5 rules "
                    "each, in a network namespace",
        "rendered_rules": rules, **applied, "target_apply_ms": TARGET_APPLY_MS,
        "met": applied["iptables_restore_of_the_rule_set_median_ms"] < TARGET_APPLY_MS,
        **leases, "metadata_through_dnat": metadata, "cpus": os.cpu_count(),
        "load_before": list(os.getloadavg()), "command": COMMAND}
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


def dataclasses_empty(state):
    """The state of a host that serves nothing: the driver removes it all."""
    import dataclasses
    return dataclasses.replace(state, bridges=(), dhcp=(), ports=(), floating=(),
                               address_sets=(), fixed_ranges=())


if __name__ == "__main__":
    main()
