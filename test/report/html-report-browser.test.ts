import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHtmlReport } from '../../src/report/html-report.js';
import { writeResultFiles } from '../../src/report/write-result-dir.js';
import { fixtureRunResult, writeFixtureHlog } from './helpers/run-result-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// In CI the browser must be there: a missing one fails the test instead of skipping it.
const skip = !available && !process.env.CI;
if (skip)
  console.warn(
    `html-report-browser: skipped, ${CHROMIUM} is absent (install it: apt-get install -y chromium)`,
  );

const SCREENSHOT_DIR = resolve('test-output');
let dir = '';

beforeAll(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'chatload-browser-'));
  const result = fixtureRunResult();
  writeFixtureHlog(dir, result);
  writeResultFiles(dir, result);
  await writeHtmlReport(dir);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('report.html in a browser', () => {
  it('opens with no console error, every chart has marks, and a screenshot is saved', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
      const charts = await page.$$eval('figure[data-plot]', (figures) =>
        figures.map((figure) => {
          const svg = figure.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            name: figure.getAttribute('data-plot'),
            marks: svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0,
            dataMarks: svg
              ? svg.querySelectorAll('.mark-line path, .mark-rect path, .mark-symbol path').length
              : 0,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        }),
      );
      expect(charts.map((c) => c.name).sort()).toEqual([
        'latency-by-percentile',
        'load-multiplier',
        'operations-per-second',
        'p99-over-time',
      ]);
      for (const chart of charts) {
        expect(chart.dataMarks, `${chart.name} has data marks`).toBeGreaterThan(0);
        expect(chart.width, `${chart.name} is laid out`).toBeGreaterThan(200);
        expect(chart.height).toBeGreaterThan(100);
      }
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-html.png'), fullPage: true });
      expect(existsSync(join(SCREENSHOT_DIR, 'report-html.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
