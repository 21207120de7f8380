"""os-instance_usage_audit_log: no usage audit runs here, so every compute
host is listed as not run for the last completed month."""
import urllib.parse

from tests.functional.compute_admin.support import fault


def test_log_of_the_month_before_a_time(cloud, admin, fixtures):
    host, _, _ = fixtures.host()
    before = urllib.parse.quote("2026-03-15 10:20:30")
    log = admin("GET", f"/os-instance_usage_audit_log/{before}").json()[
        "instance_usage_audit_log"]
    assert (log["period_beginning"], log["period_ending"]) == (
        "2026-02-01 00:00:00", "2026-03-01 00:00:00")
    assert host in log["hosts_not_run"] and cloud.conf.host in log["hosts_not_run"]
    assert log["num_hosts"] == log["num_hosts_not_run"] == len(log["hosts_not_run"])
    assert log["overall_status"] == f"0 of {log['num_hosts']} hosts done. 0 errors."
    january = admin("GET", "/os-instance_usage_audit_log/"
                    + urllib.parse.quote("2026-01-05 00:00:00.5")).json()
    assert january["instance_usage_audit_log"]["period_beginning"] == \
        "2025-12-01 00:00:00"
    latest = admin("GET", "/os-instance_usage_audit_log").json()
    assert latest["instance_usage_audit_logs"]["total_errors"] == 0


def test_bad_time_and_members_are_refused(admin, member):
    assert "Invalid timestamp" in fault(
        admin("GET", "/os-instance_usage_audit_log/invalid_time"), 400)
    fault(member("GET", "/os-instance_usage_audit_log"), 403)
    fault(member("GET", "/os-instance_usage_audit_log/2026-01-01%2000:00:00"), 403)
