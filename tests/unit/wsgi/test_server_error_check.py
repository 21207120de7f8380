"""tests/conftest.py fails a test during which an API answered 500, unless
the test is marked allows_server_errors."""
import pathlib

pytest_plugins = ("pytester",)

CONFTEST = pathlib.Path(__file__).parents[2] / "conftest.py"


def test_a_500_fails_the_test_unless_it_opts_out(pytester):
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile("""
        import pytest
        from onestack.wsgi import faults

        def test_quiet():
            pass

        def test_provokes_one():
            faults.SERVER_ERRORS.record("GET", "/servers", "KeyError('x')")

        @pytest.mark.allows_server_errors
        def test_provokes_one_on_purpose():
            faults.SERVER_ERRORS.record("GET", "/servers", "KeyError('x')")
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "ignore")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*1 request(s) answered 500: *'GET', '/servers', "
                                 "\"KeyError('x')\"*"])
