"""Open Badges 3.0 baking: the credential travels inside its badge image. A PNG carries it in an
iTXt chunk with the keyword `openbadgecredential` (uncompressed, no language tag), whose text is
the VC-JWT, placed before IEND. Reading it back finds that chunk."""

from __future__ import annotations

import io
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        data = png[at + 8 : at + 8 + length]
        if len(data) != length:
            raise ValueError("the PNG image is cut short")
        yield at, kind, data
        at += 12 + length


def bake(png: bytes, credential: str) -> bytes:
    """The image with the credential in it (any credential baked before is replaced)."""
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential.encode("utf-8")
    out = io.BytesIO()
    out.write(PNG_SIGNATURE)
    for at, kind, data in _chunks(png):
        if kind == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD:
            continue
        if kind == b"IEND":
            out.write(_chunk(b"iTXt", itxt))
        out.write(png[at : at + 12 + len(data)])
    return out.getvalue()


def unbake(png: bytes) -> str | None:
    """The credential baked into the image, or None."""
    for _at, kind, data in _chunks(png):
        if kind != b"iTXt":
            continue
        keyword, _sep, rest = data.partition(b"\0")
        if keyword != KEYWORD or len(rest) < 2:
            continue
        compressed, rest = rest[0], rest[2:]  # flag, method
        _language, _sep, rest = rest.partition(b"\0")
        _translated, _sep, text = rest.partition(b"\0")
        if compressed:
            text = zlib.decompress(text)
        return text.decode("utf-8")
    return None


def badge_image(code: str) -> bytes:
    """A plain round badge with the competency's code, drawn with Pillow (a matplotlib
    dependency, so always installed)."""
    from PIL import Image, ImageDraw, ImageFont

    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (8, 8, size - 8, size - 8), fill=(23, 58, 90, 255), outline=(214, 170, 40, 255), width=14
    )
    label = (code or "★")[:14]
    font = ImageFont.load_default(size=64 if len(label) <= 6 else 40)
    draw.text((size / 2, size / 2), label, font=font, fill=(255, 255, 255, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
