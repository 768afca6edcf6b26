"""Shared helpers of the troubleshooter's end-to-end tests (test_troubleshooter*.py).

Pyodide takes a few seconds to start, so the tests share pages whose engine is ready
(module-scoped contexts) and move between steps inside the page, as a reader does."""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from troubleshooter import flow

ROOT = Path(__file__).resolve().parents[2]
PAGE = {"en": "/troubleshooter/", "fr": "/fr/troubleshooter/"}
ENGINE_TIMEOUT = 60000          # ms: Pyodide boots in a few seconds; a loaded machine is slower
LANGS = ("en", "fr")


def ui(lang):
    """The page's interface texts, as the page has them (its JSON script tag)."""
    return flow.ui(lang)


def page_config(page):
    return json.loads(page.text_content("#ts-config"))


def plain(fragment):
    """The text of an HTML fragment, as innerText gives it (tags dropped, spaces squeezed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment or ""))).strip()


def nodes_along(path, lang):
    """The node ids shown along a path: the start node, then one per answer."""
    return [flow.step(path[:i], lang)["node"] for i in range(len(path) + 1)]


def wait_ready(page):
    page.wait_for_selector('#troubleshooter[data-engine="ready"]', state="attached", timeout=ENGINE_TIMEOUT)


def ready_page_cache(context, site_url):
    """`get(lang)`: one page per language whose engine is ready, opened on first use in
    `context` and brought to the front (a page in the background gets no animation frames)."""
    pages = {}

    def get(lang):
        if lang not in pages:
            pages[lang] = open_ready(context.new_page(), site_url, lang)
        pages[lang].bring_to_front()
        return pages[lang]
    return get


def open_ready(page, site_url, lang="en", hash_=""):
    page.goto(f"{site_url}{PAGE[lang]}{hash_}")
    wait_ready(page)
    return page


def wait_step(page, node):
    page.wait_for_selector(f'.ts-step[data-step="{node}"]', state="attached")


def click_answer(page, node, answer):
    page.click(f'.ts-step[data-step="{node}"] [data-answer="{answer}"]')


def go_to(page, path, lang):
    """Reach the step at the end of `path` by clicking its answers from the start, as a new
    reader would: what an earlier test typed or chose (kept in the tab) is forgotten first."""
    page.evaluate("sessionStorage.clear()")
    page.evaluate("location.hash = '#/'")
    wait_step(page, flow.step([], lang)["node"])
    nodes = nodes_along(path, lang)
    for i, answer in enumerate(path):
        click_answer(page, nodes[i], answer)
        wait_step(page, nodes[i + 1])
    return nodes[-1]


# A withdrawal-limits calculation every test can make: one earlier withdrawal the day before.
LIMITS_ENTRIES = {"device": "sms", "on": "2026-01-06", "withdrawal_date": "2026-01-05", "withdrawal_amount": "1234.56"}


def fill_form(page, values):
    """Type or choose `values` ({field name: value}, in that order) in the calculator on screen
    (a repeated field: its first row)."""
    for name, value in values.items():
        field = page.locator(f'.ts-form [name="{name}"]').first
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def result_json(page):
    """(data-result, data-input) of the result on screen, as Python objects."""
    page.wait_for_selector(".ts-result[data-result]")
    element = page.locator(".ts-result")
    return json.loads(element.get_attribute("data-result")), json.loads(element.get_attribute("data-input"))


def shown(page, message):
    """The engine's message (text with typed values) as the page writes it: with the page's
    own formatter (format.js), in the page's language and the browser's time zone."""
    return page.evaluate("""async (message) => {
        const script = document.querySelector('script[src*="troubleshooter.js"]');
        const { formatter } = await import(new URL("format.js", script.src).href);
        const cfg = JSON.parse(document.getElementById("ts-config").textContent);
        return formatter(cfg.lang, cfg.amount_pattern).say(message);
    }""", message)


def cli(*args):
    """`python -m troubleshooter …`'s JSON (the command line staff and tests use)."""
    done = subprocess.run([sys.executable, "-m", "troubleshooter", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def cli_for(tool, inputs):
    """The command line for the engine inputs a page reports in data-input."""
    if tool == "access":
        args = ["access", "--at", inputs["at"]]
        for event in inputs["events"]:
            args.append(f"--event={event}")
        return cli(*args)
    if tool == "lockout":
        return cli("lockout", "--at", inputs["at"], "--attempts", inputs["attempts"],
                   "--last-attempt", inputs["last_attempt"])
    if tool == "limits":
        args = ["limits", "--device", inputs["device"], "--on", inputs["on"]]
        for withdrawal in inputs["withdrawals"]:
            args.append(f"--withdrawal={withdrawal}")
        return cli(*args)
    return cli("check-username", "--", inputs["value"])
