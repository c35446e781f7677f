"""Byte-level tricks on picture files: PNG chunks, and copies with the same pixels but other bytes."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

PNG_HEADER_BYTES = 8 + 25  # the signature and the IHDR chunk


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def tagged_copy(path: Path, tag: str, folder: Path) -> Path:
    """A copy of a PNG or JPEG with ``tag`` in a comment: the same pixels, other bytes.

    Gradio names uploads after a hash of their content, so each tagged copy is a new upload.
    """
    data = path.read_bytes()
    comment = tag.encode()
    if data.startswith(b"\x89PNG"):
        data = data[:PNG_HEADER_BYTES] + png_chunk(b"tEXt", b"Comment\x00" + comment) + data[PNG_HEADER_BYTES:]
    elif data.startswith(b"\xff\xd8"):  # JPEG: a COM segment right after the start marker
        data = data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]
    else:
        raise ValueError(f"{path} is neither PNG nor JPEG")
    copy = folder / f"{path.stem}-{tag}{path.suffix}"
    copy.write_bytes(data)
    return copy
