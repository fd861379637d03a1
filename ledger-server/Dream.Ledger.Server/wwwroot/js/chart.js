// Interval energy chart drawn as inline SVG: import bars above the zero line, export bars below it.

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const hhmm = (ms) => new Date(ms).toISOString().slice(11, 16);
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Rounds up to 1, 2 or 5 times a power of ten, so the axis reads well. */
function niceCeiling(value) {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

/**
 * intervals: [{ seq, start, end, importWh, exportWh, logIndex }] in time order.
 * onSelect(interval) runs when a bar is clicked.
 */
export function intervalChart(intervals, { width = 760, height = 240, onSelect } = {}) {
  const left = 64, right = 12, top = 14, bottom = 34;
  const plotW = width - left - right, plotH = height - top - bottom;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', role: 'img' });
  const maxImport = niceCeiling(Math.max(0, ...intervals.map((i) => i.importWh)));
  const maxExport = Math.max(0, ...intervals.map((i) => i.exportWh)) > 0 ? niceCeiling(Math.max(...intervals.map((i) => i.exportWh))) : 0;
  const total = maxImport + maxExport;
  const zero = top + plotH * (maxImport / total);
  const perWh = plotH / total;

  svg.append(s('rect', { x: left, y: top, width: plotW, height: plotH, class: 'plot' }));
  // y axis: the import scale above zero, the export scale below
  for (const [value, y] of [[maxImport, top], [0, zero], ...(maxExport > 0 ? [[-maxExport, top + plotH]] : [])]) {
    svg.append(s('line', { x1: left - 4, x2: left + plotW, y1: y, y2: y, class: value === 0 ? 'zero' : 'grid' }));
    svg.append(s('text', { x: left - 8, y: y + 4, class: 'tick', 'text-anchor': 'end' }, `${Math.abs(value)} Wh`));
  }
  svg.append(s('text', { x: left + 4, y: top + 12, class: 'legend import' }, '▲ import'));
  if (maxExport > 0) svg.append(s('text', { x: left + 4, y: top + plotH - 4, class: 'legend export' }, '▼ export'));

  const n = Math.max(1, intervals.length);
  const step = plotW / n;
  const barW = Math.max(1, step * 0.8);
  intervals.forEach((interval, i) => {
    const x = left + i * step + (step - barW) / 2;
    const g = s('g', { class: 'interval', 'data-seq': interval.seq, 'data-log-index': interval.logIndex });
    g.append(s('title', {}, `#${interval.seq} ${day(interval.start)} ${hhmm(interval.start)}–${hhmm(interval.end)} UTC: import ${interval.importWh} Wh, export ${interval.exportWh} Wh (log index ${interval.logIndex})`));
    const hi = interval.importWh * perWh;
    const he = interval.exportWh * perWh;
    g.append(s('rect', { x, y: zero - hi, width: barW, height: hi, class: 'bar import', 'data-wh': interval.importWh }));
    g.append(s('rect', { x, y: zero, width: barW, height: he, class: 'bar export', 'data-wh': interval.exportWh }));
    // a transparent hit area, so that short bars are easy to click
    g.append(s('rect', { x: left + i * step, y: top, width: step, height: plotH, class: 'hit' }));
    if (onSelect) g.addEventListener('click', () => onSelect(interval));
    svg.append(g);
  });

  if (intervals.length > 0) {
    const labels = intervals.length > 1 ? [0, Math.floor((intervals.length - 1) / 2), intervals.length - 1] : [0];
    for (const i of labels) {
      const x = left + i * step + step / 2;
      svg.append(s('text', { x, y: top + plotH + 14, class: 'tick', 'text-anchor': 'middle' }, hhmm(intervals[i].start)));
      svg.append(s('text', { x, y: top + plotH + 27, class: 'tick small', 'text-anchor': 'middle' }, day(intervals[i].start)));
    }
  } else {
    svg.append(s('text', { x: left + plotW / 2, y: top + plotH / 2, class: 'tick', 'text-anchor': 'middle' }, 'no readings yet'));
  }

  return svg;
}
