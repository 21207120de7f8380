"""Repository of instance actions and their events (os-instance-actions)."""
from __future__ import annotations

import traceback as traceback_module

from sqlalchemy import select

from onestack.common import exceptions
from onestack.db import models
from onestack.db.engine import reader, transaction


def start(ctx, instance_uuid: str, action: str) -> int:
    """Record that an action was asked for; returns its id."""
    row = models.InstanceAction(action=action, instance_uuid=instance_uuid,
                                request_id=ctx.request_id, user_id=ctx.user_id,
                                project_id=ctx.project_id)
    with transaction() as session:
        session.add(row)
    return row.id


def finish(action_id: int, message: str | None = None) -> None:
    with transaction() as session:
        row = session.get(models.InstanceAction, action_id)
        if row is not None:
            row.finish_time = models.utcnow()
            if message:
                row.message = message[:255]


def event_start(action_id: int, event: str, host: str | None) -> int:
    row = models.InstanceActionEvent(action_id=action_id, event=event, host=host)
    with transaction() as session:
        session.add(row)
        action = session.get(models.InstanceAction, action_id)
        if action is not None:
            action.updated_at = models.utcnow()
    return row.id


def event_finish(event_id: int, error: BaseException | None = None) -> None:
    with transaction() as session:
        row = session.get(models.InstanceActionEvent, event_id)
        if row is None:
            return
        row.finish_time = models.utcnow()
        row.result = "Error" if error else "Success"
        if error is not None:
            row.details = str(error)[:255]
            row.traceback = "".join(traceback_module.format_exception(error))
        action = session.get(models.InstanceAction, row.action_id)
        if action is not None:
            action.updated_at = models.utcnow()
            if error is not None:
                action.message = "Error"


def list_for_instance(instance_uuid: str, changes_since=None, changes_before=None):
    query = (select(models.InstanceAction)
             .where(models.InstanceAction.instance_uuid == instance_uuid)
             .order_by(models.InstanceAction.start_time.desc(),
                       models.InstanceAction.id.desc()))
    if changes_since is not None:
        query = query.where(models.InstanceAction.updated_at >= changes_since)
    if changes_before is not None:
        query = query.where(models.InstanceAction.updated_at <= changes_before)
    with reader() as session:
        return list(session.scalars(query))


def get_by_request_id(instance_uuid: str, request_id: str):
    with reader() as session:
        row = session.scalar(select(models.InstanceAction).where(
            models.InstanceAction.instance_uuid == instance_uuid,
            models.InstanceAction.request_id == request_id))
        if row is None:
            raise exceptions.NotFound(f"Action for request_id {request_id} on "
                                      f"instance {instance_uuid} not found")
        events = list(session.scalars(select(models.InstanceActionEvent).where(
            models.InstanceActionEvent.action_id == row.id)
            .order_by(models.InstanceActionEvent.start_time)))
    return row, events
