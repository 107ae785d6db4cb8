/**
 * @jest-environment node
 */
import fs from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from './mini-program-globals';

/**
 * What every page's markup and styles owe people who read it differently: a label on each input
 * and image (read out by the screen reader WeChat supports), and text colours with a contrast of
 * at least 4.5:1 (WCAG AA) against the backgrounds they sit on.
 */

function filesEndingWith(suffix: string, dir = MINIPROGRAM_ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesEndingWith(suffix, full);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(MINIPROGRAM_ROOT, file);

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The backgrounds text sits on: the page's and the cards' (app.wxss), unless a rule sets its own. */
const BACKGROUNDS = ['#f5f6f7', '#ffffff'];

describe('accessibility of the pages', () => {
  const wxml = filesEndingWith('.wxml');
  const wxss = filesEndingWith('.wxss');

  it('finds the pages', () => {
    expect(wxml.map(relative)).toEqual(
      expect.arrayContaining(['pages/sign-in/index.wxml', 'pages/profile/index.wxml']),
    );
    expect(wxss.map(relative)).toContain('app.wxss');
  });

  it.each(['input', 'image', 'checkbox'])('labels every <%s>', (tag) => {
    const unlabelled = wxml.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(new RegExp(`<${tag}(?=[\\s/>])[^>]*>`, 'g'))]
        .filter(([element]) => !/\saria-label="[^"]+"/.test(element))
        .map(([element]) => `${relative(file)}: ${element.replace(/\s+/g, ' ')}`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('keeps text at a contrast of 4.5:1 or more', () => {
    const tooFaint: string[] = [];
    for (const file of wxss) {
      const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
        const color = /(?:^|;|\s)color:\s*(#[0-9a-f]{6})/i.exec(body!)?.[1];
        if (!color) continue;
        const own = /background(?:-color)?:\s*(#[0-9a-f]{6})/i.exec(body!)?.[1];
        for (const background of own ? [own] : BACKGROUNDS) {
          const ratio = contrast(color, background);
          if (ratio < 4.5) {
            tooFaint.push(
              `${relative(file)} ${selector!.trim()}: ${color} on ${background} is ${ratio.toFixed(2)}`,
            );
          }
        }
      }
    }
    expect(tooFaint).toEqual([]);
  });

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // The old hint grey, which read too faintly on white.
    expect(contrast('#8f959e', '#ffffff')).toBeLessThan(4.5);
  });
});
