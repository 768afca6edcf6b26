"""The French translation workflow, by job. Every bilingual text of content/ is a unit
(kb/units.py) under its stable key, the PO message context: article units (`KB70/intro`),
interface texts (`ui/note`), categories (`category/logging-in/title`), glossary terms
(`terms/client_portal`) and the troubleshooter's flow (`flow/start/question`,
`flow/tools/access/at`, `flow/ui/back`…); Site.units() walks them all.

    state.py     a unit's state (current, unverified, stale, missing) and the checks of its French
    memory.py    the translation memory: the English each fingerprint stands for
    yamledit.py  writing French and fingerprints back into the YAML (ruamel round trip)
    report.py    `kb translations` (table, --json)
    accept.py    `kb translations --accept`
    notices.py   the notice on French pages that are not fully up to date
    cli.py       the `kb translations` command line
    po.py        `kb po export/import`: PO catalogs for translators

Fingerprints: `fr_from` (next to `fr` in the source YAML) is kb.fingerprint.fingerprint of
the English the French was translated from."""
