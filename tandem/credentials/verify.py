"""The public verification: a VC-JWT (pasted, in a JSON file, or baked into a PNG) checked
against the issuer's published keys — retired ones included —, its dates, and its revocation
bit. Only issuers served by this Tandem are resolved (a did:web on this site's host): nothing
is fetched from the network.

The result says what the credential itself carries and nothing else about the student.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from . import baking, bitstring, documents, keys
from .models import SigningKey, StatusList

VALID, REVOKED, INVALID, UNKNOWN_ISSUER, UNREADABLE = (
    "valid",
    "revoked",
    "invalid",
    "unknown_issuer",
    "unreadable",
)
MAX_UPLOAD = 2 * 1024 * 1024
_KID = re.compile(r"^did:web:(?P<host>[^:#]+):s:(?P<school>\d+)#key-(?P<number>\d+)$")


@dataclass
class Check:
    label: str
    ok: bool


@dataclass
class Verification:
    outcome: str
    checks: list[Check] = field(default_factory=list)
    credential: dict | None = None
    key: SigningKey | None = None
    parts: list[Verification] = field(default_factory=list)  # a CLR's badges
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == VALID

    @property
    def types(self) -> list[str]:
        found = (self.credential or {}).get("type") or []
        return [found] if isinstance(found, str) else list(found)

    @property
    def issuer_name(self) -> str:
        issuer = (self.credential or {}).get("issuer")
        return str(issuer.get("name") or issuer.get("id") or "") if isinstance(issuer, dict) else ""

    @property
    def subject(self) -> dict:
        subject = (self.credential or {}).get("credentialSubject")
        return subject if isinstance(subject, dict) else {}

    @property
    def subject_name(self) -> str:
        for entry in self.subject.get("identifier") or []:
            if (
                isinstance(entry, dict)
                and entry.get("identityType") == "name"
                and not entry.get("hashed")
            ):
                return str(entry.get("identityHash") or "")
        return ""

    @property
    def achievements(self) -> list[dict]:
        found = self.subject.get("achievement")
        if isinstance(found, dict):
            return [found]
        return [a for a in found or [] if isinstance(a, dict)]

    @property
    def valid_from(self) -> datetime | None:
        return _moment((self.credential or {}).get("validFrom"))


def _moment(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def token_from_upload(data: bytes) -> str:
    """The VC-JWT in an uploaded file: a baked PNG, our JSON download ({"jwt": …}), a JSON
    string, an enveloped credential, or the token as text."""
    if data.startswith(baking.PNG_SIGNATURE):
        try:
            found = baking.unbake(data)
        except (ValueError, UnicodeDecodeError):
            found = None
        return found or ""
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return ""
    return token_from_text(text)


def token_from_text(text: str) -> str:
    text = (text or "").strip()
    if text.startswith(("{", '"')):
        try:
            parsed = json.loads(text)
        except ValueError:
            return ""
        if isinstance(parsed, str):
            return parsed.strip()
        if isinstance(parsed, dict):
            if isinstance(parsed.get("jwt"), str):
                return parsed["jwt"].strip()
            enveloped = parsed.get("id")
            if isinstance(enveloped, str) and enveloped.startswith("data:application/vc+jwt,"):
                return enveloped.split(",", 1)[1]
        return ""
    return text


def resolve_key(kid) -> SigningKey | None:
    """The key a `kid` names, if it is one of this site's schools' (retired keys included)."""
    found = _KID.match(kid or "") if isinstance(kid, str) else None
    if found is None or found["host"] != documents.did_host():
        return None
    return (
        SigningKey.objects.select_related("school")
        .filter(school_id=int(found["school"]), number=int(found["number"]))
        .first()
    )


def _status_list_of(url, school) -> StatusList | None:
    if not isinstance(url, str) or not url.startswith(documents.site_url("/")):
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.view_name != "credentials:status_list":
        return None
    if match.kwargs.get("school_key") != str(school.pk):
        return None
    return (
        StatusList.objects.select_related("school")
        .filter(school=school, number=match.kwargs["list_number"])
        .first()
    )


def verify_token(token: str, *, now: datetime | None = None, _depth: int = 0) -> Verification:
    now = now or timezone.now()
    try:
        header, payload, signing_input, signature = keys.read(token)
    except keys.BadToken:
        return Verification(UNREADABLE, message=_("This is not a credential Tandem can read."))
    result = Verification(INVALID, credential=payload)
    algorithm_ok = header.get("alg") == keys.ALG and header.get("typ") == keys.TYP
    result.checks.append(Check(_("Signed as a VC-JWT with EdDSA (Ed25519)"), algorithm_ok))
    key = resolve_key(header.get("kid"))
    if key is None:
        result.outcome = UNKNOWN_ISSUER
        result.message = _(
            "The key that signed this credential is not one this site publishes, so it cannot "
            "be checked here."
        )
        return result
    result.key = key
    signature_ok = algorithm_ok and keys.signature_valid(key.public_key, signing_input, signature)
    result.checks.append(Check(_("The signature matches the issuer's published key"), signature_ok))
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    did = documents.school_did(key.school)
    issuer_ok = issuer_id == did and payload.get("iss", did) == did
    result.checks.append(Check(_("The issuer named in it owns that key"), issuer_ok))
    types = result.types
    result.checks.append(Check(_("It is a verifiable credential"), "VerifiableCredential" in types))
    valid_from = _moment(payload.get("validFrom"))
    valid_until = _moment(payload.get("validUntil")) if "validUntil" in payload else None
    dates_ok = (
        valid_from is not None
        and valid_from <= now
        and ("validUntil" not in payload or (valid_until is not None and now < valid_until))
        and (not isinstance(payload.get("nbf"), int) or payload["nbf"] <= now.timestamp())
        and (not isinstance(payload.get("exp"), int) or now.timestamp() < payload["exp"])
    )
    result.checks.append(Check(_("It is valid today (its dates)"), dates_ok))
    if not all(check.ok for check in result.checks):
        return result
    revoked = False
    for entry in _status_entries(payload):
        known, is_set = _status_bit(entry, key.school, now, _depth)
        result.checks.append(Check(_("Its revocation status could be read"), known))
        if not known:
            return result
        revoked = revoked or is_set
    if revoked:
        result.outcome = REVOKED
        result.message = _("The issuer has revoked this credential.")
        return result
    if _depth == 0:
        subject = payload.get("credentialSubject")
        inner = subject.get("verifiableCredential") if isinstance(subject, dict) else None
        for part in inner or []:
            token_inside = token_from_text(json.dumps(part)) if isinstance(part, dict) else ""
            result.parts.append(verify_token(token_inside, now=now, _depth=1))
    result.outcome = VALID
    return result


def _status_entries(payload: dict) -> list[dict]:
    status = payload.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status else []
    return [e for e in entries if isinstance(e, dict)]


def _status_bit(entry: dict, school, now, depth) -> tuple[bool, bool]:
    """(could read it, revoked) for a BitstringStatusListEntry of purpose revocation: the
    status list credential as it is served, itself verified, its bit read."""
    from .services import status_list_jwt

    if entry.get("type") != "BitstringStatusListEntry":
        return False, False
    if entry.get("statusPurpose") != "revocation":
        return False, False
    status_list = _status_list_of(entry.get("statusListCredential"), school)
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return False, False
    if status_list is None or depth > 1:
        return False, False
    listed = verify_token(status_list_jwt(status_list), now=now, _depth=2)
    if not listed.ok:
        return False, False
    try:
        bits = bitstring.decode(listed.subject["encodedList"])
        return True, bitstring.bit(bits, index)
    except (KeyError, ValueError, IndexError, OSError):
        return False, False
