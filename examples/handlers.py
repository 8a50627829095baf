"""Task handlers of the example workflows: what their Tasks invoke as Lambda functions.

Each is a plain ``f(event) -> result`` registered with :func:`executions.handlers.handler`
under its function name, which the definitions in ``examples/workflows`` use in their ARNs
(``arn:aws:lambda:us-east-1:123456789012:function:<name>`` or ``lambda:invoke`` with
``FunctionName``). They do no I/O: the "stores" and "notifications" compute what a real
system would write or send, deterministically, so every run of an example gives the same
results. Failures are raised the way Lambda functions raise them: an exception whose class
name becomes the error (``OutOfStock``), or :class:`asl.TaskFailure` for a dotted name.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from PIL import Image, ImageFilter, ImageOps

from asl import TaskFailure
from executions.handlers import handler

logger = logging.getLogger("examples")
# As on Lambda, the root logger lets only warnings through: the examples want their INFO lines.
logger.setLevel(logging.INFO)


def _digest(*parts: Any, length: int = 16) -> str:
    """A short stable id derived from the data (the examples have no database to number things)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# ---- order pipeline -------------------------------------------------------------------------------

# The shop's catalogue: unit prices in cents, units in stock.
CATALOG: dict[str, dict[str, Any]] = {
    "KEYBOARD-01": {"name": "Mechanical keyboard", "price": 8900, "stock": 12},
    "MOUSE-02": {"name": "Wireless mouse", "price": 2450, "stock": 40},
    "MONITOR-27": {"name": "27-inch monitor", "price": 27900, "stock": 3},
    "CABLE-USB": {"name": "USB-C cable", "price": 990, "stock": 0},
}
# Test card numbers, as payment providers publish them: this one is always declined.
DECLINED_CARD = "4000000000000002"


class OutOfStock(Exception):
    """Not enough units of an item (the error name is the class name, as with Lambda)."""


class UnknownProduct(Exception):
    """An item the shop does not sell."""


class GatewayUnavailable(Exception):
    """The payment provider did not answer: transient, worth retrying."""


class CardDeclined(Exception):
    """The payment provider refused the card: retrying will not help."""


@handler(description="Check that every item of an order is in stock; reserve them and price the order")
def check_inventory(event: dict[str, Any]) -> dict[str, Any]:
    items = event.get("items") or []
    if not items:
        raise TaskFailure("Order.Empty", "The order has no items")
    lines = []
    for item in items:
        sku, quantity = item.get("sku"), int(item.get("quantity", 1))
        product = CATALOG.get(sku)
        if product is None:
            raise UnknownProduct(f"{sku} is not in the catalogue")
        if product["stock"] < quantity:
            raise OutOfStock(f"{sku}: {quantity} wanted, {product['stock']} in stock")
        lines.append({"sku": sku, "name": product["name"], "quantity": quantity, "unitPrice": product["price"],
                      "lineTotal": product["price"] * quantity})
    total = sum(line["lineTotal"] for line in lines)
    logger.info("Reserved %d item(s) for order %s, total %d cents", len(lines), event.get("orderId"), total)
    return {"reservationId": f"rsv_{_digest(event.get('orderId'), items)}", "lines": lines, "total": total,
            "currency": "USD"}


@handler(description="Charge the customer's card (fails transiently on the first attempts if asked to)")
def charge_payment(event: dict[str, Any]) -> dict[str, Any]:
    payment = event.get("payment") or {}
    attempt = int(event.get("attempt", 0))  # $$.State.RetryCount, passed in by the Task's Parameters
    # A deterministic stand-in for a flaky provider: the first `transientFailures` attempts time out.
    if attempt < int(payment.get("transientFailures", 0)):
        print(f"attempt {attempt}: payment gateway timed out")
        raise GatewayUnavailable(f"The payment gateway did not answer (attempt {attempt + 1})")
    if payment.get("card") == DECLINED_CARD:
        raise CardDeclined("Your card was declined.")
    amount = int(event["amount"])
    print(f"attempt {attempt}: charged {amount} cents")
    return {"chargeId": f"ch_{_digest(event.get('orderId'), amount)}", "amount": amount, "status": "CAPTURED",
            "attempts": attempt + 1}


