"""`onestack COMMAND`: all, api, scheduler, compute, network, volume, manage."""
import sys

from onestack.cmd import all as all_cmd
from onestack.cmd import api, compute, manage, network, scheduler, volume

COMMANDS = {"all": all_cmd.main, "api": api.main, "scheduler": scheduler.main,
            "compute": compute.main, "network": network.main,
            "volume": volume.main, "manage": manage.main}

USAGE = ("usage: onestack {" + ",".join(COMMANDS) + "} [--config-file FILE] ...\n"
         "  all        every enabled API and service in one process\n"
         "  api        the HTTP APIs only\n"
         "  scheduler, compute, network, volume   one service\n"
         "  manage     administration (db sync, bootstrap, service list, ...)\n")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(USAGE)
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
