import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';

/**
 * A minimal page at `/` until the full web chat lands: a question box that calls /api/ask.
 * Results are written with textContent, never innerHTML, and a nonce-based CSP forbids any
 * other script.
 */
export function registerHomePage(server: Server, deps: { hasSampleData: () => boolean }): void {
  server.get('/', async (_req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const banner = deps.hasSampleData()
      ? '<p class="banner" role="note">Beispieldaten: Der Katalog enthält noch illustrative Angebote. Bitte Details beim Anbieter prüfen.</p>'
      : '';
    const html = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bildungslotse Mittelsachsen</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
.banner{background:#fff3cd;padding:.5rem 1rem;border-radius:.3rem}
form{display:flex;gap:.5rem}input{flex:1;padding:.6rem;font-size:1rem}button{padding:.6rem 1rem;font-size:1rem}
li{margin:.5rem 0}
</style></head>
<body><main>
<h1>Bildungslotse Mittelsachsen</h1>
${banner}
<p>Fragen Sie nach Deutschkursen, Schule, Ausbildung, Studium, Anerkennung, Beratung, Kinderbetreuung oder Arbeit im Landkreis Mittelsachsen.</p>
<form id="ask"><label for="q" hidden>Frage</label><input id="q" name="q" required maxlength="2000" placeholder="z. B. Integrationskurs in Döbeln" autocomplete="off"><button type="submit">Fragen</button></form>
<div id="out" aria-live="polite"></div>
<p><small>Datenschutz: Ihre Frage wird nur zur Beantwortung verwendet. Für den Chat mit dem Bot verbinden Sie den Bot Framework Emulator mit http://localhost:3978/api/messages.</small></p>
</main>
<script nonce="${nonce}">
const out=document.getElementById('out');
document.getElementById('ask').addEventListener('submit',async(e)=>{e.preventDefault();
out.textContent='…';
const r=await fetch('/api/ask',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({text:document.getElementById('q').value})});
const data=await r.json();out.textContent='';
if(data.error){out.textContent=data.error.message;return;}
if(data.answer){const p=document.createElement('p');p.textContent=data.answer.text;out.append(p);}
const ul=document.createElement('ul');
for(const o of data.offers){const li=document.createElement('li');li.textContent=o.title+' — '+o.provider+(o.sample?' (Beispiel)':'');ul.append(li);}
out.append(ul);
if(!data.answer&&data.offers.length===0){out.textContent='Dazu habe ich nichts gefunden.';}
});
</script></body></html>`;
    res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendRaw(200, html);
  });
}
