"""Image data sent to the image API over HTTP, with the caller's token: how a
compute host, which may be another machine than the image service's and
does not share its store, uploads a snapshot."""
from __future__ import annotations

import http.client
import json
import os
import urllib.parse

from onestack.common import exceptions
from onestack.identity import catalog
from onestack.image.transfer import Gone

TIMEOUT = 600


def upload(conf, ctx, image_id: str, path: str) -> None:
    """PUT the file at path as the data of image_id; Gone when the image was
    deleted meanwhile, OnestackError with the image API's message otherwise."""
    url = urllib.parse.urlsplit(catalog.endpoint_url("image", "internal",
                                                     conf.region_name))
    connection_class = http.client.HTTPSConnection if url.scheme == "https" \
        else http.client.HTTPConnection
    connection = connection_class(url.hostname, url.port, timeout=TIMEOUT)
    try:
        with open(path, "rb") as data:
            connection.request(
                "PUT", f"{url.path.rstrip('/')}/v2/images/{image_id}/file", body=data,
                headers={"X-Auth-Token": ctx.auth_token or "",
                         "Content-Type": "application/octet-stream",
                         "Content-Length": str(os.path.getsize(path)),
                         "X-Openstack-Request-Id": ctx.request_id})
            response = connection.getresponse()
            body = response.read()
    except OSError as error:
        raise exceptions.OnestackError(
            f"The image service could not be reached to upload {image_id}: {error}")
    finally:
        connection.close()
    if response.status in (404, 410):
        raise Gone(f"Image {image_id} was deleted during the upload.")
    if response.status >= 400:
        raise exceptions.OnestackError(
            f"The image service refused the data of {image_id}: {response.status} "
            f"{_message(body)}")


def _message(body: bytes) -> str:
    try:
        document = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:200]
    return str(document)[:200]
