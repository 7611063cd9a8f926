import type { RegressionCheck } from './regression-check.js';

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** JUnit XML for CI: one testsuite per checked run, one testcase per checked metric, a failure carrying the diff. */
export function regressionJunitXml(
  suites: readonly { name: string; checks: readonly RegressionCheck[] }[],
): string {
  const total = suites.reduce((n, s) => n + s.checks.length, 0);
  const failures = suites.reduce((n, s) => n + s.checks.filter((c) => !c.pass).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="chatload compare" tests="${total}" failures="${failures}">`,
  ];
  for (const suite of suites) {
    const failed = suite.checks.filter((c) => !c.pass).length;
    const skipped = suite.checks.filter((c) => c.skipped).length;
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.checks.length}" failures="${failed}" errors="0" skipped="${skipped}">`,
    );
    for (const check of suite.checks) {
      const open = `    <testcase classname="${escapeXml(`chatload.regression.${suite.name}`)}" name="${escapeXml(check.name)}" time="0"`;
      if (check.skipped)
        lines.push(`${open}>`, `      <skipped message="${escapeXml(check.skipped)}"/>`, '    </testcase>');
      else if (check.pass) lines.push(`${open}/>`);
      else
        lines.push(
          `${open}>`,
          `      <failure message="${escapeXml(check.detail)}" type="regression">${escapeXml(check.detail)}</failure>`,
          '    </testcase>',
        );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
