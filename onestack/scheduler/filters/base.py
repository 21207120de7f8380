"""The filter interface: a host passes, or fails with a reason."""
from __future__ import annotations

from onestack.scheduler.host_state import HostState
from onestack.scheduler.request import PlacementRequest


class BaseFilter:
    """A test every candidate host must pass; filters hold no state."""

    def applies(self, request: PlacementRequest) -> bool:
        """False when the request asks nothing this filter checks (it then
        passes every host without looking at them)."""
        return True

    def host_passes(self, host: HostState, request: PlacementRequest) -> str | None:
        """None if the host passes; otherwise why it does not, in a phrase."""
        raise NotImplementedError
