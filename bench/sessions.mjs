// Signs N demo personas in, each in its own browser context, opens their home page and keeps the
// sessions open; prints the portal's resident memory and heap before and after.
// usage: node sessions.mjs <baseUrl> <pid> [sessions=20] [jcmd]
// With jcmd, the heap is measured after a full GC, so the difference is what the sessions keep.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const [base = 'http://localhost:8080', pid, count = '20', jcmd] = process.argv.slice(2);
const gc = () => { if (jcmd) execFileSync(jcmd, [pid, 'GC.run'], { stdio: 'ignore' }); };
const users = ['ds.credit', 'ds.fraud', 'reviewer.risk', 'reviewer.gov', 'manager.credit', 'admin'];
const rssMiB = () => Math.round(Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024);
const heapMiB = async () => {
  // the scrape credential of the portal (ESTEIRA_METRICS_USERNAME / ESTEIRA_METRICS_PASSWORD)
  const credential = Buffer.from(`${process.env.ESTEIRA_METRICS_USERNAME ?? 'prometheus'}:${process.env.ESTEIRA_METRICS_PASSWORD ?? ''}`).toString('base64');
  const text = await (await fetch(`${base}/actuator/prometheus`, { headers: { Authorization: `Basic ${credential}` } })).text();
  const used = text.split('\n').filter(l => l.startsWith('jvm_memory_used_bytes{') && l.includes('area="heap"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  return Math.round(used / 1048576);
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
gc();
console.log(`before: rss=${rssMiB()} MiB heap${jcmd ? ' after GC' : ''}=${await heapMiB()} MiB`);
const contexts = [];
for (let i = 0; i < Number(count); i++) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/login');
  await page.fill('input[name=username]', users[i % users.length]);
  await page.fill('input[name=password]', 'demo');
  await page.press('input[name=password]', 'Enter');
  await page.waitForSelector('#sign-out');
  contexts.push(context);
}
await new Promise(r => setTimeout(r, 3000));
gc();
console.log(`after ${count} signed-in sessions: rss=${rssMiB()} MiB heap${jcmd ? ' after GC' : ''}=${await heapMiB()} MiB`);
await browser.close();
