"""Rewriting a CTranslate2 model file with int8 weights."""

import io
import struct

import numpy as np
import pytest

from voicecoach.adapters.recognizers.whisper.int8_model import quantise_to_int8
from voicecoach.errors import RecognizerError

_TYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<H", len(data) + 1) + data + b"\0"


def _variable(name: str, array: np.ndarray) -> bytes:
    header = _string(name) + struct.pack("<B", array.ndim) + b"".join(struct.pack("<I", d) for d in array.shape)
    raw = array.tobytes()
    return header + struct.pack("<B", _TYPES.index(str(array.dtype))) + struct.pack("<I", len(raw)) + raw


def model_file(variables: dict[str, np.ndarray], aliases: dict[str, str] | None = None, version: int = 6) -> bytes:
    body = struct.pack("<I", version) + _string("WhisperSpec") + struct.pack("<I", 3)
    body += struct.pack("<I", len(variables)) + b"".join(_variable(n, a) for n, a in variables.items())
    aliases = aliases or {}
    return body + struct.pack("<I", len(aliases)) + b"".join(_string(a) + _string(b) for a, b in aliases.items())


def read_model(data: bytes) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    stream = io.BytesIO(data)

    def unpack(fmt: str) -> int:
        return struct.unpack("<" + fmt, stream.read(struct.calcsize(fmt)))[0]

    def string() -> str:
        return stream.read(unpack("H"))[:-1].decode()

    unpack("I"), string(), unpack("I")
    variables = {}
    for _ in range(unpack("I")):
        name = string()
        shape = [unpack("I") for _ in range(unpack("B"))]
        dtype = _TYPES[unpack("B")]
        variables[name] = np.frombuffer(stream.read(unpack("I")), dtype=dtype).reshape(shape)
    aliases = dict((string(), string()) for _ in range(unpack("I")))
    return variables, aliases


def test_weight_matrices_become_int8_rows_with_scales_and_the_rest_is_kept() -> None:
    rng = np.random.default_rng(3)
    weight = rng.standard_normal((4, 8)).astype(np.float16)
    conv = rng.standard_normal((3, 2, 5)).astype(np.float16)
    bias = rng.standard_normal(4).astype(np.float16)
    source = model_file(
        {"decoder/linear/weight": weight, "encoder/conv1/weight": conv, "decoder/linear/bias": bias,
         "decoder/layer_norm/gamma": bias, "decoder/flag": np.array(1, np.int8)},
        {"decoder/projection/weight": "decoder/linear/weight"},
    )
    target = io.BytesIO()
    assert quantise_to_int8(io.BytesIO(source), target) == 2
    variables, aliases = read_model(target.getvalue())
    assert aliases == {"decoder/projection/weight": "decoder/linear/weight"}
    assert variables["decoder/linear/weight"].dtype == np.int8
    scales = variables["decoder/linear/weight_scale"]
    restored = variables["decoder/linear/weight"].astype(np.float32) / scales[:, None]
    assert np.allclose(restored, weight.astype(np.float32), atol=np.abs(weight).max() / 127)
    assert np.abs(variables["decoder/linear/weight"]).max() == 127
    assert variables["encoder/conv1/weight"].shape == (3, 2, 5) and variables["encoder/conv1/weight_scale"].shape == (3,)
    assert np.array_equal(variables["decoder/linear/bias"], bias)
    assert np.array_equal(variables["decoder/layer_norm/gamma"], bias)


def test_a_model_already_in_int8_is_copied_as_it_is() -> None:
    source = model_file({"w/weight": np.ones((2, 2), np.int8), "w/weight_scale": np.ones(2, np.float32)})
    target = io.BytesIO()
    assert quantise_to_int8(io.BytesIO(source), target) == 0
    assert target.getvalue() == source


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (model_file({"w/weight": np.ones((2, 2), np.float16)}, version=99), "format version 99"),
        (model_file({"w/weight": np.ones((2, 2), np.float16)})[:-30], "ends too early"),
        (b"", "ends too early"),
    ],
)
def test_files_it_cannot_read_are_refused_plainly(data: bytes, problem: str) -> None:
    with pytest.raises(RecognizerError, match=problem):
        quantise_to_int8(io.BytesIO(data), io.BytesIO())
