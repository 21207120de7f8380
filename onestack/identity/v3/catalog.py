"""/v3/services and /v3/endpoints: the stored catalog, read-only."""
from onestack.db import identity as db
from onestack.identity import views
from onestack.identity.base import Resource, collection


class _ReadOnly(Resource):
    kind = plural = ""
    filters: tuple = ()
    view = None

    def on_get(self, req, resp, **params):
        object_id = params.get(f"{self.kind}_id")
        if object_id is None:
            self.authorize(req, f"list_{self.plural}")
            rows = db.list_(self.kind, **{name: req.get_param(name)
                                          for name in self.filters})
            resp.media = collection(req, self.plural, [type(self).view(req, r) for r in rows])
            return
        row = db.get(self.kind, object_id)
        self.authorize(req, f"get_{self.kind}")
        resp.media = {self.kind: type(self).view(req, row)}


class Services(_ReadOnly):
    kind, plural, filters, view = "service", "services", ("type", "name"), views.service


class Endpoints(_ReadOnly):
    kind, plural, view = "endpoint", "endpoints", views.endpoint
    filters = ("service_id", "interface")


ROUTES = (
    ("/v3/services", Services), ("/v3/services/{service_id}", Services),
    ("/v3/endpoints", Endpoints), ("/v3/endpoints/{endpoint_id}", Endpoints),
)
