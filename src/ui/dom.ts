/**
 * A tiny DOM builder. Every string child becomes a text node, so model output and user input are
 * always text (there is deliberately no way to pass HTML). Attributes: `class`, `data-*`, `aria-*`
 * and other strings via setAttribute; `on<event>` functions as listeners; a few form properties
 * (`value`, `checked`, `disabled`, `hidden`, `open`, `selected`) are set as properties.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listener = (ev: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'open', 'selected']);

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, ...(c as readonly Child[]));
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (PROPS.has(key)) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else if (key === 'class') {
      el.className = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, ...children);
  return el;
}

/** Sets an element's text only when it changed (keeps selection and avoids layout work). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets or removes an attribute only when it changed. */
export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/** Replaces all children (text nodes and built elements only). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/**
 * A text node that grows by appending: streamed tokens cost O(new text), not O(all text).
 * `sync(full)` appends the new suffix, or resets when `full` is not an extension of what is shown.
 */
export class GrowingText {
  readonly node = document.createTextNode('');
  private shown = '';

  sync(full: string): boolean {
    if (full === this.shown) return false;
    if (full.startsWith(this.shown)) this.node.appendData(full.slice(this.shown.length));
    else this.node.data = full;
    this.shown = full;
    return true;
  }
}

/** A plain table (header row + cells) in a horizontally scrolling box, for the labs' result tables. */
export function dataTable(header: readonly string[], rows: readonly (readonly Child[])[]): HTMLElement {
  return h('div', { class: 'table-scroll' },
    h('table', null,
      h('thead', null, h('tr', null, ...header.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, c)))))));
}
