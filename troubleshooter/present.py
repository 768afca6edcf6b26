"""Results and error messages for people, in the reader's language.

The engine decides everything a reader sees: which headline, which lines in which order,
which labels, which answer matches the result. What it cannot know is how the reader's
browser writes a date in the reader's own time zone, so every value that varies is *typed*
and the page formats it by one rule per type (overrides/assets/troubleshooter/format.js):

    {"type": "datetime", "value": "2026-11-20T09:30:00Z"}   the reader's zone, named
    {"type": "date",     "value": "2026-11-20"}             a calendar date
    {"type": "amount",   "value": "150000.50"}              exact decimal string, USD
    {"type": "number",   "value": "3"}
    {"type": "text",     "value": "…"}                      shown as it is

A message is {"text": template with {placeholders}, "values": {name: typed value}}.
"""

import re

_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What each result key is, per tool; a key not named here is text.
RESULT_TYPES = {
    "access": {"at": "datetime", "access_until": "datetime", "locked_until": "datetime",
               "failed_attempts": "number"},
    "lockout": {"at": "datetime", "locked_until": "datetime", "lock_ended": "datetime",
                "last_failed": "datetime"},
    "limits": {"on": "date", "window_start": "date", "next_increase_on": "date",
               "daily_limit": "amount", "window_limit": "amount", "available": "amount",
               "withdrawn_today": "amount", "withdrawn_in_window": "amount"},
    "username": {},
}


def typed(kind, value):
    return {"type": kind, "value": None if value is None else str(value)}


def text(value):
    return typed("text", value)


def guess(value):
    """A value from an error's params: a time or a date when it looks like one."""
    if isinstance(value, bool):
        return text(str(value).lower())
    if isinstance(value, int):
        return typed("number", value)
    if isinstance(value, (list, tuple)):
        return text(", ".join(str(v) for v in value))
    value = "" if value is None else str(value)
    if _WHEN.match(value):
        return typed("datetime", value)
    if _DATE.match(value):
        return typed("date", value)
    return text(value)


def message(template, values):
    return {"text": template, "values": values}


