import { ChatloadError, type InputIssue } from '../errors.js';
import {
  type HdrSettings,
  HOUSE_HDR_SETTINGS,
  hdrSettingsOf,
  hdrSettingsText,
  sameHdrSettings,
} from '../metrics/hdr-settings.js';
import { canonicalJson } from '../traffic/plan-fingerprint.js';
import type { ShardSummary } from './shard-dir.js';

/** What the checks found: the split and the shard indexes not given. */
export interface ShardSet {
  readonly count: number;
  readonly missing: readonly number[];
}

/**
 * Refuses result directories that are not the shards of one run (decision 0028), every reason at
 * once: two with one shard index, other plan fingerprints, other HDR settings, other engines,
 * interval lengths or split counts, sim shards of other platforms, live shards against other
 * targets; and a missing index unless `allowMissing` (the merged result then says partial).
 */
export function checkShardsBelong(shards: readonly ShardSummary[], options: { readonly allowMissing: boolean }): ShardSet {
  const issues: InputIssue[] = [];
  const refuse = (shard: ShardSummary, field: string, message: string) => issues.push({ file: shard.dir, field, message });
  const [first] = shards;
  if (first === undefined) throw new ChatloadError('CHATLOAD_E_USAGE', 'merge needs at least one result directory');
  const seen = new Map<number, ShardSummary>();
  for (const shard of shards) {
    const { summary } = shard;
    const other = seen.get(shard.index);
    if (shard.count !== first.count) refuse(shard, 'shard', `is shard ${shard.index} of ${shard.count}, ${first.dir} of ${first.count}: they split the run differently`);
    else if (other !== undefined) refuse(shard, 'shard', `shard ${shard.index} again: ${other.dir} is shard ${shard.index} too (a shard merged twice would count its operations twice)`);
    else seen.set(shard.index, shard);
    if (summary.planFingerprint !== first.summary.planFingerprint) {
      refuse(shard, 'planFingerprint', `plays another plan (${summary.planFingerprint}, ${first.dir}: ${first.summary.planFingerprint}): seed, users, mix, duration or clock differ`);
    }
    if (summary.engine !== first.summary.engine) refuse(shard, 'engine', `is a ${summary.engine} result, ${first.dir} a ${first.summary.engine} one`);
    if (summary.intervalSeconds !== first.summary.intervalSeconds) {
      refuse(shard, 'intervalSeconds', `has ${summary.intervalSeconds} s intervals, ${first.dir} ${first.summary.intervalSeconds} s: their time series cannot align`);
    }
    const hdr = hdrProblem(shard);
    if (hdr !== undefined) refuse(shard, 'histograms', hdr);
    for (const problem of platformProblems(shard, first)) refuse(shard, problem.field, problem.text);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0 && !options.allowMissing && shards.every((s) => s.count === first.count)) {
    issues.push({ field: 'shard', message: `shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${first.count} not given (--allow-missing merges the rest, marked partial)` });
  }
  if (issues.length > 0) {
    throw new ChatloadError('CHATLOAD_E_MERGE_REFUSED', `refused: ${shards.length === 1 ? 'the result directory is not a whole run' : `the ${shards.length} result directories are not the shards of one run`}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, { issues });
  }
  return { count: first.count, missing };
}

/** A shard's histograms must have the house settings: only then does adding them never re-quantise. */
function hdrProblem(shard: ShardSummary): string | undefined {
  const seen: HdrSettings[] = [];
  for (const series of shard.summary.series) {
    for (const encoded of Object.values(series.histograms)) {
      const settings = hdrSettingsOf(encoded);
      if (!sameHdrSettings(settings, HOUSE_HDR_SETTINGS) && !seen.some((s) => sameHdrSettings(s, settings))) seen.push(settings);
    }
  }
  if (seen.length === 0) return undefined;
  return `its HDR histograms have other settings (${seen.map(hdrSettingsText).join('; ')}) than ${hdrSettingsText(HOUSE_HDR_SETTINGS)}: adding them would re-quantise, not merge exactly`;
}

/** Sim shards must model one platform (the same settings); live shards must load one shared target. */
function platformProblems(shard: ShardSummary, first: ShardSummary): { field: string; text: string }[] {
  const { summary } = shard;
  if (summary.engine === 'sim' && first.summary.engine === 'sim') {
    const same = canonicalJson(summary.scenario.mock) === canonicalJson(first.summary.scenario.mock);
    return same ? [] : [{ field: 'scenario.mock', text: `simulates another platform than ${first.dir} (its mock settings differ)` }];
  }
  if (summary.engine !== 'live' || first.summary.engine !== 'live') return [];
  const problems: { field: string; text: string }[] = [];
  if (shard.count > 1 && (summary.target === null || summary.target.embeddedMock)) {
    problems.push({ field: 'target', text: 'ran against its own embedded mock: a shard of several needs the shared --target' });
  }
  if (summary.target?.url !== first.summary.target?.url) {
    problems.push({ field: 'target', text: `loaded ${summary.target?.url ?? 'no target'}, ${first.dir} ${first.summary.target?.url ?? 'no target'}: one run loads one platform` });
  }
  return problems;
}
