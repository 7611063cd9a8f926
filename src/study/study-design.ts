import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { profileScenario } from '../traffic/profile.js';
import { SECONDS_PER_DAY } from '../units.js';
import type { ShapeName } from '../vocabulary.js';
import type { QuotaShapePlan } from './study-planner.js';
import type { StudySettings } from './study-settings.js';
import { daySteps, liveSteps, slotSteps, type StepSpec } from './study-steps.js';

/**
 * A study's design from its two scenarios and settings: the shapes' peak hours and quota
 * yardsticks, and the steps known from the start (whole days, slot checks, the live point).
 * Each scenario holds one shape: the study compares customer service with the chatbot.
 */
export interface StudyScenarios {
  readonly customerService: ResolvedScenario;
  readonly chatbot: ResolvedScenario;
}

export interface StudyDesign {
  readonly quotaPlans: readonly QuotaShapePlan[];
  readonly fixed: readonly StepSpec[];
}

/** Why two scenarios cannot make a study, or undefined when they can (then customer service comes first). */
export function studyPairProblem(scenarios: readonly ResolvedScenario[]): string | undefined {
  if (scenarios.length !== 2) return `study takes two scenarios, got ${scenarios.length}`;
  for (const s of scenarios) {
    if (s.traffic.mix.length !== 1) return `study compares two one-shape scenarios; ${s.name} has ${s.traffic.mix.length} mix entries`;
  }
  const shapes = scenarios.map((s) => s.traffic.mix[0]?.shape).sort();
  if (shapes[0] !== 'customer-service' || shapes[1] !== 'general-chatbot') {
    return `study compares a customer-service scenario with a general-chatbot one; got ${scenarios.map((s) => `${s.name} (${s.traffic.mix[0]?.shape})`).join(' and ')}`;
  }
  return undefined;
}

/** Both shapes in one scenario (the customer-service file's clock and mock): what the analytic pieces take. */
export function combinedScenario(scenarios: StudyScenarios): ResolvedScenario {
  const cs = scenarios.customerService;
  return { ...cs, name: `${cs.name} + ${scenarios.chatbot.name}`, traffic: { mix: [...cs.traffic.mix, ...scenarios.chatbot.traffic.mix] } };
}

/** Messages (in + out) per second per enrolled user over the shape's own peak hour, and that hour. */
export function peakMessageRate(scenario: ResolvedScenario): { readonly hour: number; readonly perUser: number } {
  const shape = profileScenario(scenario).shapes[0];
  if (shape === undefined) throw new RangeError(`${scenario.name} has no traffic`);
  return { hour: shape.peak.hour, perUser: (shape.perEnrolledUserDay.messagesTotal * shape.peak.multiplier) / SECONDS_PER_DAY };
}

export function studyDesign(scenarios: StudyScenarios, settings: StudySettings): StudyDesign {
  const pairs: readonly [ShapeName, ResolvedScenario][] = [
    ['customer-service', scenarios.customerService],
    ['general-chatbot', scenarios.chatbot],
  ];
  const quotaPlans = pairs.map(([shape, scenario]): QuotaShapePlan => {
    const peak = peakMessageRate(scenario);
    return { shape, baseSeed: scenario.seed, peakHour: peak.hour, usersAtTierRate: (tier) => tier / peak.perUser };
  });
  const chatbotPeak = peakMessageRate(scenarios.chatbot).hour;
  const fixed = [
    ...pairs.flatMap(([, scenario]) => slotSteps(scenario, scenario.seed, settings)),
    ...pairs.flatMap(([shape, scenario]) => daySteps(shape, scenario.seed, settings)),
    ...liveSteps('general-chatbot', scenarios.chatbot.seed, chatbotPeak, settings),
  ];
  return { quotaPlans, fixed };
}
