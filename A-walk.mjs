import { chromium } from '@playwright/test';
const B = 'http://localhost:3311';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function signIn(page, email) {
  await page.goto(B + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForLoadState('networkidle');
}
const hydrated = (page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
for (const w of [1280, 360]) {
  const ctx = await b.newContext({ viewport: { width: w, height: w === 360 ? 740 : 900 }, hasTouch: w === 360, isMobile: w === 360 });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await signIn(page, 'clinician@demo.test');
  await page.goto(B + '/clinic/patients');
  await page.getByRole('link', { name: /Sofia Rossi/ }).first().click();
  await page.waitForURL(/clinic\/patients\/[a-z0-9]+$/);
  await hydrated(page);
  const patientUrl = page.url();
  const grid = page.locator('section[aria-labelledby=photos-heading]');
  await page.getByRole('link', { name: 'Compare sessions' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/work/shots/15/A-photos-card-${w}.png` });
  await page.locator('.grid-photos').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/work/shots/15/A-grid-${w}.png` });
  // captions: lines
  const lines = await page.locator('.caption').evaluateAll((els) => els.map((e) => [...e.children].filter((c) => c.getClientRects().length).map((c) => c.getBoundingClientRect().top).filter((t, i, a) => a.findIndex((u) => Math.abs(u - t) < 4) === i).length));
  console.log(w, 'caption line counts', [...new Set(lines)]);
  await page.getByRole('link', { name: 'Compare sessions' }).click();
  await page.waitForURL(/compare\/sessions/);
  await hydrated(page);
  await page.screenshot({ path: `/work/shots/15/A-sessions-${w}.png`, fullPage: true });
  console.log('left', await page.getByLabel('Left column').inputValue(), 'right', await page.getByLabel('Right column').inputValue());
  console.log('not taken', await page.getByText('Not taken').count());
  // open a cell in the viewer
  await page.locator('table a[href$="full.jpg"]').first().click();
  await page.locator('dialog[open] img').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/work/shots/15/A-sessions-viewer-${w}.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Two photos' }).click();
  await page.waitForURL(/compare($|\?)/);
  await hydrated(page);
  await page.screenshot({ path: `/work/shots/15/A-compare-slider-${w}.png`, fullPage: true });
  for (const m of ['Side by side', 'Fade']) {
    await page.getByText(m, { exact: true }).click();
    await page.waitForURL(/mode=/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/work/shots/15/A-compare-${m === 'Fade' ? 'fade' : 'side'}-${w}.png`, fullPage: true });
  }
  // viewer from the patient page
  await page.goto(patientUrl);
  await hydrated(page);
  const thumb = page.locator('.grid-photos a').first();
  await thumb.scrollIntoViewIfNeeded();
  await thumb.click();
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  await page.waitForTimeout(1000);
  console.log('caption', await dlg.locator('.caption').innerText());
  console.log('img natural', await dlg.locator('img').evaluate((i) => [i.naturalWidth, i.naturalHeight, i.currentSrc]));
  await page.screenshot({ path: `/work/shots/15/A-viewer-${w}.png` });
  await page.keyboard.press('+'); await page.keyboard.press('+');
  await page.waitForTimeout(300);
  console.log('zoom', await dlg.locator('.level').innerText());
  await page.screenshot({ path: `/work/shots/15/A-viewer-zoom-${w}.png` });
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(800);
  console.log('next caption', await dlg.locator('.caption').innerText(), 'zoom', await dlg.locator('.level').innerText());
  await page.keyboard.press('Escape');
  await page.waitForTimeout(200);
  console.log('open after esc', await page.locator('dialog[open]').count(), 'focus', await page.evaluate(() => document.activeElement?.getAttribute('aria-label')));
  await ctx.close();
}
// patient on a phone
const ctx = await b.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
const page = await ctx.newPage();
await signIn(page, 'patient@demo.test');
await page.goto(B + '/me'); await hydrated(page);
const t = page.locator('.views a').first();
await t.scrollIntoViewIfNeeded();
console.log('thumb width', (await t.boundingBox()).width);
await page.screenshot({ path: '/work/shots/15/A-patient-timeline-360.png' });
await t.tap();
const dlg = page.locator('dialog[open]');
await dlg.waitFor(); await page.waitForTimeout(800);
console.log('caption', await dlg.locator('.caption').innerText());
await page.screenshot({ path: '/work/shots/15/A-patient-viewer-360.png' });
const box = await dlg.locator('.stage').boundingBox();
const cdp = await ctx.newCDPSession(page);
const y = box.y + box.height / 2;
await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + box.width * 0.8, y }] });
for (let i = 1; i <= 6; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: box.x + box.width * (0.8 - i * 0.1), y }] });
await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
await page.waitForTimeout(800);
console.log('after swipe', await dlg.locator('.caption').innerText());
await page.screenshot({ path: '/work/shots/15/A-patient-viewer-swiped-360.png' });
await ctx.close();
await b.close();
