"""Mastered competencies and badges for the credentials tests."""

from __future__ import annotations

import base64
import gzip
import json

import jwt as pyjwt
from django.utils import timezone

from tandem.credentials import services
from tandem.evidence import services as evidence
from tandem.evidence.models import Framework, FrameworkItem
from tandem.plans.models import Competency

CASE_ID = "c5a1e0a8-6f0e-4d38-9c1e-2b7f5e0d9a11"


def competency(school, code, statement=None, *, case=False) -> Competency:
    item = None
    if case:
        framework, _ = Framework.objects.get_or_create(
            school=school,
            identifier="8f0b2c7e-1111-4a5b-9c3d-000000000001",
            defaults={"title": "Harbor Competencies", "source": "case"},
        )
        item, _ = FrameworkItem.objects.get_or_create(
            framework=framework,
            identifier=CASE_ID,
            defaults={"code": code, "statement": statement or f"Statement of {code}"},
        )
    found, _ = Competency.objects.get_or_create(
        school=school,
        code=code,
        defaults={"statement": statement or f"Statement of {code}", "framework_item": item},
    )
    return found


def rate(cast, student, code, level="mastered", *, term="Fall", evidence_url="", case=False):
    return evidence.rating_save(
        student=student,
        competency=competency(student.school, code, case=case),
        term=cast.year.terms.get(name=term),
        level=level,
        rated_on=timezone.localdate(),
        evidence_url=evidence_url,
        by=cast.advisor,
    )


def issue(cast, student, code, **options):
    rating = rate(cast, student, code, **options)
    return services.credential_issue(
        student=student, competency=rating.competency, by=cast.coordinator
    )


def did_document(client, school) -> dict:
    response = client.get(f"/s/{school.pk}/did.json")
    assert response.status_code == 200
    return json.loads(response.content)


def independent_verify(token: str, did_doc: dict) -> dict:
    """PyJWT, not Tandem's code: the key the header's kid names in the published DID document,
    EdDSA only; returns the claims (PyJWT also checks nbf and iat)."""
    header = pyjwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    (method,) = [m for m in did_doc["verificationMethod"] if m["id"] == header["kid"]]
    key = pyjwt.PyJWK(method["publicKeyJwk"], algorithm="EdDSA")
    return pyjwt.decode(token, key.key, algorithms=["EdDSA"], options={"verify_aud": False})


def decode_bits(encoded: str) -> bytes:
    """The W3C Bitstring Status List, decoded here by hand: multibase "u" + base64url, GZIP."""
    assert encoded[0] == "u"
    raw = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))


def bit_at(bits: bytes, index: int) -> int:
    return (bits[index // 8] >> (7 - index % 8)) & 1
