"""Rewriting a CTranslate2 model file with its weight matrices quantised to int8, ahead of time.

CTranslate2 quantises a float16 model to int8 while loading it, and for that holds both in
memory: loading Whisper base peaked at 298 MB of RSS to settle at 124 MB. Stored as int8 on
disk, the same model loads at 124 MB. The quantisation is CTranslate2's own ("int8": each row
of a linear, convolution or embedding weight scaled by 127 / its largest magnitude, rounded,
the scales stored beside it as `<name>_scale`); everything else is copied as it is.

The file format (CTranslate2's `model.bin`, binary version 6) is: version, spec name, spec
revision, variable count, then per variable its name, rank, dimensions, type id, byte count
and bytes; then aliases (name, target). Strings are a uint16 length (with the final NUL), the
UTF-8 bytes and a NUL. Integers are little-endian.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

import numpy as np

from voicecoach.errors import RecognizerError

_TYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
_SUPPORTED_VERSIONS = range(5, 7)


class _Reader:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def unpack(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        data = self._stream.read(size)
        if len(data) != size:
            raise RecognizerError("the Whisper model file ends too early; it is damaged")
        return int(struct.unpack("<" + fmt, data)[0])

    def string(self) -> str:
        length = self.unpack("H")
        return self.bytes(length)[:-1].decode("utf-8")

    def skip(self, count: int) -> None:
        position = self._stream.tell()
        if self._stream.seek(count, 1) - position != count:
            raise RecognizerError("the Whisper model file ends too early; it is damaged")

    def bytes(self, count: int) -> bytes:
        data = self._stream.read(count)
        if len(data) != count:
            raise RecognizerError("the Whisper model file ends too early; it is damaged")
        return data


class _Writer:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def pack(self, fmt: str, value: int) -> None:
        self._stream.write(struct.pack("<" + fmt, value))

    def string(self, text: str) -> None:
        encoded = text.encode("utf-8")
        self.pack("H", len(encoded) + 1)
        self._stream.write(encoded + b"\0")

    def variable(self, name: str, shape: list[int], type_name: str, data: bytes) -> None:
        self.string(name)
        self.pack("B", len(shape))
        for dimension in shape:
            self.pack("I", dimension)
        self.pack("B", _TYPES.index(type_name))
        self.pack("I", len(data))
        self._stream.write(data)


def quantise_to_int8(source: BinaryIO, target: BinaryIO) -> int:
    """Copy the model in `source` (seekable) to `target` with its weights in int8; returns how
    many weights were quantised. One variable is in memory at a time. Raises RecognizerError on
    a file it does not understand."""
    reader, writer = _Reader(source), _Writer(target)
    version = reader.unpack("I")
    if version not in _SUPPORTED_VERSIONS:
        raise RecognizerError(f"the Whisper model file has format version {version}, which voicecoach cannot read")
    spec, revision, count = reader.string(), reader.unpack("I"), reader.unpack("I")
    start = source.tell()
    headers = [_header(reader, skip=True) for _ in range(count)]
    names = {name for name, _, _, _ in headers}
    weights = [_is_weight_matrix(name, shape, kind) and f"{name}_scale" not in names for name, shape, kind, _ in headers]
    writer.pack("I", version)
    writer.string(spec)
    writer.pack("I", revision)
    writer.pack("I", count + sum(weights))
    source.seek(start)
    for quantise in weights:
        name, shape, type_name, size = _header(reader, skip=False)
        data = reader.bytes(size)
        if quantise:
            matrix, scales = _int8_rows(data, shape, type_name)
            writer.variable(name, shape, "int8", matrix)
            writer.variable(f"{name}_scale", [shape[0]], "float32", scales)
        else:
            writer.variable(name, shape, type_name, data)
    aliases = [(reader.string(), reader.string()) for _ in range(reader.unpack("I"))]
    writer.pack("I", len(aliases))
    for alias, original in aliases:
        writer.string(alias)
        writer.string(original)
    return sum(weights)


def _header(reader: _Reader, skip: bool) -> tuple[str, list[int], str, int]:
    """One variable's name, shape, type and byte count; with `skip`, its bytes are passed over."""
    name = reader.string()
    shape = [reader.unpack("I") for _ in range(reader.unpack("B"))]
    type_id = reader.unpack("B")
    if type_id >= len(_TYPES):
        raise RecognizerError(f"the Whisper model file has an unknown value type {type_id}")
    size = reader.unpack("I")
    if skip:
        reader.skip(size)
    return name, shape, _TYPES[type_id], size


def _is_weight_matrix(name: str, shape: list[int], type_name: str) -> bool:
    # Linear, convolution and embedding weights are the "weight" variables of rank 2 or more;
    # layer norms use gamma and beta.
    return name.endswith("/weight") and len(shape) >= 2 and type_name in ("float16", "float32")


def _int8_rows(data: bytes, shape: list[int], type_name: str, rows_at_once: int = 2048) -> tuple[bytes, bytes]:
    matrix = np.frombuffer(data, dtype=type_name).reshape(shape[0], -1)
    weights, scales = [], []
    for first in range(0, shape[0], rows_at_once):  # in slices: the embedding alone is 53 MB
        rows = matrix[first : first + rows_at_once].astype(np.float32)
        largest = np.abs(rows).max(axis=1)
        largest[largest == 0] = 127.0
        largest = np.maximum(largest, np.float32(127) / np.finfo(np.float32).max)
        scale = (127.0 / largest).astype(np.float32)
        weights.append(np.rint(rows * scale[:, None]).astype(np.int8).tobytes())
        scales.append(scale.tobytes())
    return b"".join(weights), b"".join(scales)
