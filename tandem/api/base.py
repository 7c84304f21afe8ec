"""The API's machinery: who is calling (a personal access token or the signed-in session), rate
limits, RFC 9457 problem bodies, opaque cursors and ETags. The resources are in v1.py; what a
caller may see is never decided here but by tandem.core.policy and each app's access.py."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseNotModified, JsonResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from tandem.core.policy import staff_schools

from .models import AccessToken, lookup_of, token_hash

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Caller:
    user: object
    token: AccessToken | None

    @property
    def school_ids(self) -> list[int] | None:
        """The schools a token is scoped to (one); None for the session (the policy alone)."""
        return None if self.token is None else [self.token.school_id]


class Problem(Exception):
    def __init__(self, status: int, detail: str = "", headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def problem_response(status: int, detail: str = "", headers: dict | None = None) -> JsonResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    body["detail"] = detail or HTTPStatus(status).description
    response = JsonResponse(body, status=status, content_type=PROBLEM)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def find_token(raw: str) -> AccessToken | None:
    """The live token this string is, or None (unknown, revoked, expired, or its owner no
    longer works at its school)."""
    lookup = lookup_of(raw)
    if lookup is None:
        return None
    token = AccessToken.objects.select_related("user").filter(lookup=lookup).first()
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(raw)):
        return None
    if not token.is_live or token.school_id not in staff_schools(token.user):
        return None
    return token


def rate_limit(key: str) -> None:
    """A fixed window per token (or signed-in person): API_RATE_LIMIT calls a minute."""
    limit = settings.API_RATE_LIMIT
    window = int(timezone.now().timestamp()) // 60
    name = f"api-rate:{key}:{window}"
    cache.add(name, 0, timeout=120)
    try:
        used = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, timeout=120)
        used = 1
    if used > limit:
        retry = 60 - int(timezone.now().timestamp()) % 60
        raise Problem(429, "Too many requests for this token.", {"Retry-After": str(retry)})


class TokenOrSession(HttpBearer):
    """`Authorization: Bearer <token>`, or, with no header, the signed-in session (CSRF checked
    for writes). A read token cannot write."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is not None:
            scheme, _sep, value = header.partition(" ")
            token = find_token(value.strip()) if scheme.lower() == "bearer" else None
            if token is None:
                return None
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            rate_limit(f"t{token.pk}")
            if request.method not in SAFE_METHODS and not token.can_write:
                raise Problem(403, "This token may only read.")
            request.user = token.user
            return Caller(token.user, token)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS:
            refused = check_csrf(request)
            if refused:
                raise Problem(403, "CSRF check failed.")
        rate_limit(f"u{user.pk}")
        return Caller(user, None)

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


class TandemAPI(NinjaAPI):
    """Problem details for every error, an ETag on every 200 GET, and the error responses
    described as application/problem+json in the OpenAPI document."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method == "GET" and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return not_modified
        return response

    # OpenAPI links (v1.LINKS): {(method, path, status): {name: (method, path, parameters)}},
    # paths as the routes write them; parameters are runtime expressions ("$response.body#/id").
    links: dict = {}

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(code) >= 400 and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        prefix = kwargs.get("path_prefix")
        if prefix is None:
            prefix = self.get_root_path(kwargs.get("path_params") or {})
        add_links(schema, self.links, prefix=prefix)
        return schema


def add_links(schema: dict, links: dict, *, prefix: str) -> None:
    """Declare each response's links by the target's operationId (a link to an operation the
    document does not have is a KeyError: a test catches it before a client does)."""
    paths = schema.get("paths", {})

    def operation(method: str, path: str) -> dict:
        return paths[prefix.rstrip("/") + path][method.lower()]

    for (method, path, status), targets in links.items():
        responses = operation(method, path)["responses"]
        response = responses[status if status in responses else str(status)]
        response["links"] = {
            name: {
                "operationId": operation(to_method, to_path)["operationId"],
                "parameters": parameters,
            }
            for name, (to_method, to_path, parameters) in targets.items()
        }


def set_problem_handlers(api: NinjaAPI) -> None:
    def on_problem(request, exc):
        return problem_response(exc.status, exc.detail, exc.headers)

    def on_404(request, exc):
        return problem_response(404, "There is nothing here.")

    def on_auth(request, exc):
        return problem_response(
            401, "A valid token or a signed-in session is needed.", {"WWW-Authenticate": "Bearer"}
        )

    def on_validation(request, exc):
        first = exc.errors[0] if exc.errors else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return problem_response(400, f"{where}: {first.get('msg', 'invalid')}".strip(": "))

    def on_http(request, exc):
        return problem_response(exc.status_code, str(exc))

    api.add_exception_handler(Problem, on_problem)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(AuthenticationError, on_auth)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http)


def not_allowed_as_problem(view):
    """Ninja answers a wrong method with a bare 405; ours is a problem body with Allow."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM:
            return problem_response(405, "", {"Allow": response["Allow"]})
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapped


def utc(moment):
    """An `updated_since` in UTC (a time without an offset is taken as UTC); an offset the
    database cannot hold, or a moment that leaves the calendar in UTC, is a 400."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise Problem(400, "updated_since is out of range.") from error


# Opaque cursors over the primary key (ids only grow, so a page never repeats or skips a row).


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"after:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        label, _sep, pk = text.partition(":")
        if label != "after":
            raise ValueError(text)
        return int(pk)
    except (ValueError, UnicodeDecodeError) as error:
        raise Problem(400, "The cursor is not one this API gave.") from error


def page(queryset, *, cursor: str | None, limit: int) -> dict:
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": encode_cursor(rows[-1].pk) if more else None}
