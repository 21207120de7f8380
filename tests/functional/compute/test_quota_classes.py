"""os-quota-class-sets: the admin changes every project's default limits."""
from onestack.db import quotas


def test_default_class_changes_defaults(cloud, tenant):
    admin = cloud.sdk()
    _, project = tenant
    shown = admin.compute.get("/os-quota-class-sets/default").json()["quota_class_set"]
    assert shown["id"] == "default" and shown["instances"] == 10
    assert "server_groups" not in shown and "floating_ips" in shown
    newer = admin.compute.get("/os-quota-class-sets/default",
                              microversion="2.57").json()["quota_class_set"]
    assert "server_groups" in newer and "injected_files" not in newer
    try:
        reply = admin.compute.put("/os-quota-class-sets/default",
                                  json={"quota_class_set": {"instances": 7}})
        assert reply.json()["quota_class_set"]["instances"] == 7
        project_quota = admin.compute.get(f"/os-quota-sets/{project.id}").json()
        assert project_quota["quota_set"]["instances"] == 7
        assert quotas.limits(cloud.conf, project.id)["instances"] == 7
    finally:
        quotas.reset_limits(quotas.class_key("default"))
    assert quotas.limits(cloud.conf, project.id)["instances"] == 10


def test_quota_classes_bad_input_and_policy(cloud):
    admin = cloud.sdk()
    bad = admin.compute.put("/os-quota-class-sets/default", raise_exc=False,
                            json={"quota_class_set": {"instances": -5}})
    assert bad.status_code == 400
    unknown = admin.compute.put("/os-quota-class-sets/default", raise_exc=False,
                                json={"quota_class_set": {"bogus": 1}})
    assert unknown.status_code == 400
    demo = cloud.sdk("demo", "demo-secret", "demo")
    assert demo.compute.get("/os-quota-class-sets/default",
                            raise_exc=False).status_code == 403
