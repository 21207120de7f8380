"""`onestack all` ends on SIGTERM however many arrive at once: a burst of
signals (a process group's kill, an impatient operator) once deadlocked it."""
import os
import signal

from tests.support.processes import CloudProcess


def test_a_burst_of_sigterms_stops_onestack_all(tmp_path):
    cloud = CloudProcess(str(tmp_path))
    process = cloud.process
    try:
        for _ in range(5000):  # a stream, so that some arrive inside the handler
            try:
                os.kill(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                break
        assert process.wait(timeout=30) == 0
        assert "Stopping" in cloud.processes.log("all")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
