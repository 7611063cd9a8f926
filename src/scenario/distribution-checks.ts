/**
 * Parameter checks a schema cannot express, for a value that looks like a distribution.
 * Returns the problems in words (empty when fine or when the value is not a distribution).
 */
export function distributionIssues(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  // A group of distributions (e.g. media sizes by kind): check each, naming the member.
  if (!('dist' in value)) {
    return Object.entries(value).flatMap(([key, member]) =>
      distributionIssues(member).map((issue) => `${key}: ${issue}`),
    );
  }
  const d = value as Record<string, unknown>;
  const issues: string[] = [];
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : undefined);
  switch (d.dist) {
    case 'uniform':
      if ((num('max') ?? 0) < (num('min') ?? 0)) issues.push('uniform: expected max ≥ min');
      break;
    case 'lognormal': {
      const byQuantiles = num('median') !== undefined && num('p90') !== undefined;
      const byMuSigma = num('mu') !== undefined && num('sigma') !== undefined;
      const byMedianSigma = num('median') !== undefined && num('sigma') !== undefined;
      if ([byQuantiles, byMuSigma, byMedianSigma].filter(Boolean).length !== 1) {
        issues.push('lognormal: give exactly one of {median, p90}, {mu, sigma} or {median, sigma}');
      }
      if (byQuantiles && (num('p90') as number) < (num('median') as number)) {
        issues.push(`lognormal: p90 (${num('p90')}) must not be below the median (${num('median')})`);
      }
      const median = num('median') ?? (num('mu') === undefined ? undefined : Math.exp(num('mu') as number));
      if (num('max') !== undefined && median !== undefined && (num('max') as number) < median) {
        issues.push(
          `lognormal: max (${num('max')}) is below the median (${median}); the cap would swallow the distribution`,
        );
      }
      break;
    }
    case 'geometric':
      if ((num('mean') ?? 0) < (num('min') ?? 1))
        issues.push('geometric: the mean must be at least min (default 1)');
      break;
    case 'pareto':
      if (num('max') !== undefined && (num('max') as number) <= (num('scale') as number))
        issues.push('pareto: max must exceed scale');
      break;
    case 'empirical': {
      const values = Array.isArray(d.values) ? d.values : [];
      const weights = Array.isArray(d.weights) ? (d.weights as number[]) : [];
      if (values.length !== weights.length)
        issues.push(`empirical: ${values.length} values but ${weights.length} weights`);
      if (weights.reduce((a, b) => a + b, 0) <= 0) issues.push('empirical: weights must sum to more than 0');
      break;
    }
  }
  return issues;
}
