import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { escapeHtml, htmlPage } from './html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x">Tom's & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;');
  });

  it('turns non-strings into text', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });
});

describe('htmlPage', () => {
  const page = htmlPage({
    title: 'Audit: <churn>',
    sections: [
      { id: 'summary', title: 'Summary & more', html: '<p>ok</p>' },
      { id: 'class-balance', title: 'Class balance', html: '<p>two</p>' },
    ],
  });

  it('is one HTML document with an escaped title', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>Audit: &lt;churn&gt;</title>');
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('gives each section its id and a link in the table of contents', () => {
    expect(page).toContain('<section id="summary">');
    expect(page).toContain('<section id="class-balance">');
    expect(page).toContain('<a href="#class-balance">Class balance</a>');
    expect(page).toContain('<h2>Summary &amp; more</h2>');
  });

  it('inlines its stylesheet and forbids every load but inline styles and data: images', () => {
    expect(page).toMatch(/<style>[\s\S]+<\/style>/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).not.toMatch(/<script|<link/);
  });

  it('rejects a section id that is not a unique lowercase-dashed id', () => {
    expect(() => htmlPage({ title: 't', sections: [{ id: 'Bad id', title: 'x', html: '' }] })).toThrow(FlywheelError);
    const twice = { id: 'a', title: 'x', html: '' };
    expect(() => htmlPage({ title: 't', sections: [twice, twice] })).toThrow('report section id "a"');
  });
});
