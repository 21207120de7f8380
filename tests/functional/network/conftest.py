"""The networking tests share the compute tests' fixtures: a project of
one's own (`tenant`) and the default image (`image_id`)."""
from tests.functional.compute.conftest import image_id, tenant  # noqa: F401
