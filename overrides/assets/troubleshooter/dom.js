// Small DOM helpers of the troubleshooter page.

// An element with attributes and children. `html` sets already-sanitised flow HTML (the
// generator's allowlist, kb/markup.py); `text` sets text; anything else is an attribute.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "html") el.innerHTML = value;          // trusted: texts of flow.json
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// The text of an HTML fragment, read in an inert document: nothing in it loads or runs.
export function plainText(htmlText) {
  const doc = new DOMParser().parseFromString(htmlText || "", "text/html");
  return doc.body.textContent.replace(/\s+/g, " ").trim();
}

// The element of an HTML fragment the build rendered (kb/steps.py): trusted like `html` above.
export function fragment(htmlText) {
  const holder = document.createElement("template");
  holder.innerHTML = htmlText;
  return holder.content.firstElementChild;
}
