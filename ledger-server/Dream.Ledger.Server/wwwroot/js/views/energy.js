// Energy: each device's passport and its interval import/export chart.
import { dashboard } from '../api.js';
import { h, replace, table, shortDid, shortHash, time } from '../dom.js';
import { intervalChart } from '../chart.js';

const MAX_CHARTS = 12;

export async function refreshEnergy({ prove }) {
  const devices = await dashboard('devices');
  replace('devices', devices.length === 0
    ? h('p', { class: 'na' }, 'No approved passports yet.')
    : table(devices, [
      ['device', (d) => h('span', { title: d.device }, shortDid(d.device))],
      ['meter', (d) => `${d.manufacturer} ${d.model}`],
      ['serial', (d) => d.serial],
      ['owner', (d) => h('span', { title: d.owner }, d.ownerName ?? shortDid(d.owner))],
      ['passport', (d) => h('span', { title: d.passport }, shortHash(d.passport))],
      ['status', (d) => h('span', { class: d.status === 'approved' ? 'ok' : 'bad' }, d.status)],
      ['export', (d) => (d.measuresExport ? 'yes' : 'no')],
      ['readings through', (d) => `#${d.throughSeq}${d.maxSeq > d.throughSeq ? ` (up to #${d.maxSeq})` : ''}`],
      ['gaps', (d) => h('span', { class: d.gaps > 0 ? 'bad' : '' }, String(d.gaps))],
      ['last interval end', (d) => time(d.lastEnd)],
    ], { id: 'devices-table' }));

  const shown = devices.slice(0, MAX_CHARTS);
  const series = await Promise.all(shown.map((d) => dashboard(`devices/${encodeURIComponent(d.device)}/intervals?limit=96`)));
  replace('charts', shown.map((d, i) => {
    const intervals = series[i].intervals;
    const sum = (k) => intervals.reduce((n, x) => n + x[k], 0);
    return h('div', { class: 'card chart-card', 'data-device': d.device },
      h('h3', {}, `${d.manufacturer} ${d.model} · `, h('span', { title: d.device }, shortDid(d.device))),
      h('p', { class: 'muted' }, `${intervals.length} intervals · import ${sum('importWh')} Wh · export ${sum('exportWh')} Wh · click a bar to prove that reading`),
      intervalChart(intervals, { onSelect: (x) => prove(x.logIndex) }));
  }));
}
