"""Keys and signatures: Ed25519 through `cryptography`, JWS compact serialization (RFC 7515) by
hand — it is three base64url parts and one signature, and doing it here keeps the algorithm
fixed to EdDSA (no "alg": "none", no key confusion). Tests check every token with an
independent verifier (PyJWT).

Private keys are stored encrypted: Fernet (AES-128-CBC with HMAC-SHA256) under a key derived by
HKDF-SHA256 from SECRET_KEY. SECRET_KEY_FALLBACKS are tried on reading, so rotating
SECRET_KEY the Django way keeps the signing keys readable (a rotated key re-seals on the next
school key rotation).
"""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

ALG = "EdDSA"
TYP = "vc+jwt"
_INFO = b"tandem credentials: school signing keys"


class BadToken(ValueError):
    """Not a JWS this module can read (the message says why, for the verification page)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c in text for c in "=+/ \n"):
        raise BadToken("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise BadToken("not base64url") from error


def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _sealer() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(seed: bytes) -> str:
    return _sealer().encrypt(seed).decode("ascii")


def unseal(token: str) -> bytes:
    try:
        return _sealer().decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise RuntimeError(
            "A school's signing key cannot be decrypted: SECRET_KEY changed without the old "
            "value in SECRET_KEY_FALLBACKS."
        ) from error


def new_keypair() -> tuple[str, str]:
    """(public key as base64url, sealed private seed)."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return b64url(public), seal(seed)


def public_jwk(public_key: str, kid: str | None = None) -> dict:
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": public_key}
    if kid:
        jwk["kid"] = kid
    return jwk


_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def multikey(public_key: str) -> str:
    """The key as a Multikey's publicKeyMultibase: base58btc ("z") of 0xed01 + the 32 bytes."""
    data = b"\xed\x01" + b64url_decode(public_key)
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _BASE58[rest] + out
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _canonical(data: dict) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()


def sign(payload: dict, *, sealed_private_key: str, kid: str, typ: str = TYP) -> str:
    header = {"alg": ALG, "kid": kid, "typ": typ}
    signing_input = f"{b64url(_canonical(header))}.{b64url(_canonical(payload))}"
    private = Ed25519PrivateKey.from_private_bytes(unseal(sealed_private_key))
    return f"{signing_input}.{b64url(private.sign(signing_input.encode('ascii')))}"


def read(token: str) -> tuple[dict, dict, bytes, bytes]:
    """(header, payload, signing input, signature) of a JWS compact token, unverified."""
    token = (token or "").strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise BadToken("a JWT has three parts separated by dots")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadToken("the header or payload is not JSON") from error
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise BadToken("the header or payload is not a JSON object")
    return header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), b64url_decode(parts[2])


def signature_valid(public_key: str, signing_input: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(b64url_decode(public_key)).verify(
            signature, signing_input
        )
    except (InvalidSignature, ValueError, BadToken):
        return False
    return True
