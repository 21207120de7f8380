"""The APIs the process can serve: name -> app factory(conf)."""
from onestack.api.openstack import app as compute_app
from onestack.identity import app as identity_app
from onestack.image import app as image_app

APIS = {
    "identity": identity_app.create,
    "image": image_app.create,
    "compute": compute_app.create,
}
