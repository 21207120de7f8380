"""The issue's acceptance path with the real `openstack` CLI, as an operator runs it."""
import json

import pytest

pytestmark = pytest.mark.cli


def _json(result):
    return json.loads(result.stdout)


def test_admin_workflow_with_openstack_cli(cloud):
    token = _json(cloud.cli("token", "issue", "-f", "json"))
    assert token["id"] and token["project_id"]

    catalog = _json(cloud.cli("catalog", "list", "-f", "json"))
    assert {c["Type"] for c in catalog} == cloud.catalog_types
    assert {"identity", "compute", "image", "network"} <= cloud.catalog_types

    project = _json(cloud.cli("project", "create", "cli-project", "-f", "json"))
    assert project["name"] == "cli-project" and project["domain_id"] == "default"
    user = _json(cloud.cli("user", "create", "--password", "s3cret", "--project",
                           "cli-project", "cli-user", "-f", "json"))
    assert user["name"] == "cli-user" and user["default_project_id"] == project["id"]
    cloud.cli("role", "add", "--project", "cli-project", "--user", "cli-user", "member")
    assignments = _json(cloud.cli("role", "assignment", "list", "--user", "cli-user",
                                  "--names", "-f", "json"))
    assert [(a["Role"], a["Project"]) for a in assignments] == [
        ("member", "cli-project@Default")]

    creds = _json(cloud.cli("ec2", "credentials", "create", "-f", "json"))
    assert len(creds["access"]) == 32 and len(creds["secret"]) == 32
    listed = _json(cloud.cli("ec2", "credentials", "list", "-f", "json"))
    assert creds["access"] in {c["Access"] for c in listed}

    env = cloud.cli_env("admin")
    env.update(OS_USERNAME="cli-user", OS_PASSWORD="s3cret", OS_PROJECT_NAME="cli-project")
    as_user = _json(cloud.cli("token", "issue", "-f", "json", env=env))
    assert as_user["project_id"] == project["id"]


def test_demo_user_is_refused_user_create(cloud):
    result = cloud.cli("user", "create", "--password", "x", "not-allowed", who="demo",
                       check=False)
    assert result.returncode != 0
    assert "403" in result.stderr
    assert "identity:create_user" in result.stderr
    users = [u["Name"] for u in _json(cloud.cli("user", "list", "-f", "json"))]
    assert "not-allowed" not in users


def test_demo_user_sees_own_project_only(cloud):
    projects = _json(cloud.cli("project", "list", "-f", "json", who="demo"))
    assert [p["Name"] for p in projects] == ["demo"]
