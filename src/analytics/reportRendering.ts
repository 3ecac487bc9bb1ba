import { stringify } from 'csv-stringify/sync';
import { escapeHtml } from '../text/html';
import { escapeCell } from '../catalogue/tabular';
import type { Count, DemandReport } from './demandReport';

const LANGUAGE_NAMES: Record<string, string> = { de: 'Deutsch', en: 'Englisch', uk: 'Ukrainisch', ru: 'Russisch', ar: 'Arabisch', fa: 'Farsi/Dari' };
const show = (c: Count) => (c === null ? '<5' : String(c));

/** The demand cube (or the supply gap) as CSV for Excel: `;`, BOM, suppressed cells as "<5". */
export function reportCsv(report: DemandReport, table: 'demand' | 'gap'): Buffer {
  const rows =
    table === 'gap'
      ? [['ort', 'thema', 'nachfrage', 'angebote_15km', 'luecke'], ...report.supplyGap.map((g) => [g.townName, g.categoryName, show(g.demand), String(g.offersNearby), g.gap === null ? '' : String(g.gap)])]
      : [['monat', 'thema', 'ort', 'sprache', 'anzahl'], ...report.demand.map((d) => [d.month, d.category, d.town ?? '', d.lang, show(d.count)])];
  const body = stringify(rows.map((r) => r.map(escapeCell)), { delimiter: ';', record_delimiter: '\r\n' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

/** A horizontal bar chart as inline SVG: prints, needs no script, reads without colour. */
function barChart(title: string, items: { label: string; value: Count }[]): string {
  const shown = items.filter((i) => i.value !== 0).slice(0, 15);
  if (!shown.length) return `<p class="empty">${escapeHtml(title)}: noch keine Daten.</p>`;
  const max = Math.max(1, ...shown.map((i) => i.value ?? 0));
  const rowHeight = 22;
  const labelWidth = 230;
  const width = 640;
  const bars = shown
    .map((item, i) => {
      const y = i * rowHeight;
      const w = item.value === null ? 0 : Math.max(2, ((width - labelWidth - 60) * item.value) / max);
      return `<g transform="translate(0,${y})"><text x="${labelWidth - 6}" y="15" text-anchor="end">${escapeHtml(item.label)}</text><rect x="${labelWidth}" y="3" width="${w.toFixed(1)}" height="15" class="bar"/><text x="${(labelWidth + w + 5).toFixed(1)}" y="15">${escapeHtml(show(item.value))}</text></g>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${shown.length * rowHeight}" width="100%" xmlns="http://www.w3.org/2000/svg">${bars}</svg></figure>`;
}

function table(headers: string[], rows: string[][]): string {
  if (!rows.length) return '<p class="empty">Keine Einträge.</p>';
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** One self-contained HTML file a person can e-mail or print: no script, no external resource. */
export function reportHtml(report: DemandReport): string {
  const period = report.period.from ? `${report.period.from} bis ${report.period.to}` : 'noch keine Daten';
  const h = report.handoffs;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bildungslotse Mittelsachsen – Nachfragebericht ${escapeHtml(period)}</title>
<style>
body{font-family:system-ui,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:2px solid #0b5394;padding-bottom:.2rem}
.meta,.note{color:#444;font-size:.9rem}.note{background:#f3f6fa;border-left:4px solid #0b5394;padding:.5rem .8rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem;margin:1rem 0}
.kpi{border:1px solid #ccd;border-radius:.4rem;padding:.5rem .7rem}.kpi b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ccd;padding:.3rem .5rem;text-align:start}th{background:#eef2f7}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-size:12px;fill:#1b1b1b}.bar{fill:#0b5394}
.empty{color:#666;font-style:italic}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}
</style>
</head>
<body>
<h1>Nachfragebericht Bildungslotse Mittelsachsen</h1>
<p class="meta">Zeitraum: ${escapeHtml(period)} · erstellt ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<p class="note">Datenschutz: Grundlage sind anonyme Ereignisse (Stunde, Sprache, Thema, Ort, Anzahl der Treffer) ohne Personen-, Gesprächs- oder Textbezug. Felder mit weniger als ${report.k} Ereignissen werden als „&lt;${report.k}“ unterdrückt (k-Anonymität), damit niemand erkennbar ist; in diesem Bericht betrifft das ${report.suppressedCells} Felder.</p>
<div class="kpis">
<div class="kpi"><b>${escapeHtml(show(report.totals.questions))}</b>Anfragen</div>
<div class="kpi"><b>${escapeHtml(show(report.totals.unanswered))}</b>ohne passendes Ergebnis</div>
<div class="kpi"><b>${escapeHtml(show(h.requested))}</b>Übergaben an die Beratung</div>
<div class="kpi"><b>${h.medianWaitMinutes === null ? '–' : escapeHtml(String(h.medianWaitMinutes))}</b>Minuten Wartezeit (Median)</div>
</div>
<h2>Was wird gefragt?</h2>
${barChart('Anfragen nach Thema', report.byCategory.map((c) => ({ label: c.name, value: c.count })))}
<h2>In welcher Sprache?</h2>
${barChart('Anfragen nach Sprache', Object.entries(report.totals.byLanguage).map(([l, v]) => ({ label: LANGUAGE_NAMES[l] ?? l, value: v })))}
<h2>Wo?</h2>
${barChart('Anfragen nach Ort (nur Anfragen mit Ort)', report.byTown.map((t) => ({ label: t.name, value: t.count })))}
${report.byMonth.length > 1 ? barChart('Anfragen nach Monat', report.byMonth.map((m) => ({ label: m.month, value: m.count }))) : ''}
<h2>Wo fehlt ein Angebot? (Versorgungslücken)</h2>
<p class="meta">Nachfrage je Ort und Thema gegenüber den aktiven Angeboten im Umkreis von 15 km (Online-Angebote zählen überall). Lücke = Nachfrage ÷ (Angebote + 1); die größten zuerst.</p>
${table(
  ['Ort', 'Thema', 'Nachfrage', 'Angebote ≤ 15 km', 'Lücke'],
  report.supplyGap.filter((g) => g.demand !== null).slice(0, 25).map((g) => [g.townName, g.categoryName, show(g.demand), String(g.offersNearby), g.gap === null ? '–' : String(g.gap)]),
)}
<h2>Häufige Fragen ohne Antwort</h2>
${table(['Frage (anonymisiert)', 'Sprache', 'Anzahl'], report.unanswered.map((u) => [u.text, LANGUAGE_NAMES[u.lang] ?? u.lang, show(u.count)]))}
<h2>Übergaben an die Beratung</h2>
${table(
  ['angefragt', 'angenommen', 'Rückrufwünsche', 'Wartezeit (Median)', 'hilfreich', 'nicht hilfreich'],
  [[show(h.requested), show(h.accepted), show(h.callbacks), h.medianWaitMinutes === null ? '–' : `${h.medianWaitMinutes} min`, show(h.feedback.helpful), show(h.feedback.notHelpful)]],
)}
${barChart('Ergebnisse der Beratungsgespräche', h.outcomes.map((o) => ({ label: o.outcome, value: o.count })))}
</body>
</html>
`;
}
