"""The image pipeline: a generated gradient, resized and filtered in parallel branches."""
from __future__ import annotations

import base64
import hashlib
import io
import json

from PIL import Image, ImageOps

from asl.history import to_json_text
from examples.handlers import generate_image
from tests.examples.runs import events, run_example

LIMIT = 256 * 1024


def gradient(width: int, height: int) -> bytes:
    """The example's gradient, pixel by pixel: red grows left to right, green top to bottom, blue 128."""
    return bytes(channel for y in range(height) for x in range(width)
                 for channel in (x * 255 // (width - 1), y * 255 // (height - 1), 128))


def test_sample_produces_a_thumbnail_and_a_grayscale_copy_with_their_checksums() -> None:
    result = run_example("ImagePipeline")
    assert result.status == "SUCCEEDED"
    output = result.output
    pixels = gradient(256, 160)
    assert output["original"]["width"] == 256 and output["original"]["height"] == 160
    assert output["original"]["pixelSha256"] == hashlib.sha256(pixels).hexdigest()
    assert output["original"]["pngBytes"] > 0
    thumbnail = output["thumbnail"]
    assert (thumbnail["operation"], thumbnail["width"], thumbnail["height"], thumbnail["mode"]) == (
        "resize 64x64", 64, 40, "RGB")  # 256x160 fitted into 64x64 keeps its 8:5 shape
    gray = ImageOps.grayscale(Image.frombytes("RGB", (256, 160), pixels))
    assert output["filtered"] == {"operation": "filter grayscale", "width": 256, "height": 160, "mode": "L",
                                  "pixelSha256": hashlib.sha256(gray.tobytes()).hexdigest(),
                                  "pngBytes": output["filtered"]["pngBytes"]}
    assert "image" not in json.dumps(output)  # the summary drops the image data


def test_branches_run_in_parallel_and_every_payload_stays_under_256_kib() -> None:
    result = run_example("ImagePipeline", {"width": 512, "height": 512, "thumbnail": {"width": 128, "height": 128},
                                           "filter": "edges"})
    assert result.status == "SUCCEEDED"
    assert len(events(result, "ParallelStateStarted")) == 1
    assert len(events(result, "LambdaFunctionSucceeded")) == 2
    assert result.output["thumbnail"]["width"] == 128
    assert max(len(to_json_text(event).encode()) for event in result.history) < LIMIT


def test_generated_image_decodes_to_the_gradient() -> None:
    answer = generate_image({"width": 4, "height": 3})
    image = Image.open(io.BytesIO(base64.b64decode(answer["image"])))
    assert image.size == (4, 3)
    assert image.tobytes() == gradient(4, 3)


def test_an_unknown_filter_fails_the_parallel_state_with_the_branchs_error() -> None:
    result = run_example("ImagePipeline", {"width": 32, "height": 32, "thumbnail": {"width": 8, "height": 8},
                                           "filter": "sparkle"})
    assert (result.status, result.error) == ("FAILED", "Image.UnknownFilter")
    assert "Unknown filter 'sparkle'" in (result.cause or "")


def test_an_oversized_image_is_refused() -> None:
    result = run_example("ImagePipeline", {"width": 5000, "height": 10})
    assert (result.status, result.error) == ("FAILED", "Image.InvalidSize")
