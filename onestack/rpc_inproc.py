"""The in-process oslo.messaging driver: ``transport_url = inproc://``.

Queues live in this module, so every transport of the process sees the same
ones, and they behave like RabbitMQ's: a topic (or topic.server) queue keeps
its messages until a listener consumes it and hands them to its listeners in
turn; a fanout reaches every listener of the topic present at that moment.
Contexts, messages and replies are passed through JSON as they would be over
the wire, so code that works here does not break on RabbitMQ.

Each listener blocks on its own inbox, so a message wakes its consumer at once
(oslo.messaging's ``fake://`` driver polls every 50 ms).
"""
from __future__ import annotations

import collections
import json
import queue
import threading

import oslo_messaging
from oslo_messaging._drivers import base
from oslo_messaging._drivers import common
from oslo_serialization import jsonutils

_WAKE = object()  # put in an inbox to end a blocking poll

_lock = threading.Lock()
_exchanges: dict[str, "_Exchange"] = {}
_live_drivers = 0


def _exchange(name: str) -> "_Exchange":
    with _lock:
        exchange = _exchanges.get(name)
        if exchange is None:
            exchange = _exchanges[name] = _Exchange()
        return exchange


def _wire(value):
    """The value as it arrives after a trip over the wire (as jsonutils.dumps encodes it)."""
    return json.loads(json.dumps(value, default=jsonutils.to_primitive))


class _Queue:
    def __init__(self):
        self.backlog = collections.deque()
        self.consumers: list[_Listener] = []
        self._turn = 0

    def put(self, item):
        if not self.consumers:
            self.backlog.append(item)
            return
        self._turn = (self._turn + 1) % len(self.consumers)
        self.consumers[self._turn].deliver(item)


class _Exchange:
    """Named queues, keyed ("rpc", topic, server or None) or ("notify", topic, pool)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queues: dict[tuple, _Queue] = {}
        self._fanout: dict[str, list[_Listener]] = collections.defaultdict(list)

    def publish(self, key, ctxt, message, reply_q=None):
        with self._lock:
            q = self._queues.get(key)
            if q is None:
                q = self._queues[key] = _Queue()
            q.put((self, key, ctxt, message, reply_q))

    def notify(self, topic, ctxt, message):
        # Kept for every pool that ever listened; dropped if none did, since
        # nothing in this process could ever read it.
        with self._lock:
            for key, q in self._queues.items():
                if key[0] == "notify" and key[1] == topic:
                    q.put((self, key, *_wire((ctxt, message)), None))

    def fanout(self, topic, ctxt, message):
        with self._lock:
            for listener in self._fanout.get(topic, ()):
                listener.deliver((self, None, *_wire((ctxt, message)), None))

    def bind(self, listener, key):
        with self._lock:
            q = self._queues.get(key)
            if q is None:
                q = self._queues[key] = _Queue()
            q.consumers.append(listener)
            while q.backlog:
                q.put(q.backlog.popleft())

    def bind_fanout(self, listener, topic):
        with self._lock:
            self._fanout[topic].append(listener)

    def unbind(self, listener):
        with self._lock:
            for q in self._queues.values():
                if listener in q.consumers:
                    q.consumers.remove(listener)
            for listeners in self._fanout.values():
                if listener in listeners:
                    listeners.remove(listener)


class _Incoming(base.RpcIncomingMessage):
    def __init__(self, listener, item):
        _, _, ctxt, message, self._reply_q = item
        super().__init__(ctxt, message)
        self._listener = listener
        self._item = item

    def reply(self, reply=None, failure=None):
        if self._reply_q is None:
            return
        if failure:
            self._reply_q.put((None, common.serialize_remote_exception(failure)))
        else:
            self._reply_q.put((_wire(reply), None))

    def requeue(self):
        exchange, key, ctxt, message, reply_q = self._item
        if key is None:  # a fanout copy belongs to this listener alone
            self._listener.deliver(self._item)
        else:
            exchange.publish(key, ctxt, message, reply_q)

    def heartbeat(self):
        """Nothing to do: the caller waits on the same process."""


class _Listener(base.PollStyleListener):
    def __init__(self, bindings, fanout_bindings=()):
        super().__init__()
        self._inbox = queue.SimpleQueue()
        self._stopped = False
        self._exchanges = {exchange for exchange, _ in [*bindings, *fanout_bindings]}
        for exchange, topic in fanout_bindings:
            exchange.bind_fanout(self, topic)
        for exchange, key in bindings:
            exchange.bind(self, key)

    def deliver(self, item):
        self._inbox.put(item)

    @base.batch_poll_helper
    def poll(self, timeout=None):
        try:
            # Once stopped, only drain what was already delivered.
            item = self._inbox.get(block=not self._stopped, timeout=timeout)
        except queue.Empty:
            return None
        if item is _WAKE:
            return None
        return _Incoming(self, item)

    def stop(self):
        if self._stopped:
            return
        # Unbound first, so nothing lands in the inbox after the final drain.
        for exchange in self._exchanges:
            exchange.unbind(self)
        self._stopped = True
        self._inbox.put(_WAKE)


class InprocDriver(base.BaseDriver):
    def __init__(self, conf, url, default_exchange=None, allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        global _live_drivers
        self._cleaned = False
        with _lock:
            _live_drivers += 1

    def require_features(self, requeue=False):
        pass  # requeue is supported

    def send(self, target, ctxt, message, wait_for_reply=None, timeout=None,
             call_monitor_timeout=None, retry=None, transport_options=None):
        exchange = _exchange(target.exchange or self._default_exchange)
        if target.fanout:
            exchange.fanout(target.topic, ctxt, message)
            return None
        reply_q = queue.SimpleQueue() if wait_for_reply else None
        ctxt, message = _wire((ctxt, message))
        exchange.publish(("rpc", target.topic, target.server), ctxt, message, reply_q)
        if reply_q is None:
            return None
        try:
            reply, failure = reply_q.get(timeout=timeout)
        except queue.Empty:
            raise oslo_messaging.MessagingTimeout(
                f"No reply on topic {target.topic} within {timeout} s") from None
        if failure is not None:
            raise common.deserialize_remote_exception(failure, self._allowed_remote_exmods)
        return reply

    def send_notification(self, target, ctxt, message, version, retry=None):
        _exchange(target.exchange or self._default_exchange).notify(target.topic, ctxt, message)

    def listen(self, target, batch_size, batch_timeout):
        exchange = _exchange(target.exchange or self._default_exchange)
        keys = [("rpc", target.topic, None)]
        if target.server:
            keys.append(("rpc", target.topic, target.server))
        listener = _Listener([(exchange, key) for key in keys], [(exchange, target.topic)])
        return base.PollStyleListenerAdapter(listener, batch_size, batch_timeout)

    def listen_for_notifications(self, targets_and_priorities, pool, batch_size, batch_timeout):
        bindings = [(_exchange(target.exchange or self._default_exchange),
                     ("notify", f"{target.topic}.{priority}", pool))
                    for target, priority in targets_and_priorities]
        return base.PollStyleListenerAdapter(_Listener(bindings), batch_size, batch_timeout)

    def cleanup(self):
        global _live_drivers
        if self._cleaned:
            return
        self._cleaned = True
        with _lock:
            _live_drivers -= 1
            # Nothing is left in the process to read the queues.
            if _live_drivers == 0:
                _exchanges.clear()
