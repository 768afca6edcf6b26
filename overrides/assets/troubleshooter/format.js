// Typed values from the engine (troubleshooter/present.py), written for people: one rule per
// type, in the reader's language and time zone. The engine chooses every text; this module
// only writes its values.
//
//   datetime  "2026-11-20T09:30:00Z"  → the reader's zone, named in words; 12 or 24 hours
//                                       as the reader's language writes them
//   date      "2026-11-20"            → a calendar date
//   amount    "150000.50"             → like the articles' amounts (kb/formatting.py): the
//                                       locale's grouping, cents only when there are any, then
//                                       the page's amount pattern ("{number} USD"); exact, as
//                                       the decimal string is never turned into a float
//   number    "3", text "…"
//
// A message is {text, values}: its {placeholders} are filled with the values, written as above.

export function formatter(lang, amountPattern) {
  const dateFormat = new Intl.DateTimeFormat(lang, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const whenFormat = new Intl.DateTimeFormat(lang, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "numeric", minute: "2-digit", timeZoneName: "long" });
  const numberFormat = new Intl.NumberFormat(lang);
  const amountFormats = [0, 2].map((digits) => new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits, maximumFractionDigits: 2 }));

  function amount(text) {
    const cents = /\.\d*[1-9]/.test(text);
    // Intl formats a numeric string exactly (no float in between).
    const number = amountFormats[cents ? 1 : 0].format(text);
    return fill(amountPattern, { number });
  }

  const rules = {
    datetime: (v) => whenFormat.format(new Date(v)),
    date: (v) => dateFormat.format(new Date(`${v}T00:00:00Z`)),
    amount,
    number: (v) => numberFormat.format(Number(v)),
    text: (v) => v,
  };

  function value(typed) {
    if (typed === null || typed === undefined) return "—";
    if (typeof typed === "object" && "text" in typed) return say(typed);
    if (typed.value === null || typed.value === undefined) return "—";
    return (rules[typed.type] || rules.text)(String(typed.value));
  }

  function say(message) {
    if (!message) return "";
    const values = message.values || {};
    return fill(message.text, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, value(v)])));
  }

  // The reader's time zone in words ("Central European Time"), for the forms' note.
  function zone() {
    const parts = new Intl.DateTimeFormat(lang, { timeZoneName: "longGeneric" }).formatToParts(new Date());
    const named = parts.find((part) => part.type === "timeZoneName");
    return named ? named.value : Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }

  return { value, say, zone };
}

// {name} placeholders filled with plain strings; an unknown name shows as a dash.
export function fill(template, values) {
  return String(template || "").replace(/\{([a-z_][a-z0-9_]*)\}/g,
    (_, key) => (values[key] === undefined || values[key] === null ? "—" : String(values[key])));
}
