"""Collection and item resources shared by the identity objects.

A `Kind` says how one kind of object is named, shown, filtered, validated and
checked; `Collection` (list, create) and `Item` (show, update, delete) serve it.
"""
import dataclasses
from typing import Callable

import falcon

from onestack.db import identity as db
from onestack.identity.base import (Resource, bool_param, body_of, collection,
                                    domain_for_create)


@dataclasses.dataclass
class Kind:
    name: str                      # "project": the db kind and the body key
    plural: str                    # "projects"
    view: Callable                 # (req, row) -> dict
    create_schema: dict
    update_schema: dict
    filters: tuple = ("name",)
    bool_filters: tuple = ()
    # projects and users live in a domain: listing is checked against the
    # domain listed (a domain-scoped token lists its own), creation against
    # the new object's domain
    in_domain: bool = False
    # hooks: turn a validated body into column values; run after a change
    prepare_create: Callable = lambda conf, req, body: body
    prepare_update: Callable = lambda conf, req, row, body: body
    after_update: Callable = lambda conf, row, body: None
    before_delete: Callable = lambda conf, row: None


class Collection(Resource):
    def __init__(self, conf, kind: Kind):
        super().__init__(conf)
        self.kind = kind

    def on_get(self, req, resp):
        filters = {name: req.get_param(name) for name in self.kind.filters}
        filters.update({name: bool_param(req, name) for name in self.kind.bool_filters})
        target = {}
        if self.kind.in_domain:
            filters["domain_id"] = req.context.ctx.domain_id or filters["domain_id"]
            target["target.domain_id"] = filters["domain_id"]
        self.authorize(req, f"list_{self.kind.plural}", **target)
        rows = db.list_(self.kind.name, **filters)
        resp.media = collection(req, self.kind.plural,
                                [self.kind.view(req, row) for row in rows])

    def on_post(self, req, resp):
        body = body_of(req, self.kind.name, self.kind.create_schema)
        target = {}
        if self.kind.in_domain:
            target[f"target.{self.kind.name}.domain_id"] = \
                domain_for_create(self.conf, req, body)
        self.authorize(req, f"create_{self.kind.name}", **target)
        values = self.kind.prepare_create(self.conf, req, dict(body))
        row = db.create(self.kind.name, **values)
        resp.status = falcon.HTTP_201
        resp.media = {self.kind.name: self.kind.view(req, row)}


class Item(Resource):
    def __init__(self, conf, kind: Kind):
        super().__init__(conf)
        self.kind = kind

    def _target(self, row) -> dict:
        target = {f"target.{self.kind.name}.id": row.id}
        for column in ("domain_id", "user_id", "name"):
            if hasattr(row, column):
                target[f"target.{self.kind.name}.{column}"] = getattr(row, column)
        return target

    def on_get(self, req, resp, **params):
        object_id = params[f"{self.kind.name}_id"]
        row = db.get(self.kind.name, object_id)
        self.authorize(req, f"get_{self.kind.name}", **self._target(row))
        resp.media = {self.kind.name: self.kind.view(req, row)}

    def on_patch(self, req, resp, **params):
        object_id = params[f"{self.kind.name}_id"]
        row = db.get(self.kind.name, object_id)
        self.authorize(req, f"update_{self.kind.name}", **self._target(row))
        body = body_of(req, self.kind.name, self.kind.update_schema)
        values = self.kind.prepare_update(self.conf, req, row, dict(body))
        updated = db.update(self.kind.name, object_id, **values)
        self.kind.after_update(self.conf, updated, body)
        resp.media = {self.kind.name: self.kind.view(req, updated)}

    def on_delete(self, req, resp, **params):
        object_id = params[f"{self.kind.name}_id"]
        row = db.get(self.kind.name, object_id)
        self.authorize(req, f"delete_{self.kind.name}", **self._target(row))
        self.kind.before_delete(self.conf, row)
        db.delete_(self.kind.name, object_id)
        resp.status = falcon.HTTP_204


def routes(prefix: str, kind: Kind):
    return ((prefix, lambda conf: Collection(conf, kind)),
            (prefix + "/{" + kind.name + "_id}", lambda conf: Item(conf, kind)))
