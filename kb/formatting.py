"""Facts as readers see them, per language: numbers and amounts through Babel's CLDR data
(1,000,000 USD / 1 000 000 USD), never by hand."""

from babel import Locale, localedata
from babel.numbers import (SPACE_CHARS, format_decimal, get_currency_symbol, get_decimal_symbol,
                           get_group_symbol)

from .facts import UNLIMITED
from .languages import LANGUAGES, get

NBSP = "\u00a0"
# An amount as readers see it, in articles and in the calculators (the troubleshooter page
# reads this pattern, and writes the number with the browser's Intl for the same locale).
AMOUNT_PATTERN = "{number}\u00a0USD"


def format_number(value, lang):
    return format_decimal(value, locale=get(lang).babel)


def number_symbols(lang):
    """What the engine needs to read an amount typed in `lang` the way Babel's `parse_decimal`
    reads it (the engine runs without Babel: these go into flow.json `numbers`).
    `spaces`: the spaces parse_decimal takes for a space group symbol. `currency`: every sign
    a locale of the site's languages writes for the US dollar, and its code: the calculator
    counts in US dollars only, so none of them is ambiguous in either language. A space inside
    a sign ("$ US") is optional to the engine, so signs are listed without it."""
    locale = get(lang).babel
    site_languages = {language.babel.split("_")[0] for language in LANGUAGES}
    signs = {"USD"} | {"".join(get_currency_symbol("USD", other).split())
                       for other in localedata.locale_identifiers() if other.split("_")[0] in site_languages}
    return {
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "spaces": sorted(SPACE_CHARS),
        "grouping": list(Locale.parse(locale).decimal_formats[None].grouping),
        "currency": sorted(signs),
    }


def format_fact(fact, lang, unlimited_text, line_break=", ", escape=str):
    """The text of a fact in `lang`. `unlimited_text` is the interface word for an
    unlimited amount; `line_break` joins the lines of an address; `escape` makes a text
    value safe where it is inserted (the renderer's HTML escaping)."""
    value = fact.value
    if fact.kind == "usd":
        if value == UNLIMITED:
            return unlimited_text
        return AMOUNT_PATTERN.format(number=format_number(value, lang))
    if fact.kind in {"count", "days", "hours", "weeks", "number"}:
        return format_number(value, lang)
    if fact.kind == "email":
        return f"[{value}](mailto:{value})"
    if fact.kind == "address":
        return line_break.join(escape(line.strip()) for line in str(value).splitlines())
    if fact.kind == "phone":
        # A telephone number must not break across lines, and a tap on it dials it.
        return f"[{escape(str(value)).replace(' ', NBSP)}]({tel_uri(value)})"
    return escape(str(value))


def tel_uri(number):
    """The tel: URI of a number written as the seeds write it. A leading + or 00 is the
    international prefix; "1 (877) …" and "1-877-…" are North American numbers written with
    their country code; anything else is a national number, dialled as written."""
    text = str(number).strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("1") and len(digits) == 11:
        return f"tel:+{digits}"
    return f"tel:{digits}"


# Dates readers see ("last updated"): CLDR's long form of the language, the one date format.
DATE_FORMAT = "long"


def format_date(value, lang):
    """November 30, 2026 / 30 novembre 2026."""
    from babel.dates import format_date as babel_format_date
    return babel_format_date(value, format=DATE_FORMAT, locale=get(lang).babel)
