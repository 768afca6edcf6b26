"""How long a save takes to show in the preview: a copy of the project under `kb.preview`,
an article open in Chromium, then N edits of one unit's English; for each, the time from the
write to the new text in the reloaded page, and the server's own split (generate, MkDocs).
A measurement, not a test: `python -m tests.e2e.preview_measure --runs 5`; with `--copies N`
every article is there N times (new ids and slugs, same texts), to see how the time grows."""

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e import test_preview as tp
from tests.hostile_corpus import copy_project


def multiply_articles(project, copies):
    """Each article `copies` times in all (the copies: ids HC9nnnn, slugs <slug>-copy-n)."""
    folder = project / "content" / "articles"
    originals = sorted(folder.glob("*.yaml"))
    number = 90000
    for n in range(1, copies):
        for path in originals:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            number += 1
            data["id"], data["slug"] = f"HC{number}", f"{data['slug']}-copy-{n}"
            (folder / f"{data['slug']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                         encoding="utf-8")
    return len(list(folder.glob("*.yaml")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1, help="how many times each article is there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        articles = multiply_articles(project, args.copies)
        with tp.running_preview(project) as base:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(tp._page_url(project, base))
                seconds = []
                for run in range(args.runs):
                    marker = "Measure" + "abcdefghij"[run % 10] * (run + 1)
                    time.sleep(1)
                    started = time.perf_counter()
                    tp._edit(tp._article_file(project), lambda d: tp._unit(d, "intro").update(en=f"Text {marker}."))
                    expect(page.locator("article")).to_contain_text(marker, timeout=60_000)
                    seconds.append(time.perf_counter() - started)
                browser.close()
        log = (project / "preview.log").read_text(encoding="utf-8")
        splits = re.findall(r"rebuilt in ([\d.]+) s \(generate ([\d.]+) s, MkDocs ([\d.]+) s\)", log)[1:]
    print(f"{articles} articles")
    print(f"save → new text in the page: median {statistics.median(seconds):.2f} s, "
          f"min {min(seconds):.2f} s, max {max(seconds):.2f} s over {len(seconds)} saves")
    for total, gen, mk in splits:
        print(f"  server: rebuilt in {total} s (generate {gen} s, MkDocs {mk} s)")


if __name__ == "__main__":
    main()
