"""Block Kit limits as Slack enforces them, including those slack_sdk's models do not check
(a text input's `max_length` above 3,000, a button's text above 75 characters, an option's
value above 150, a confirm dialog's text above 300, the total text of a message).

Sources: Slack's Block Kit reference (blocks, block elements, composition objects) and, for
the total, the `msg_blocks_too_long` answers reported to slackapi (about 12,000 characters
of text in a message's blocks, counted with a buffer for the blocks around it: the fake
counts every string in the blocks, which is stricter than Slack)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Problems = list[str]

MESSAGE_BLOCK_TEXT = 12_000  # above this, chat.postMessage/update answer msg_blocks_too_long

_SELECTS = {
    "static_select", "multi_static_select", "external_select", "multi_external_select",
    "users_select", "multi_users_select", "conversations_select", "multi_conversations_select",
    "channels_select", "multi_channels_select",
}  # fmt: skip


def _problem(problems: Problems, message: str, pointer: str) -> None:
    problems.append(f"{message} [json-pointer:{pointer}]")


def _text(
    problems: Problems,
    obj: Any,
    pointer: str,
    limit: int,
    *,
    plain_only: bool = False,
    required: bool = True,
) -> None:
    """A text object of at most `limit` characters (and at least one)."""
    if obj is None:
        if required:
            _problem(problems, "missing required field: text", pointer)
        return
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        _problem(problems, "must be a text object", pointer)
        return
    if plain_only and obj["type"] != "plain_text":
        _problem(problems, "must be plain_text", pointer + "/type")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        _problem(problems, "must be more than 0 characters", pointer + "/text")
    elif len(text) > limit:
        _problem(problems, f"must be less than {limit + 1} characters", pointer + "/text")


def _string(problems: Problems, value: Any, pointer: str, limit: int) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > limit):
        _problem(problems, f"must be a string of at most {limit} characters", pointer)


def _count(problems: Problems, items: Any, pointer: str, low: int, high: int) -> list[Any]:
    if not isinstance(items, list):
        _problem(problems, "expected an array", pointer)
        return []
    if len(items) < low:
        _problem(problems, f"must provide at least {low} items", pointer)
    if len(items) > high:
        _problem(problems, f"no more than {high} items allowed", pointer)
    return items


def _confirm(problems: Problems, obj: Any, pointer: str) -> None:
    if obj is None:
        return
    if not isinstance(obj, dict):
        _problem(problems, "must be a confirmation object", pointer)
        return
    _text(problems, obj.get("title"), pointer + "/title", 100, plain_only=True)
    _text(problems, obj.get("text"), pointer + "/text", 300)
    _text(problems, obj.get("confirm"), pointer + "/confirm", 30, plain_only=True)
    _text(problems, obj.get("deny"), pointer + "/deny", 30, plain_only=True)


def _option(problems: Problems, obj: Any, pointer: str) -> None:
    if not isinstance(obj, dict):
        _problem(problems, "must be an option object", pointer)
        return
    _text(problems, obj.get("text"), pointer + "/text", 75)
    value = obj.get("value")
    if not isinstance(value, str) or not value or len(value) > 150:
        _problem(problems, "must be a string of 1 to 150 characters", pointer + "/value")
    _text(problems, obj.get("description"), pointer + "/description", 75, required=False)


def _options(problems: Problems, element: dict[str, Any], pointer: str, high: int) -> None:
    groups = element.get("option_groups")
    if groups is not None:
        for g, group in enumerate(_count(problems, groups, pointer + "/option_groups", 1, 100)):
            where = f"{pointer}/option_groups/{g}"
            _text(problems, (group or {}).get("label"), where + "/label", 75, plain_only=True)
            for i, opt in enumerate(
                _count(problems, (group or {}).get("options"), where + "/options", 1, 100)
            ):
                _option(problems, opt, f"{where}/options/{i}")
        return
    options = _count(problems, element.get("options"), pointer + "/options", 1, high)
    values = []
    for i, opt in enumerate(options):
        _option(problems, opt, f"{pointer}/options/{i}")
        values.append((opt or {}).get("value") if isinstance(opt, dict) else None)
    initial = element.get("initial_option")
    if initial is not None:
        _option(problems, initial, pointer + "/initial_option")
        if isinstance(initial, dict) and initial.get("value") not in values:
            _problem(problems, "must match one of the options", pointer + "/initial_option")


def element_problems(element: Any, pointer: str) -> Problems:
    """What Slack finds wrong with one interactive element."""
    problems: Problems = []
    if not isinstance(element, dict):
        _problem(problems, "must be an element object", pointer)
        return problems
    kind = element.get("type")
    _string(problems, element.get("action_id"), pointer + "/action_id", 255)
    _confirm(problems, element.get("confirm"), pointer + "/confirm")
    _text(
        problems,
        element.get("placeholder"),
        pointer + "/placeholder",
        150,
        plain_only=True,
        required=False,
    )
    if kind == "button":
        _text(problems, element.get("text"), pointer + "/text", 75, plain_only=True)
        _string(problems, element.get("value"), pointer + "/value", 2000)
        _string(problems, element.get("url"), pointer + "/url", 3000)
        if element.get("style") not in (None, "primary", "danger"):
            _problem(problems, "must be primary or danger", pointer + "/style")
    elif kind in ("static_select", "multi_static_select"):
        _options(problems, element, pointer, 100)
    elif kind == "overflow":
        _options(problems, element, pointer, 5)
    elif kind in ("checkboxes", "radio_buttons"):
        _options(problems, element, pointer, 10)
    elif kind == "plain_text_input":
        low, high = element.get("min_length", 0), element.get("max_length", 3000)
        if not isinstance(high, int) or not 1 <= high <= 3000:
            _problem(problems, "must be between 1 and 3000", pointer + "/max_length")
            high = 3000
        if not isinstance(low, int) or not 0 <= low <= 3000 or low > high:
            _problem(problems, "must be between 0 and max_length", pointer + "/min_length")
        _string(problems, element.get("initial_value"), pointer + "/initial_value", high)
    elif kind == "datepicker":
        date = element.get("initial_date")
        if date is not None and (not isinstance(date, str) or len(date) != 10):
            _problem(problems, "must be in the format YYYY-MM-DD", pointer + "/initial_date")
    elif kind not in _SELECTS | {"timepicker", "datetimepicker", "image", "number_input"}:
        _problem(problems, f"unsupported type: {kind}", pointer + "/type")
    return problems


def _block(block: dict[str, Any], pointer: str) -> Problems:
    problems: Problems = []
    kind = block.get("type")
    _string(problems, block.get("block_id"), pointer + "/block_id", 255)
    if kind == "section":
        if block.get("text") is None and block.get("fields") is None:
            _problem(problems, "must provide text or fields", pointer)
        if block.get("text") is not None:
            _text(problems, block["text"], pointer + "/text", 3000)
        if block.get("fields") is not None:
            for i, field in enumerate(
                _count(problems, block["fields"], pointer + "/fields", 1, 10)
            ):
                _text(problems, field, f"{pointer}/fields/{i}", 2000)
        if block.get("accessory") is not None:
            problems += element_problems(block["accessory"], pointer + "/accessory")
    elif kind == "header":
        _text(problems, block.get("text"), pointer + "/text", 150, plain_only=True)
    elif kind == "context":
        for i, part in enumerate(
            _count(problems, block.get("elements"), pointer + "/elements", 1, 10)
        ):
            if isinstance(part, dict) and part.get("type") in ("plain_text", "mrkdwn"):
                _text(problems, part, f"{pointer}/elements/{i}", 3000)
            elif not (isinstance(part, dict) and part.get("type") == "image"):
                _problem(problems, "must be a text or image element", f"{pointer}/elements/{i}")
    elif kind == "actions":
        elements = _count(problems, block.get("elements"), pointer + "/elements", 1, 25)
        seen: set[str] = set()
        for i, element in enumerate(elements):
            problems += element_problems(element, f"{pointer}/elements/{i}")
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if action_id is not None and action_id in seen:
                _problem(
                    problems, "action_id must be unique in the block", f"{pointer}/elements/{i}"
                )
            if isinstance(action_id, str):
                seen.add(action_id)
    elif kind == "input":
        _text(problems, block.get("label"), pointer + "/label", 2000, plain_only=True)
        _text(problems, block.get("hint"), pointer + "/hint", 2000, plain_only=True, required=False)
        problems += element_problems(block.get("element"), pointer + "/element")
    elif kind == "image":
        _string(problems, block.get("alt_text"), pointer + "/alt_text", 2000)
        _string(problems, block.get("image_url"), pointer + "/image_url", 3000)
        _text(problems, block.get("title"), pointer + "/title", 2000, required=False)
    elif kind == "markdown":
        _string(problems, block.get("text"), pointer + "/text", 12_000)
    return problems


def block_problems(blocks: list[Any], pointer: str) -> Problems:
    """Every limit `blocks` break, each with its json-pointer, and repeated block ids."""
    problems: Problems = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue  # reported by the caller's shape check
        problems += _block(block, f"{pointer}/{i}")
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen:
                _problem(problems, "block_id must be unique", f"{pointer}/{i}/block_id")
            seen.add(block_id)
    return problems


def text_size(value: Any, skip: Callable[[str], bool] = lambda key: key == "type") -> int:
    """Characters of every string in `value` (keys named by `skip` aside): what counts
    towards a message's blocks total."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(text_size(v, skip) for v in value)
    if isinstance(value, dict):
        return sum(text_size(v, skip) for k, v in value.items() if not skip(k))
    return 0


def view_problems(view: dict[str, Any]) -> Problems:
    """A view's own limits (its blocks are checked by `block_problems`)."""
    problems: Problems = []
    _string(problems, view.get("callback_id"), "/view/callback_id", 255)
    _string(problems, view.get("external_id"), "/view/external_id", 255)
    _string(problems, view.get("private_metadata"), "/view/private_metadata", 3000)
    if view.get("type") == "modal":
        _text(problems, view.get("title"), "/view/title", 24, plain_only=True, required=False)
        for key in ("submit", "close"):
            _text(problems, view.get(key), f"/view/{key}", 24, plain_only=True, required=False)
        blocks = view.get("blocks") or []
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and not view.get("submit"):
            _problem(problems, "submit is required when a view has input blocks", "/view/submit")
    return problems