@handler(description="Release the stock reserved for an order that could not be paid")
def release_inventory(event: dict[str, Any]) -> dict[str, Any]:
    logger.info("Released reservation %s", event.get("reservationId"))
    return {"reservationId": event.get("reservationId"), "released": True}


@handler(description="Send the customer an e-mail about their order (computed, not sent)")
def notify_customer(event: dict[str, Any]) -> dict[str, Any]:
    customer = event.get("customer") or {}
    template = event.get("template", "order-confirmed")
    subjects = {"order-confirmed": "Your order {order} is confirmed",
                "order-failed": "We could not complete your order {order}"}
    subject = subjects.get(template, "About your order {order}").format(order=event.get("orderId"))
    logger.info("Sending %r to %s", template, customer.get("email"))
    return {"messageId": f"msg_{_digest(event.get('orderId'), template)}", "to": customer.get("email"),
            "template": template, "subject": subject}


# ---- data pipeline --------------------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


@handler(description="Check each record of a batch; split them into valid and invalid rows")
def validate_records(event: dict[str, Any]) -> dict[str, Any]:
    records = event.get("records")
    if not isinstance(records, list):
        raise TaskFailure("DataPipeline.NotAList", "'records' must be a JSON list of objects")
    valid, invalid, seen = [], [], set()
    for index, record in enumerate(records):
        errors = []
        if not isinstance(record, dict):
            invalid.append({"index": index, "id": None, "errors": ["the record is not an object"]})
            continue
        rid = record.get("id")
        if isinstance(rid, bool) or not isinstance(rid, int) or rid <= 0:
            errors.append("id must be a positive integer")
        elif rid in seen:
            errors.append(f"id {rid} appears more than once")
        if not isinstance(record.get("name"), str) or not record["name"].strip():
            errors.append("name is missing")
        if not isinstance(record.get("email"), str) or not _EMAIL.match(record["email"].strip()):
            errors.append("email is not a valid address")
        if _amount(record.get("amount")) is None:
            errors.append("amount must be a number of at least 0")
        if isinstance(rid, int):
            seen.add(rid)
        if errors:
            invalid.append({"index": index, "id": rid, "errors": errors})
        else:
            valid.append(record)
    logger.info("%d record(s): %d valid, %d invalid", len(records), len(valid), len(invalid))
    return {"valid": valid, "invalid": invalid, "validCount": len(valid), "invalidCount": len(invalid)}


def _tier(cents: int) -> str:
    return "gold" if cents >= 10_000 else "silver" if cents >= 2_000 else "bronze"


@handler(description="Normalise valid records: tidy names and e-mails, amounts in cents, a tier each")
def transform_records(event: dict[str, Any]) -> dict[str, Any]:
    out = []
    for record in event.get("records", []):
        amount = _amount(record["amount"]) or Decimal(0)
        cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        out.append({"id": record["id"], "name": " ".join(record["name"].split()).title(),
                    "email": record["email"].strip().lower(), "amountCents": cents, "tier": _tier(cents)})
    return {"records": out}


@handler(description="Store a batch of clean records (in memory) and summarise what was stored")
def store_records(event: dict[str, Any]) -> dict[str, Any]:
    records = event.get("records", [])
    by_tier: dict[str, int] = {}
    for record in records:
        by_tier[record["tier"]] = by_tier.get(record["tier"], 0) + 1
    batch = f"batch_{_digest(event.get('source'), records, length=12)}"
    logger.info("Stored %d record(s) as %s", len(records), batch)
    return {"batchId": batch, "source": event.get("source"), "stored": len(records),
            "totalCents": sum(record["amountCents"] for record in records), "byTier": dict(sorted(by_tier.items()))}


@handler(description="Report the rows of a batch that failed validation")
def report_invalid_rows(event: dict[str, Any]) -> dict[str, Any]:
    invalid = event.get("invalid", [])
    lines = [f"row {row['index']} (id {row['id']}): {'; '.join(row['errors'])}" for row in invalid]
    for line in lines:
        logger.warning(line)
    return {"source": event.get("source"), "invalidCount": len(invalid), "validCount": event.get("validCount", 0),
            "rows": lines}


# ---- image pipeline -------------------------------------------------------------------------------

MAX_SIDE = 512  # keeps every image (base64 PNG) well under Step Functions' 256 KiB payload limit


