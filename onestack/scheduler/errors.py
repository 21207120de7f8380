"""The scheduler's error: no host can take what was asked."""
from onestack.common import exceptions

NO_VALID_HOST = "No valid host was found. "


class NoValidHost(exceptions.BadRequest):
    """Raised with the reason (how many hosts each filter removed); the
    message reads 'No valid host was found. <reason>' as Nova's does."""

    def __init__(self, reason: str = "", headers: dict | None = None):
        message = reason if reason.startswith(NO_VALID_HOST) else NO_VALID_HOST + reason
        super().__init__(message, headers)
        self.reason = message[len(NO_VALID_HOST):]
        self.details: str | None = None  # a few hosts' rejections, for admins
