"""The notice on translated pages that are not fully up to date (a stale unit, or English
shown in place of a missing translation): its texts go into the page's front matter, next to
`translation:`; overrides/partials/translation-notice.html shows them."""

import json
from pathlib import Path

NOTICE_KEYS = ("translation_notice_title", "translation_notice")


def add_translation_notices(site, outputs, statuses, folder, lang):
    """The pages of `lang` (in `folder`) with a stale or fallback unit get the notice's texts (content/ui.yaml:
    translation_notice_title, translation_notice) in their front matter, next to
    `translation:`; overrides/partials/translation-notice.html shows them."""
    from ..render import Renderer
    renderer = Renderer(site, strict=False)
    texts = None
    for page, status in statuses.items():
        if status.state == "complete":
            continue
        path = Path(folder) / page
        markdown = outputs.get(path)
        if markdown is None:
            continue
        if texts is None:
            texts = {key: renderer.plain(key, lang, page) for key in NOTICE_KEYS}
        lines = markdown.split("\n")
        for number, line in enumerate(lines):
            if line.startswith("translation: "):
                lines[number + 1:number + 1] = [f"{key}: {json.dumps(texts[key], ensure_ascii=False)}" for key in NOTICE_KEYS]
                break
            if number > 0 and line == "---":
                break
        outputs[path] = "\n".join(lines)
    return outputs
