"""What a browser sees when a request fails: a page in the company's branding and language (or a
neutral one where no company is known), never the API's JSON. An API client (Accept:
application/json, or anything but text/html first) keeps the JSON error."""
from __future__ import annotations

from chalice import Response

HEADINGS = {
    404: ("We could not find this page", "The address may be mistyped, or what it showed is no longer there."),
    401: ("Please sign in", "Your session has ended or you have not signed in on this device."),
    403: ("That did not work", "This form has expired or was not sent from this site. Go back, reload the page and try again."),
    410: ("This link has expired", "Sign in to manage your job tips and your data."),
    413: ("That was too much at once", "Go back and send less."),
    429: ("Too many tries", "Please wait a while and try again."),
}
OTHER_CLIENT_ERROR = ("That did not work", "Go back and try again.")
SERVER_ERROR = ("Something went wrong on our side", "Nothing you did caused it. Please try again in a few minutes.")


def error_page(request, response: Response) -> Response:
    """The page for an error ``response`` to a browser's request (the HTTP middleware calls it)."""
    from chalicelib.companies.service import page_view_of
    from chalicelib.web.render import message_page

    status = response.status_code
    heading, paragraph = SERVER_ERROR if status >= 500 else HEADINGS.get(status, OTHER_CLIENT_ERROR)
    slug = (request.uri_params or {}).get("company")
    try:
        view = page_view_of(slug) if status < 500 else None
    except Exception:  # noqa: BLE001 - an error page must not fail in turn (the company table is what failed)
        view = None
    depth = ((request.context or {}).get("resourcePath") or "/").strip("/").count("/")
    link = {"href": f"{'../' * depth}companies/{slug}/connect", "text": "Go to the Connect page"} if view else None
    kept = {k: v for k, v in response.headers.items() if k.lower() in ("retry-after", "set-cookie")}
    return message_page(heading, [paragraph], status=status, company=view, root="../" * depth, request=request,
                        company_language=view["language"] if view else None, link=link, headers=kept)
