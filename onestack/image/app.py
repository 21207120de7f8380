"""The image API (port 9292): Glance v2, with Glance's error bodies (error_pages)."""
from onestack.identity import catalog
from onestack.image import versions
from onestack.image.error_pages import ErrorPages
from onestack.image.v2 import (image_actions, image_data, image_members, image_tags,
                               image_tasks, images, schemas)
from onestack.wsgi.app import create_app
from onestack.wsgi.middleware import TrailingSlashIsNotFound

ROUTE_TABLES = (versions.ROUTES, images.ROUTES, image_data.ROUTES, image_actions.ROUTES,
                image_tags.ROUTES, image_tasks.ROUTES, image_members.ROUTES,
                schemas.ROUTES)


def create(conf):
    routes = [(template, factory(conf)) for table in ROUTE_TABLES
              for template, factory in table]
    return create_app(conf, "image", routes, fault_style="glance",
                      auth_uri=catalog.url_for(conf, "identity"),
                      first_middleware=[TrailingSlashIsNotFound()],
                      extra_middleware=[ErrorPages()], project_scoped=True)
