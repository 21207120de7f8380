"""Text no API can store or send: refused on the way in, encoded on the way out.

In: a NUL character in the path or the query (PostgreSQL text cannot hold
one, so a lookup would fail instead of finding nothing). Out: header values
outside ASCII (a Location naming a server tag such as `srv-😀`), which HTTP
cannot carry as they are, are percent-encoded as UTF-8, as a URL would be.
"""
from urllib.parse import quote

from onestack.common import exceptions


def ascii_header(value: str) -> str:
    if value.isascii():
        return value
    return "".join(char if char.isascii() else quote(char, errors="surrogatepass")
                   for char in value)


class SafeText:
    def process_request(self, req, resp):
        if "\x00" in req.path or "%00" in req.query_string:
            raise exceptions.BadRequest("The URL may not contain NUL characters.")

    def process_response(self, req, resp, resource, req_succeeded):
        for name, value in resp.headers.items():
            if not value.isascii():
                resp.set_header(name, ascii_header(value))
