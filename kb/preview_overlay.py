"""The preview's error overlay: the generator's one-line error, shown on every page while
the last save of content/ does not load (kb/preview.py). In English, the docs team's
language. Every text is escaped: an error message may quote the very text that failed."""

from html import escape
BOX = ("position:fixed;z-index:1000;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;"
       "padding:1rem 1.2rem;background:#fff3f3;color:#1a1a1a;border:2px solid #c62828;border-radius:.4rem;"
       "box-shadow:0 .3rem 1.2rem rgba(0,0,0,.3);font:15px/1.45 system-ui,sans-serif")
CODE = "display:block;margin:.5rem 0;padding:.4rem .6rem;background:#fff;white-space:pre-wrap;word-break:break-word"


def overlay_html(error):
    """`error`: kb.preview.describe's dict (file with the unit's line, unit, message, line)."""
    rows = []
    if error.get("file"):
        rows.append(("File", error["file"]))
    if error.get("unit"):
        rows.append(("Unit", error["unit"]))
    rows.append(("Expected", error["message"]))
    items = "".join(f'<dt style="font-weight:bold">{escape(k)}</dt><dd style="margin:0 0 .3rem 1rem" data-field="{escape(k.lower())}">{escape(v)}</dd>'
                    for k, v in rows)
    return (f'<div id="kb-preview-error" role="alert" style="{BOX}">'
            '<strong style="font-size:1.1em;color:#b71c1c">The source does not load: this is the last good version of the page.</strong>'
            f'<code style="{CODE}">{escape(error["line"])}</code>'
            f'<dl style="margin:.3rem 0">{items}</dl>'
            '<p style="margin:.3rem 0 0">Fix it and save: the preview rebuilds and this message goes away by itself.</p>'
            '</div>')