def _size(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIDE:
        raise TaskFailure("Image.InvalidSize", f"{field} must be an integer from 1 to {MAX_SIDE}, not {value!r}")
    return value


def _encode(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _decode(data: Any) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(base64.b64decode(data, validate=True)))
        image.load()
    except Exception as exc:
        raise TaskFailure("Image.InvalidImage", f"'image' is not a base64-encoded image: {exc}") from exc
    return image


def describe(image: Image.Image, encoded: str) -> dict[str, Any]:
    """Sizes and checksums of an image: ``pixelSha256`` hashes the pixels, so it does not depend on the PNG encoder."""
    return {"width": image.width, "height": image.height, "mode": image.mode,
            "pixelSha256": hashlib.sha256(image.tobytes()).hexdigest(), "pngBytes": len(base64.b64decode(encoded))}


@handler(description="Draw a colour gradient (red left to right, green top to bottom) as a base64 PNG")
def generate_image(event: dict[str, Any]) -> dict[str, Any]:
    width, height = _size(event.get("width", 256), "width"), _size(event.get("height", 256), "height")
    reds = bytes(x * 255 // (width - 1) if width > 1 else 0 for x in range(width))
    data = bytearray()
    for y in range(height):
        row = bytearray(width * 3)
        row[0::3] = reds
        row[1::3] = bytes([y * 255 // (height - 1) if height > 1 else 0]) * width
        row[2::3] = b"\x80" * width
        data += row
    image = Image.frombytes("RGB", (width, height), bytes(data))
    encoded = _encode(image)
    return {"image": encoded, **describe(image, encoded)}


@handler(description="Shrink an image to fit a box, keeping its proportions")
def resize_image(event: dict[str, Any]) -> dict[str, Any]:
    image = _decode(event.get("image"))
    box = (_size(event.get("width", 64), "width"), _size(event.get("height", 64), "height"))
    image.thumbnail(box, Image.Resampling.LANCZOS)
    encoded = _encode(image)
    return {"operation": f"resize {box[0]}x{box[1]}", "image": encoded, **describe(image, encoded)}


FILTERS = ("grayscale", "invert", "blur", "edges")


@handler(description="Apply a filter to an image: grayscale, invert, blur or edges")
def filter_image(event: dict[str, Any]) -> dict[str, Any]:
    image = _decode(event.get("image")).convert("RGB")
    name = event.get("filter", "grayscale")
    if name == "grayscale":
        image = ImageOps.grayscale(image)
    elif name == "invert":
        image = ImageOps.invert(image)
    elif name == "blur":
        image = image.filter(ImageFilter.GaussianBlur(2))
    elif name == "edges":
        image = image.filter(ImageFilter.FIND_EDGES)
    else:
        raise TaskFailure("Image.UnknownFilter", f"Unknown filter {name!r}: use one of {', '.join(FILTERS)}")
    encoded = _encode(image)
    return {"operation": f"filter {name}", "image": encoded, **describe(image, encoded)}


# ---- user scores (Map) ----------------------------------------------------------------------------

def _level(score: int) -> str:
    return "champion" if score >= 200 else "regular" if score >= 50 else "newcomer"


@handler(description="Score one user's activity: 1 point a visit, 10 a purchase, 25 a referral")
def score_user(event: dict[str, Any]) -> dict[str, Any]:
    user = event.get("user") or {}
    score = int(user.get("visits", 0)) + 10 * int(user.get("purchases", 0)) + 25 * int(user.get("referrals", 0))
    return {"index": event.get("index"), "name": user.get("name"), "campaign": event.get("campaign"),
            "score": score, "level": _level(score)}


@handler(description="Write a personal greeting for a scored user")
def greet_user(event: dict[str, Any]) -> dict[str, Any]:
    greeting = (f"Hello {event.get('name')}! Thanks for joining {event.get('campaign')}: "
                f"you have {event.get('score')} points and the {event.get('level')} badge.")
    return {**event, "greeting": greeting}


@handler(description="Rank scored users into a leaderboard")
def rank_users(event: dict[str, Any]) -> dict[str, Any]:
    results = sorted(event.get("results", []), key=lambda r: (-r["score"], r["index"]))
    board = [{"rank": rank, "name": r["name"], "score": r["score"], "level": r["level"]}
             for rank, r in enumerate(results, start=1)]
    return {"campaign": event.get("campaign"), "leaderboard": board,
            "greetings": [r["greeting"] for r in sorted(results, key=lambda r: r["index"])]}
