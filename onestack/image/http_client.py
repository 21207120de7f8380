"""Image data sent to and read from the image API over HTTP, with the
caller's token: how a compute host, which may be another machine than the
image service's and does not share its store, uploads a snapshot and fills
its image cache."""
from __future__ import annotations

import hashlib
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


def _connection(conf):
    url = urllib.parse.urlsplit(catalog.endpoint_url("image", "internal",
                                                     conf.region_name))
    connection_class = http.client.HTTPSConnection if url.scheme == "https" \
        else http.client.HTTPConnection
    return url, connection_class(url.hostname, url.port, timeout=TIMEOUT)


def download(conf, ctx, image: dict, path: str) -> None:
    """GET the data of image (as the image API shows it) into the file at
    path, checked against its checksum and os_hash_value; OnestackError if
    it cannot be read or does not match (path is then removed)."""
    url, connection = _connection(conf)
    md5 = hashlib.md5(usedforsecurity=False)
    algorithm = image.get("os_hash_algo")
    multihash = hashlib.new(algorithm) if algorithm and image.get("os_hash_value") \
        else None
    try:
        connection.request(
            "GET", f"{url.path.rstrip('/')}/v2/images/{image['id']}/file",
            headers={"X-Auth-Token": ctx.auth_token or "",
                     "X-Openstack-Request-Id": ctx.request_id})
        response = connection.getresponse()
        if response.status != 200:
            raise exceptions.OnestackError(
                f"The image service refused the data of {image['id']}: "
                f"{response.status} {_message(response.read())}")
        with open(path, "wb") as target:
            while chunk := response.read(1 << 20):
                md5.update(chunk)
                if multihash is not None:
                    multihash.update(chunk)
                target.write(chunk)
    except OSError as error:
        _remove(path)
        raise exceptions.OnestackError(
            f"The data of image {image['id']} could not be read: {error}")
    except BaseException:
        _remove(path)
        raise
    finally:
        connection.close()
    if (image.get("checksum") and md5.hexdigest() != image["checksum"]) or \
            (multihash is not None and multihash.hexdigest() != image["os_hash_value"]):
        _remove(path)
        raise exceptions.OnestackError(
            f"The data of image {image['id']} does not match its checksum.")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _message(body: bytes) -> str:
    try:
        document = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:200]
    return str(document)[:200]
