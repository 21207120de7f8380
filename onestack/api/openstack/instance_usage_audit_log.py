"""/os-instance_usage_audit_log (admin): how far the compute hosts got with
the instance usage audit of the last completed period (a calendar month).

onestack sends no usage notifications, so it runs no usage audit (Nova's
instance_usage_audit, off by default there too): the log lists every compute
host as not run, which is what Nova shows for a cloud that does not audit.
"""
from __future__ import annotations

import datetime

from onestack.api.openstack import base
from onestack.api.openstack.services import COMPUTE
from onestack.common import exceptions
from onestack.db import models, services as service_db

RULE = "os_compute_api:os-instance-usage-audit-log:%s"
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f")


def last_completed_month(before: datetime.datetime):
    end = before.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = (end - datetime.timedelta(days=1)).replace(day=1)
    return start, end


def audit_log(before: datetime.datetime) -> dict:
    start, end = last_completed_month(before)
    hosts = sorted({row.host for row in service_db.list_(binary=COMPUTE)})
    return {"hosts_not_run": hosts, "log": {}, "num_hosts": len(hosts),
            "num_hosts_done": 0, "num_hosts_not_run": len(hosts),
            "num_hosts_running": 0,
            "overall_status": f"0 of {len(hosts)} hosts done. 0 errors.",
            "period_beginning": str(start), "period_ending": str(end),
            "total_errors": 0, "total_instances": 0}


def parse_before(text: str) -> datetime.datetime:
    for pattern in FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise exceptions.BadRequest("Invalid timestamp for date: expected "
                                "'YYYY-MM-DD HH:MM:SS[.ffffff]'.")


class AuditLogs(base.Resource):
    def on_get(self, req, resp):
        self.authorize(req, RULE % "list", {})
        resp.media = {"instance_usage_audit_logs": audit_log(models.utcnow())}


class AuditLog(base.Resource):
    def on_get(self, req, resp, before):
        self.authorize(req, RULE % "show", {})
        resp.media = {"instance_usage_audit_log": audit_log(parse_before(before))}


ROUTES = (
    ("/os-instance_usage_audit_log", lambda conf: AuditLogs(conf)),
    ("/os-instance_usage_audit_log/{before}", lambda conf: AuditLog(conf)),
)
