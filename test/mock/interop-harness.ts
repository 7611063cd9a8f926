import { expect } from 'vitest';
import { type RunningMockServer, startMockServer } from '../../src/mock/start-mock-server.js';
import { PHONE, settingsWith, USER } from './mock-harness.js';

/** What the interop tests share: a listening mock, the WABA id, and a user who opened the window. */
export const WABA = '102290129340398';
export const wamid = expect.stringMatching(/^wamid\./);

/** A mock for one file: limits that would refuse one user's dozens of sends are off; the rest is as Meta does. */
export function startInteropMock(input: Record<string, unknown> = {}): Promise<RunningMockServer> {
  return startMockServer(settingsWith({ enforceThroughput: false, pairRate: { enabled: false }, ...input }));
}

/** Resets the mock and has the user write, so the 24-hour window is open. */
export async function freshWindow(url: string, id = 'wamid.interop-in'): Promise<void> {
  await fetch(`${url}/_sim/reset`, { method: 'POST' });
  const res = await fetch(`${url}/_sim/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phone_number_id: PHONE,
      from: USER,
      id,
      type: 'text',
      text: { body: 'hi' },
      profile_name: 'Zoë',
    }),
  });
  expect(res.status).toBe(200);
}

/** A few bytes with the type a client declares. */
export const fileOf = (type: string, bytes = [9, 8, 7]) => new Blob([new Uint8Array(bytes)], { type });