class Presenter:
    """One tool's result texts (flow.json `tools.<tool>.results`) in one language."""

    def __init__(self, data, lang, tool):
        self.data, self.lang, self.tool = data, lang, tool
        self.texts = data["tools"][tool]["results"]
        self.labels = {key: value[lang] for key, value in self.texts["labels"].items()}

    def word(self, group, key):
        """The label of one of the engine's values (client_portal: full…), or the value."""
        entry = self.texts.get("values", {}).get(group, {}).get(key)
        return text(entry[self.lang] if entry else key)

    def ui(self, key):
        return self.data["ui"][key][self.lang]

    def yes_no(self, value):
        return text(self.ui("yes" if value else "no"))

    def value(self, key, value):
        kind = RESULT_TYPES[self.tool].get(key, "text")
        if kind == "amount" and value is None:
            return text(self.texts["values"]["unlimited"][self.lang])
        return typed(kind, value) if value is not None else text("—")

    def device(self, device_id):
        options = self.data["tools"]["limits"]["fields"]["device"].get("options") or {}
        return text(options[device_id][self.lang] if device_id in options else device_id)

    def result(self, result, extra):
        """{"key": headline key, "headline": message, "lines": [{"key", "label", "value"}],
        "more": what follows the lines, or None}. `more` is one of
          {"kind": "timeline", "title", "at", "items": [{"state", "from", "until", "current", "text"}]}
          {"kind": "table", "title", "columns": [label, label], "rows": [[value, value]]}
          {"kind": "list", "items": [message]}
          {"kind": "assumptions", "title", "items": [message]}   what the result assumes."""
        shown, hidden, head, more = getattr(self, f"_{self.tool}")(result, extra)
        lines = [{"key": key, "label": self.labels.get(key, key), "value": shown[key]}
                 for key in result if key in shown and key not in hidden]
        has_items = more and (more.get("items") or more.get("rows"))
        return {"key": head, "headline": message(self.texts["headlines"][head][self.lang], shown),
                "lines": lines, "more": more if has_items else None}

    def _access(self, result, extra):
        shown = {key: self.value(key, value) for key, value in result.items()}
        shown["client_portal"] = self.word("client_portal", result["client_portal"])
        shown["credential"] = self.word("credential", result["credential"] or "none")
        shown["trading"] = self.yes_no(result["trading"])
        locked = bool(result.get("locked_until"))
        head = "locked" if locked else result["client_portal"] + ("-until" if result.get("access_until") else "")
        hidden = {k for k in ("access_until", "locked_until") if result.get(k) is None}
        if locked:
            # One state: while locked, no credential logs in and access changes when the lock
            # ends, so neither "you log in with" nor "this access ends" is shown.
            hidden |= {"access_until", "credential"}
        if not result.get("failed_attempts"):
            hidden.add("failed_attempts")
        timeline = self.texts["timeline"]
        items = []
        at = result["at"]
        for segment in extra or []:
            if segment["locked"]:
                state = text(timeline["locked"][self.lang])
            else:
                state = self.word("client_portal", segment["client_portal"])
                if segment.get("credential"):
                    state = message(timeline["with"][self.lang],
                                    {"state": state, "credential": self.word("credential", segment["credential"])})
            values = {"start": typed("datetime", segment["from"]), "state": state,
                      "end": typed("datetime", segment["until"]) if segment["until"] else text("—")}
            items.append({
                "state": "locked" if segment["locked"] else segment["client_portal"],
                "from": segment["from"], "until": segment["until"],
                "current": segment["from"] <= at and (segment["until"] is None or at < segment["until"]),
                "text": message(timeline["segment-until" if segment["until"] else "segment"][self.lang], values),
            })
        return shown, hidden, head, {"kind": "timeline", "title": timeline["title"][self.lang], "at": at,
                                     "items": items}

    def _limits(self, result, extra):
        shown = {key: self.value(key, value) for key, value in result.items()}
        shown["device"] = self.device(result["device"])
        shown["binding"] = self.word("binding", result["binding"]) if result.get("binding") else text("—")
        shown["unlimited"] = self.yes_no(result["unlimited"])
        if result["unlimited"]:
            head = "unlimited"
            hidden = {"daily_limit", "window_limit", "window_start", "withdrawn_today",
                      "withdrawn_in_window", "available", "binding", "next_increase_on"}
        else:
            positive = result["available"].replace("0", "").strip(".") != ""
            head = "available" if positive else ("exhausted-next" if result["next_increase_on"] else "exhausted")
            hidden = {k for k in ("binding", "next_increase_on") if result.get(k) is None}
        hidden.add("unlimited")
        rows = [[self.device(row["device"]), self.value("available", row["available"])]
                for row in extra or [] if row["device"] != result["device"]]
        table = {"kind": "table", "title": self.texts["comparison"]["title"][self.lang],
                 "columns": [self.labels["device"], self.labels["available"]], "rows": rows}
        return shown, hidden, head, table

    def _lockout(self, result, extra):
        """One state per result: locked (until when), not locked, or a lock that is over;
        then what the result assumes. A locked result shows no access or credential."""
        shown = {key: self.value(key, result[key]) for key in ("locked_until", "lock_ended", "last_failed")}
        state = result["state"]
        head = state if state != "locked" or result["exact"] else "locked-latest"
        hidden = {key for key in shown if result[key] is None} | {"last_failed"}
        assumes = self.texts["assumes"]
        items = [message(assumes[code][self.lang], shown) for code in result["assumes"]]
        return shown, hidden, head, {"kind": "assumptions", "title": assumes["title"][self.lang], "items": items}

    def _username(self, result, extra):
        shown = {"value": text(result["value"]), "problems": typed("number", len(result["problems"]))}
        head = "problems" if result["problems"] else "ok"
        items = [self.word("problems", p) for p in result["problems"]]
        return shown, {"problems"}, head, {"kind": "list", "items": items}


def present(data, lang, tool, result, extra):
    """The result for people. A locked login (lockout check) also carries the contact block
    (`contact`: {"title": text, "html": the block as safe HTML from the source}): help with
    a lock is given only by telephone, so the way to call is in the result itself."""
    shown = Presenter(data, lang, tool).result(result, extra)
    shown["contact"] = None
    if tool == "lockout" and result["state"] == "locked" and data.get("contact"):
        shown["contact"] = {"title": data["contact"]["title"][lang], "html": data["contact"]["body"][lang]}
    return shown
