"""The W3C Bitstring Status List's encoding: index 0 is the most significant (left-most) bit of
the first byte; the bytes are GZIP-compressed and written as multibase base64url ("u", no
padding). GZIP's time field is left at zero so the same bits are always the same text (and the
list's ETag stays put until a bit changes)."""

from __future__ import annotations

import base64
import gzip


def encode(revoked: list[int] | set[int], size: int) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    text = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise IndexError(index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
