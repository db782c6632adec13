// Bar charts as inline SVG, drawn from the numbers the API gives. Each bar carries its label and value as data-*
// attributes and a <title> (a tooltip, and what a screen reader reads); a visually hidden table repeats the numbers.
import { h, svg } from '/web/dom.js';

const WIDTH = 640;
const ROW = 26;
const LABEL_W = 210;
const VALUE_W = 70;

let chartSeq = 0;

/** A table with the chart's numbers, for screen readers (the SVG is the picture, this is the data). */
function dataTable(caption, head, rows) {
  return h('table', { class: 'sr-only' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, String(c))))))),
  );
}

/**
 * One horizontal bar per item: [{ key, label, value, note? }]. `format` writes the number beside the bar.
 */
export function horizontalBars({ title, items, empty, unit = '', format = (v) => String(v) }) {
  const id = `chart-${++chartSeq}`;
  if (items.length === 0) return h('p', { class: 'hint' }, empty);
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * ROW + 8;
  const scale = (WIDTH - LABEL_W - VALUE_W) / max;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${id}-title` },
    svg('title', { id: `${id}-title` }, title),
    items.map((item, i) => {
      const y = 4 + i * ROW;
      const w = Math.max(item.value > 0 ? 2 : 0, item.value * scale);
      return svg('g', { class: 'bar', dataset: { key: item.key, value: String(item.value) } },
        svg('title', {}, `${item.label}: ${format(item.value)}${unit}${item.note ? ` (${item.note})` : ''}`),
        svg('text', { x: LABEL_W - 6, y: y + ROW / 2 + 4, 'text-anchor': 'end' }, truncate(item.label, 30)),
        svg('rect', { class: 'bar-rect', x: LABEL_W, y: y + 3, width: w.toFixed(1), height: ROW - 8, rx: 2 }),
        svg('text', { class: 'bar-value', x: LABEL_W + w + 6, y: y + ROW / 2 + 4 }, format(item.value)),
      );
    }),
  );
  return h('div', {}, chart, dataTable(title, ['', title], items.map((i) => [i.label, format(i.value)])));
}

/** Two bars per category (before, after): [{ key, label, before, after }]. */
export function groupedBars({ title, categories, series }) {
  const id = `chart-${++chartSeq}`;
  const height = 220;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const plotH = height - top - bottom;
  const slot = (WIDTH - left) / categories.length;
  const barW = Math.min(22, (slot - 8) / 2);
  const max = Math.max(1, ...categories.flatMap((c) => series.map((s) => c[s.key])));
  const y = (v) => top + plotH - (v / max) * plotH;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${id}-title` },
    svg('title', { id: `${id}-title` }, title),
    svg('line', { class: 'axis', x1: left, y1: top + plotH, x2: WIDTH, y2: top + plotH }),
    svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)),
    svg('text', { x: left - 6, y: top + plotH, 'text-anchor': 'end' }, '0'),
    categories.map((c, i) => {
      const x0 = left + i * slot + (slot - barW * series.length) / 2;
      return svg('g', { class: 'category', dataset: { key: c.key } },
        series.map((s, j) =>
          svg('g', { class: 'bar', dataset: { key: c.key, series: s.key, value: String(c[s.key]) } },
            svg('title', {}, `${c.label} · ${s.label}: ${c[s.key]}`),
            svg('rect', { class: s.className, x: (x0 + j * barW).toFixed(1), y: y(c[s.key]).toFixed(1), width: (barW - 2).toFixed(1), height: (top + plotH - y(c[s.key])).toFixed(1) }),
          ),
        ),
        svg('text', { x: (left + i * slot + slot / 2).toFixed(1), y: height - 8, 'text-anchor': 'middle' }, c.label),
      );
    }),
  );
  const legend = h('ul', { class: 'legend' }, series.map((s) => h('li', {}, h('span', { class: `swatch ${s.swatch}` }), s.label)));
  return h('div', {}, legend, chart, dataTable(title, ['', ...series.map((s) => s.label)], categories.map((c) => [c.label, ...series.map((s) => c[s.key])])));
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
