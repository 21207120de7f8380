import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_configuration_reference_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "config_reference.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_option_has_help():
    from onestack import conf
    missing = [opt.dest for _, opts in conf.list_opts() for opt in opts if not opt.help]
    assert missing == []
