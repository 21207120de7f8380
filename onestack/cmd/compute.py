"""onestack-compute: the compute service as a process of its own (--host NAME sets its host)."""
from onestack.cmd import service_main


def main(argv=None):
    service_main.run("compute", argv)


if __name__ == "__main__":
    main()
