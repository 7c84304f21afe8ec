"""A school's OpenID Connect client secret, sealed at rest (Fernet: AES-128-CBC with an
HMAC-SHA256 tag) under a key derived from SECRET_KEY by HKDF, so the database or a backup alone
does not give it away. SECRET_KEY_FALLBACKS still open secrets sealed under an old key, so a
rotated SECRET_KEY keeps sign-in working; saving the form again seals it under the new key."""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"tandem.sso.client-secret"


class SealBroken(Exception):
    """The sealed secret cannot be opened with SECRET_KEY or any of its fallbacks."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        raise SealBroken from None
