// Builds elements. Text is always inserted as text (Text nodes, textContent), never parsed as HTML: whatever the API
// returns (a customer named "<img src=x onerror=…>") shows as the characters it is.

/**
 * h('a', { href: '#/x', class: 'button', onclick: fn }, 'text', child, [more]) → an element.
 * Attributes: null/undefined/false are left out, true is an empty attribute; "on…" adds a listener.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children: nodes as they are, anything else as text; null, undefined and false are skipped. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export const uniqueId = (prefix) => `${prefix}-${++ids}`;

/** The hash route of a path made of ids: each one encoded, so an id never changes the route's shape. */
export const route = (...segments) => '#/' + segments.map((segment) => encodeURIComponent(segment)).join('/');
