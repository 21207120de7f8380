"""Errors that reach users, each with its HTTP status.

OnestackError
 +-- BadRequest (400, badRequest)
 |    +-- ValidationError
 +-- NotAuthenticated (401, unauthorized)
 +-- Forbidden (403, forbidden)
 |    +-- OverQuota (403, forbidden)
 +-- NotFound (404, itemNotFound)
 +-- MethodNotAllowed (405)
 +-- NotAcceptable (406)
 +-- Conflict (409, conflictingRequest)
 +-- RequestTooLarge (413, overLimit)
 +-- URITooLong (414)
 +-- UnsupportedMediaType (415)
 +-- HeaderFieldsTooLarge (431)
 +-- FeatureNotSupported (501, notImplemented)
 +-- ServiceUnavailable (503)
      +-- DatabaseUnavailable

The API layer renders each as the fault body of the API that raised it
(Keystone's {"error": ...}, Nova's {"itemNotFound": ...}, ...).
"""
from __future__ import annotations


class OnestackError(Exception):
    code = 500
    title = "Internal Server Error"
    fault_name = "computeFault"  # the key Nova-style fault bodies use
    default_message = "An unexpected error occurred."

    def __init__(self, message: str | None = None, headers: dict | None = None):
        self.message = message or self.default_message
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(OnestackError):
    code = 400
    title = "Bad Request"
    fault_name = "badRequest"
    default_message = "The request is malformed."


class ValidationError(BadRequest):
    pass


class NotAuthenticated(OnestackError):
    code = 401
    title = "Unauthorized"
    fault_name = "unauthorized"
    default_message = "The request you have made requires authentication."


class Forbidden(OnestackError):
    code = 403
    title = "Forbidden"
    fault_name = "forbidden"
    default_message = "You are not authorized to perform the requested action."


class OverQuota(Forbidden):
    pass


class NotFound(OnestackError):
    code = 404
    title = "Not Found"
    fault_name = "itemNotFound"
    default_message = "The resource could not be found."


class MethodNotAllowed(OnestackError):
    code = 405
    title = "Method Not Allowed"
    fault_name = "badMethod"
    default_message = "The method is not allowed for this resource."


class NotAcceptable(OnestackError):
    code = 406
    title = "Not Acceptable"
    fault_name = "notAcceptable"


class Conflict(OnestackError):
    code = 409
    title = "Conflict"
    fault_name = "conflictingRequest"
    default_message = "The request conflicts with the current state of the resource."


class RequestTooLarge(OnestackError):
    code = 413
    title = "Request Entity Too Large"
    fault_name = "overLimit"
    default_message = "The request is larger than the server will accept."


class URITooLong(OnestackError):
    code = 414
    title = "Request-URI Too Long"
    default_message = "The request URI is longer than the server will accept."


class UnsupportedMediaType(OnestackError):
    code = 415
    title = "Unsupported Media Type"
    fault_name = "badMediaType"
    default_message = "The request's media type is not supported."


class HeaderFieldsTooLarge(OnestackError):
    code = 431
    title = "Request Header Fields Too Large"
    default_message = ("The request's header fields are larger than the server "
                       "will accept.")


class FeatureNotSupported(OnestackError):
    code = 501
    title = "Not Implemented"
    fault_name = "notImplemented"
    default_message = "Feature not supported."


class ServiceUnavailable(OnestackError):
    code = 503
    title = "Service Unavailable"
    fault_name = "serviceUnavailable"


class DatabaseUnavailable(ServiceUnavailable):
    """[database] connection names a driver that is missing, or a database
    that does not answer: entry points stop with its one-line message."""
