"""Error bodies as Glance's web framework (webob) writes them.

Glance answers an error in JSON only to a client whose Accept header prefers
application/json (openstacksdk sends that), and with an HTML page otherwise:
requests sends `Accept: */*`, and python-glanceclient reads such a page but
fails on a flat JSON error body. The JSON is the "glance" fault body; the page
and the plain text carry the same status and message.
"""
import html

_PAGE = """<html>
 <head>
  <title>{status}</title>
 </head>
 <body>
  <h1>{status}</h1>
  {message}<br /><br />
 </body>
</html>
"""


def _quality(accept: str, offer: str) -> float:
    """q of the most specific range in accept that matches offer (0: none)."""
    kind = offer.split("/")[0]
    best, best_q = -1, 0.0
    for item in accept.split(","):
        media, *params = [part.strip() for part in item.split(";")]
        specificity = {offer: 2, f"{kind}/*": 1, "*/*": 0}.get(media.lower())
        if specificity is None or specificity < best:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        best, best_q = specificity, q
    return best_q


def preferred_type(accept: str | None) -> str:
    """text/html, application/json or text/plain, as webob chooses."""
    if not accept or not accept.strip():
        return "text/html"
    page, document = _quality(accept, "text/html"), _quality(accept, "application/json")
    if page > 0 and page >= document:
        return "text/html"
    return "application/json" if document > 0 else "text/plain"


class ErrorPages:
    """Falcon middleware: re-render error bodies for clients that want no JSON."""

    def process_response(self, req, resp, resource, req_succeeded):
        body = resp.media if resp.text is None else None
        if resp.status_code < 400 or not isinstance(body, dict) or "message" not in body:
            return
        wanted = preferred_type(req.get_header("Accept"))
        if wanted == "application/json":
            return
        status = f"{resp.status_code} {body.get('title', '')}".strip()
        if wanted == "text/html":
            resp.text = _PAGE.format(status=html.escape(status),
                                     message=html.escape(body["message"]))
            resp.content_type = "text/html; charset=UTF-8"
        else:
            resp.text = f"{status}\n\n{body['message']}\n"
            resp.content_type = "text/plain; charset=UTF-8"
