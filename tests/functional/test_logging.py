"""Logging through oslo.log: a log config file with [logger_onestack], as the seed
describes for nova, and one line per API request with its request id."""
import requests

from tests.support.processes import Processes, start_identity_api, wait_for

LOGGING_INI = """[loggers]
keys = root, onestack

[handlers]
keys = file

[formatters]
keys = plain

[logger_root]
level = WARNING
handlers = file

[logger_onestack]
level = INFO
handlers = file
propagate = 0
qualname = onestack

[handler_file]
class = FileHandler
args = ('{path}',)
formatter = plain

[formatter_plain]
format = %(levelname)s %(name)s %(message)s
"""


def test_log_config_file_and_request_lines(cloud, tmp_path):
    log_path = tmp_path / "onestack.log"
    ini = tmp_path / "logging.conf"
    ini.write_text(LOGGING_INI.format(path=log_path))
    processes = Processes(str(tmp_path))
    try:
        url = start_identity_api(cloud, processes, tmp_path,
                                 f"log_config_append = {ini}")
        reply = requests.get(url + "/v3/projects")
        assert reply.status_code == 401
        request_id = reply.headers["X-Openstack-Request-Id"]
        wait_for(lambda: request_id in log_path.read_text(), timeout=10,
                 what="the request line in the log file")
        line = [l for l in log_path.read_text().splitlines() if request_id in l][0]
        assert line.startswith("INFO onestack.wsgi.middleware identity")
        assert '"GET /v3/projects" status: 401' in line
    finally:
        processes.stop_all()
