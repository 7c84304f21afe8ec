"""What Tandem signs and publishes, as JSON: the school's DID document (did:web), an Open
Badges 3.0 OpenBadgeCredential, a CLR 2.0 ClrCredential and the BitstringStatusListCredential.

The issuer is the school as `did:web:<host>:s:<school id>`, resolved at
`https://<host>/s/<school id>/did.json`. The school's id, not its slug: a slug can change, and
a DID that moves would orphan every credential already issued.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import bitstring, keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
DID_CONTEXTS = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/suites/jws-2020/v1",
    "https://w3id.org/security/multikey/v1",
]


def site_url(path: str = "") -> str:
    return settings.SITE_URL + path


def did_host() -> str:
    """SITE_URL's host, with a port's colon percent-encoded as did:web asks."""
    return quote(urlsplit(settings.SITE_URL).netloc, safe="")


def school_did(school) -> str:
    return f"did:web:{did_host()}:s:{school.pk}"


def key_id(key) -> str:
    return f"{school_did(key.school)}#{key.fragment}"


def status_list_url(status_list) -> str:
    return site_url(
        reverse(
            "credentials:status_list",
            kwargs={"school_key": str(status_list.school_id), "list_number": status_list.number},
        )
    )


def when(moment: datetime) -> str:
    """XML Schema dateTime in UTC, to the second (VC Data Model's validFrom)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile(school) -> dict:
    return {
        "id": school_did(school),
        "type": ["Profile"],
        "name": school.name,
        "url": site_url(reverse("schoolpage:public", kwargs={"school_key": str(school.pk)})),
    }


def did_document(school, signing_keys) -> dict:
    did = school_did(school)
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": keys.public_jwk(key.public_key),
            "publicKeyMultibase": keys.multikey(key.public_key),
            "created": when(key.created_at),
            **({"retired": when(key.retired_at)} if key.retired_at else {}),
        }
        for key in signing_keys
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def subject_id(student) -> str:
    """A stable, opaque id for the student within the school's credentials (no name, no
    student number): the CLR and each badge name the same subject."""
    name = f"{school_did(student.school)}/students/{student.pk}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _identity(student) -> list[dict]:
    return [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": student.display_name,
        }
    ]


def achievement(competency) -> dict:
    """The competency as an OB 3.0 Achievement; a competency from a CASE framework is aligned
    to its CFItem by the CASE identifier."""
    school = competency.school
    found = {
        "id": "urn:uuid:"
        + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{school_did(school)}/competencies/{competency.pk}")),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": competency.statement,
        "description": competency.statement,
        "humanCode": competency.code,
        "criteria": {
            "narrative": _("Rated Mastered by %(school)s on the evidence of the student's work.")
            % {"school": school.name}
        },
    }
    item = competency.framework_item
    if item is not None and item.framework.source == "case":
        found["alignment"] = [
            {
                "type": ["Alignment"],
                "targetType": "CFItem",
                "targetCode": item.identifier,
                "targetName": item.statement[:300],
                "targetFramework": item.framework.title,
                "targetUrl": f"urn:uuid:{item.identifier}"
                if _is_uuid(item.identifier)
                else f"urn:case:{quote(item.identifier, safe='')}",
            }
        ]
        found["otherIdentifier"] = [
            {
                "type": "IdentifierEntry",
                "identifier": item.identifier,
                "identifierType": "identifier",
            }
        ]
    return found


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _claims(credential: dict, moment: datetime, subject: str | None) -> dict:
    """JWT claims beside the credential (VC-JOSE-COSE allows them; OB 3.0 verifiers read them)."""
    claims = {
        "iss": credential["issuer"]["id"]
        if isinstance(credential["issuer"], dict)
        else credential["issuer"],
        "nbf": int(moment.timestamp()),
        "iat": int(moment.timestamp()),
    }
    if credential.get("id"):
        claims["jti"] = credential["id"]
    if subject:
        claims["sub"] = subject
    return credential | claims


def badge_payload(credential_row) -> dict:
    """The OpenBadgeCredential of a Credential row (its status list index already taken)."""
    student = credential_row.student
    school = student.school
    competency = credential_row.competency
    rating = credential_row.rating
    with translation.override(school.language_codes[0]):
        subject = {
            "id": subject_id(student),
            "type": ["AchievementSubject"],
            "identifier": _identity(student),
            "achievement": achievement(competency),
        }
        if rating is not None:
            subject["term"] = rating.term.name
        credential = {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": f"urn:uuid:{credential_row.uuid}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": competency.statement,
            "issuer": issuer_profile(school),
            "validFrom": when(credential_row.issued_at),
            "credentialSubject": subject,
        }
        if rating is not None and rating.evidence_url:
            credential["evidence"] = [
                {
                    "id": rating.evidence_url,
                    "type": ["Evidence"],
                    "name": _("Evidence for %(code)s") % {"code": competency.code},
                }
            ]
    url = status_list_url(credential_row.status_list)
    credential["credentialStatus"] = {
        "id": f"{url}#{credential_row.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential_row.status_index),
        "statusListCredential": url,
    }
    return _claims(credential, credential_row.issued_at, subject["id"])


def clr_payload(student, credentials, moment: datetime | None = None) -> dict:
    """A CLR 2.0 ClrCredential: every badge given (each its exact VC-JWT, enveloped as VC 2.0
    says) and their achievements."""
    moment = moment or timezone.now()
    school = student.school
    with translation.override(school.language_codes[0]):
        name = _("Achievements of %(student)s at %(school)s") % {
            "student": student.display_name,
            "school": school.name,
        }
    credential = {
        "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": name,
        "issuer": issuer_profile(school),
        "validFrom": when(moment),
        "credentialSubject": {
            "id": subject_id(student),
            "type": ["ClrSubject"],
            "identifier": _identity(student),
            "achievement": [achievement(c.competency) for c in credentials],
            "verifiableCredential": [
                {
                    "@context": VC_CONTEXT,
                    "id": f"data:application/vc+jwt,{c.jwt}",
                    "type": "EnvelopedVerifiableCredential",
                }
                for c in credentials
            ],
        },
    }
    return _claims(credential, moment, subject_id(student))


def status_list_payload(status_list, revoked: list[int]) -> dict:
    url = status_list_url(status_list)
    credential = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": school_did(status_list.school),
        "validFrom": when(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": bitstring.encode(revoked, status_list.size),
        },
    }
    return _claims(credential, status_list.updated_at, None)
