"""The APIs the process can serve: name -> app factory(conf)."""
from onestack.identity import app as identity_app

APIS = {
    "identity": identity_app.create,
}
