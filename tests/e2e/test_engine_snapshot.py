"""The engine's memory snapshot (overrides/assets/troubleshooter/worker.js): a first visit boots
Pyodide and keeps a snapshot of the started engine in Cache Storage; the next visit restores
it, and the restored engine answers as the command line does. A snapshot that cannot be used
(damaged, or taken by another build of the runtime) is dropped and the engine boots afresh:
the reader still gets a working engine, and the next visit a good snapshot.

How the engine started is the `boot` of the page's `ts-engine-ready` mark (engine-client.js):
"fresh", "snapshot", or "fresh-after-snapshot" (a snapshot was found but refused)."""

import pytest

from .troubleshooter_support import ENGINE_TIMEOUT, LIMITS_ENTRIES, PAGE, cli_for, fill_form, go_to, result_json, wait_ready

SNAPSHOTS = "troubleshooter-engine-snapshots"   # worker.js's Cache Storage name

BOOT = "() => (performance.getEntriesByName('ts-engine-ready')[0] || {}).detail?.boot ?? null"
KEPT = "() => performance.getEntriesByName('ts-engine-snapshot-kept').length > 0"

# Rewrites the one kept snapshot with `how`: "garbage" (no snapshot at all) or "other-build"
# (a real snapshot whose build id, bytes 16 to 47 of its header, is another runtime's).
DAMAGE = """async ([name, how]) => {
    const cache = await caches.open(name);
    const keys = await cache.keys();
    if (keys.length !== 1) return `expected one snapshot, found ${keys.length}`;
    const bytes = new Uint8Array(await (await cache.match(keys[0])).arrayBuffer());
    if (how === "garbage") bytes.fill(7, 0, 4096);
    else for (let i = 16; i < 48; i++) bytes[i] ^= 0xff;
    await cache.put(keys[0], new Response(bytes));
    return null;
}"""


def visit(context, site_url, keep=True):
    """A visit of the troubleshooter page, kept open until the worker has kept its snapshot
    (when it started afresh); returns the page, ready, and how the engine started."""
    page = context.new_page()
    page.goto(site_url + PAGE["en"])
    wait_ready(page)
    boot = page.evaluate(BOOT)
    if keep and boot != "snapshot":
        page.wait_for_function(KEPT, timeout=ENGINE_TIMEOUT)
    return page, boot


def limits_result(page):
    """A calculation in the engine on the page (it needs modules the flow imports lazily)."""
    go_to(page, ["withdraw"], "en")
    fill_form(page, LIMITS_ENTRIES)
    page.click('.ts-form button[type="submit"]')
    return result_json(page)


def test_a_second_visit_restores_the_engine_and_it_answers_as_the_command_line(context, site_url):
    first, boot = visit(context, site_url)
    assert boot == "fresh"
    first.close()
    second, boot = visit(context, site_url)
    assert boot == "snapshot"
    result, inputs = limits_result(second)
    assert result == cli_for("limits", inputs)


@pytest.mark.parametrize("how", ["garbage", "other-build"])
def test_a_snapshot_that_cannot_be_used_gives_a_fresh_engine(context, site_url, how):
    first, _ = visit(context, site_url)
    assert first.evaluate(DAMAGE, [SNAPSHOTS, how]) is None
    first.close()
    second, boot = visit(context, site_url)
    assert boot == "fresh-after-snapshot"
    result, inputs = limits_result(second)
    assert result == cli_for("limits", inputs)
    second.close()
    third, boot = visit(context, site_url, keep=False)      # the refused snapshot was replaced
    assert boot == "snapshot"


def test_a_snapshot_kept_for_another_engine_is_not_used(context, site_url):
    """The key names the lock file (its content hash covers the wheel and the standard
    library) and the worker's version: an entry under any other key (an older engine's) is
    never read, and is removed when the new snapshot is kept."""
    first, _ = visit(context, site_url)
    keys = first.evaluate("""async (name) => {
        const cache = await caches.open(name);
        const [key] = await cache.keys();
        const stale = key.url.replace(/pyodide-lock-[0-9a-f]+/, "pyodide-lock-" + "0".repeat(12));
        await cache.put(stale, await cache.match(key));
        await cache.delete(key);
        return (await cache.keys()).map((request) => request.url);
    }""", SNAPSHOTS)
    assert len(keys) == 1 and "pyodide-lock-" + "0" * 12 in keys[0] and "worker=" in keys[0]
    first.close()
    second, boot = visit(context, site_url)
    assert boot == "fresh"
    kept = second.evaluate("async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)", SNAPSHOTS)
    assert len(kept) == 1 and kept != keys


def test_the_worker_started_at_the_top_of_the_page_is_the_one_the_page_uses(context, site_url):
    """The head's script starts the engine's worker (overrides/troubleshooter.html) and the
    page's script adopts it: one engine worker, created early, with the page's own ?v=."""
    page = context.new_page()
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url + PAGE["en"])
    wait_ready(page)
    script = page.get_attribute('script[src*="assets/troubleshooter/troubleshooter.js"]', "src")
    version = script.split("?", 1)[1]
    assert page.evaluate("() => performance.getEntriesByName('ts-engine-start').map((m) => m.detail)") == [{"early": True}]
    assert [url for url in workers if "/assets/troubleshooter/worker.js" in url] == [
        f"{site_url}/assets/troubleshooter/worker.js?{version}"]
