"""kb: the help centre's generator. content/ (structured source) → docs/ + docs_<language>/ (Markdown)
and troubleshooter/_data/ (the engine's facts and flow)."""
