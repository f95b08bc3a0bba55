// Test helpers: pull the inline SVGs out of a page and check that their tags nest properly.

/** Every `<svg …>…</svg>` element of the page, outermost only (charts do not nest SVGs). */
export function inlineSvgs(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

/** Null when every tag is closed in order (self-closing tags allowed), else what went wrong. */
export function tagNestingProblem(markup: string): string | null {
  const stack: string[] = [];
  for (const match of markup.matchAll(/<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing !== '/') {
      stack.push(name!);
      continue;
    }
    const open = stack.pop();
    if (open !== name) return `</${name!}> closes <${open ?? 'nothing'}>`;
  }
  return stack.length === 0 ? null : `unclosed <${stack.join('>, <')}>`;
}
