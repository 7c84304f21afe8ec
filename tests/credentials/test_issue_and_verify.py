"""Open Badges 3.0 credentials checked by an independent verifier (PyJWT with the key published
in the school's DID document; the status list's bits decoded by hand), never by the code that
signed them."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import jwt as pyjwt
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tandem.credentials import keys, services
from tandem.credentials.models import Credential, SigningKey
from tandem.credentials.verify import INVALID, REVOKED, VALID, verify_token

from .builders import CASE_ID, bit_at, decode_bits, did_document, independent_verify, issue, rate

pytestmark = pytest.mark.django_db
VALID_HEADING = b'<h2 id="result-heading">Valid</h2>'


def fetch_status(client, credential_claims) -> tuple[dict, bytes, object]:
    status = credential_claims["credentialStatus"]
    response = client.get(urlsplit(status["statusListCredential"]).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response, response.content.decode()


def test_a_badge_verifies_with_pyjwt_and_says_what_the_standards_ask(client, cast, settings):
    settings.SITE_URL = "https://tandem.example.org"
    credential = issue(
        cast, cast.student, "COM.1", case=True, evidence_url="https://portfolio.test/essay"
    )
    did_doc = did_document(client, cast.school)
    claims = independent_verify(credential.jwt, did_doc)
    header = pyjwt.get_unverified_header(credential.jwt)
    did = f"did:web:tandem.example.org:s:{cast.school.pk}"
    assert did_doc["id"] == did and header["kid"] == f"{did}#key-1"
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["issuer"]["id"] == claims["iss"] == did
    assert claims["issuer"]["name"] == "Harbor High"
    assert claims["id"] == claims["jti"] == f"urn:uuid:{credential.uuid}"
    assert claims["validFrom"].endswith("Z")
    subject = claims["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == cast.student.display_name
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["humanCode"] == "COM.1"
    assert achievement["name"] and achievement["description"] and achievement["criteria"]
    assert achievement["id"].startswith("urn:uuid:")
    (alignment,) = achievement["alignment"]
    assert alignment["targetType"] == "CFItem" and alignment["targetCode"] == CASE_ID
    assert claims["evidence"][0]["id"] == "https://portfolio.test/essay"
    status = claims["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == "0"
    assert verify_token(credential.jwt).outcome == VALID


def test_a_competency_not_from_case_has_no_alignment(cast):
    credential = issue(cast, cast.student, "ART.1")
    _h, payload, _i, _s = keys.read(credential.jwt)
    assert "alignment" not in payload["credentialSubject"]["achievement"]
    assert "evidence" not in payload


@pytest.mark.parametrize("part", [0, 1, 2])
def test_one_changed_byte_fails(client, cast, part):
    credential = issue(cast, cast.student, "COM.1")
    pieces = credential.jwt.split(".")
    text = pieces[part]
    middle = len(text) // 2
    pieces[part] = text[:middle] + ("A" if text[middle] != "A" else "B") + text[middle + 1 :]
    forged = ".".join(pieces)
    did_doc = did_document(client, cast.school)
    # A header that no longer decodes, names no published key or fails its signature.
    with pytest.raises((pyjwt.exceptions.PyJWTError, ValueError, AssertionError)):
        independent_verify(forged, did_doc)
    assert verify_token(forged).outcome in {INVALID, "unreadable", "unknown_issuer"}
    assert verify_token(forged).outcome != VALID


def test_the_status_list_is_signed_long_enough_and_flips_on_revocation(client, cast):
    first = issue(cast, cast.student, "COM.1")
    second = issue(cast, cast.student, "COM.2")
    did_doc = did_document(client, cast.school)
    claims = independent_verify(second.jwt, did_doc)
    response, token = fetch_status(client, claims)
    listed = independent_verify(token, did_doc)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["issuer"] == did_doc["id"]
    subject = listed["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    bits = decode_bits(subject["encodedList"])
    assert len(bits) * 8 >= 131_072
    index = int(claims["credentialStatus"]["statusListIndex"])
    assert index == 1 and bit_at(bits, index) == 0
    etag = response["ETag"]
    assert client.get(response.wsgi_request.path, HTTP_IF_NONE_MATCH=etag).status_code == 304

    services.credential_revoke(credential=second, by=cast.coordinator, reason="Rated in error")
    again, token = fetch_status(client, claims)
    assert again["ETag"] != etag
    bits = decode_bits(independent_verify(token, did_doc)["credentialSubject"]["encodedList"])
    assert bit_at(bits, 1) == 1 and bit_at(bits, 0) == 0
    assert verify_token(second.jwt).outcome == REVOKED
    assert verify_token(first.jwt).outcome == VALID


def test_the_clr_holds_exactly_the_students_achievements(client, cast):
    issue(cast, cast.student, "COM.1")
    issue(cast, cast.student, "MTH.1")
    revoked = issue(cast, cast.student, "SCI.1")
    services.credential_revoke(credential=revoked, by=cast.coordinator)
    rate(cast, cast.student, "COM.2", "in_progress")
    issue(cast, cast.other_student, "ART.1")
    client.force_login(cast.caregiver.user)
    response = client.get(f"/students/{cast.student.pk}/credentials/clr.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    did_doc = did_document(client, cast.school)
    clr = independent_verify(body["jwt"], did_doc)
    assert clr == body["credential"]
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    assert "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json" in clr["@context"]
    subject = clr["credentialSubject"]
    assert subject["type"] == ["ClrSubject"]
    codes = sorted(a["humanCode"] for a in subject["achievement"])
    assert codes == ["COM.1", "MTH.1"]
    inner = []
    for enveloped in subject["verifiableCredential"]:
        assert enveloped["type"] == "EnvelopedVerifiableCredential"
        inner.append(independent_verify(enveloped["id"].split(",", 1)[1], did_doc))
    assert sorted(c["credentialSubject"]["achievement"]["humanCode"] for c in inner) == codes
    assert {c["credentialSubject"]["id"] for c in inner} == {subject["id"]}
    assert cast.other_student.display_name not in response.content.decode()


def test_an_old_badge_verifies_after_the_key_is_rotated(client, cast):
    old = issue(cast, cast.student, "COM.1")
    services.key_rotate(school=cast.school)
    new = issue(cast, cast.student, "COM.2")
    did_doc = did_document(client, cast.school)
    methods = {m["id"].split("#")[1]: m for m in did_doc["verificationMethod"]}
    assert set(methods) == {"key-1", "key-2"}
    assert "retired" in methods["key-1"] and "retired" not in methods["key-2"]
    assert pyjwt.get_unverified_header(old.jwt)["kid"].endswith("#key-1")
    assert pyjwt.get_unverified_header(new.jwt)["kid"].endswith("#key-2")
    independent_verify(old.jwt, did_doc)
    independent_verify(new.jwt, did_doc)
    assert verify_token(old.jwt).outcome == VALID
    assert SigningKey.objects.filter(school=cast.school, retired_at__isnull=True).count() == 1
    # The status list is now signed with the new key and still reads the old badge's bit.
    services.credential_revoke(credential=old, by=cast.coordinator)
    assert verify_token(old.jwt).outcome == REVOKED


def test_a_key_from_elsewhere_cannot_sign_for_the_school(cast):
    credential = issue(cast, cast.student, "COM.1")
    _h, payload, _i, _s = keys.read(credential.jwt)
    public, sealed = keys.new_keypair()
    forged = keys.sign(
        payload, sealed_private_key=sealed, kid=pyjwt.get_unverified_header(credential.jwt)["kid"]
    )
    assert verify_token(forged).outcome == INVALID


def test_the_baked_badge_carries_the_credential(client, cast):
    credential = issue(cast, cast.student, "COM.1")
    client.force_login(cast.student.user)
    response = client.get(f"/students/{cast.student.pk}/credentials/{credential.pk}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert image.info["openbadgecredential"] == credential.jwt  # Pillow reads the iTXt chunk
    upload = io.BytesIO(response.content)
    upload.name = "badge.png"
    page = client.post("/credentials/verify/", {"upload": upload})
    assert page.status_code == 200
    assert VALID_HEADING in page.content and b"COM.1" in page.content


def test_the_json_download_verifies_on_the_public_page(client, cast):
    credential = issue(cast, cast.student, "COM.1")
    client.force_login(cast.caregiver.user)
    response = client.get(f"/students/{cast.student.pk}/credentials/{credential.pk}.json")
    body = json.loads(response.content)
    assert body["jwt"] == credential.jwt
    assert body["credential"] == keys.read(credential.jwt)[1]
    client.logout()
    upload = io.BytesIO(response.content)
    upload.name = "badge.json"
    page = client.post("/credentials/verify/", {"upload": upload})
    assert VALID_HEADING in page.content
    services.credential_revoke(credential=credential, by=cast.coordinator)
    page = client.post("/credentials/verify/", {"token": credential.jwt})
    assert b"Revoked" in page.content


def test_the_verify_page_says_clearly_what_is_wrong(client, cast):
    assert client.get("/credentials/verify/").status_code == 200
    page = client.post("/credentials/verify/", {"token": "not a credential"})
    assert b"Not readable" in page.content
    page = client.post("/credentials/verify/", {})
    assert b"Paste a credential or choose a file." in page.content


def test_only_a_mastered_competency_gets_a_badge(cast):
    rating = rate(cast, cast.student, "COM.1", "in_progress")
    with pytest.raises(ValidationError):
        services.credential_issue(student=cast.student, competency=rating.competency)
    # The credit report's rule: mastered once, mastered (a later lower rating keeps it).
    rate(cast, cast.student, "COM.1", "mastered", term="Fall")
    rate(cast, cast.student, "COM.1", "in_progress", term="Winter")
    credential = services.credential_issue(student=cast.student, competency=rating.competency)
    assert credential.rating.level == "mastered"
    with pytest.raises(ValidationError):
        services.credential_issue(student=cast.student, competency=rating.competency)


def test_the_school_may_issue_as_soon_as_a_competency_is_mastered(
    cast, django_capture_on_commit_callbacks
):
    services.settings_save(school=cast.school, auto_issue=True)
    with django_capture_on_commit_callbacks(execute=True):
        rate(cast, cast.student, "COM.1", "in_progress")
    assert not Credential.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        rate(cast, cast.student, "COM.1", "mastered")
    credential = Credential.objects.get()
    assert credential.issued_by is None and credential.competency.code == "COM.1"
    # A badge the coordinator revoked is not issued again when the rating is saved again.
    services.credential_revoke(credential=credential, by=cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        rate(cast, cast.student, "COM.1", "mastered")
    assert Credential.objects.count() == 1


def test_the_private_key_is_stored_encrypted(settings, cast):
    credential = issue(cast, cast.student, "COM.1")
    key = credential.signing_key
    seed = keys.unseal(key.private_key)
    assert len(seed) == 32 and keys.b64url(seed) not in key.private_key
    old_secret = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-" * 5
    with pytest.raises(RuntimeError):
        keys.unseal(key.private_key)
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert keys.unseal(key.private_key) == seed
