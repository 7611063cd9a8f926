import { describe, expect, it } from 'vitest';
import type { OpKind, PlannedOp } from '../../src/traffic/operation.js';
import { ReplyGate } from '../../src/traffic/reply-gate.js';

const op = (kind: OpKind, conversationId: number, seq: number): PlannedOp => ({
  atUs: seq * 1000,
  kind,
  shape: 'general-chatbot',
  userId: conversationId,
  conversationId,
  seq,
  chars: 0,
});

describe('ReplyGate: a business answers only what the platform has taken', () => {
  it('lets user messages go at once, however many are unanswered', () => {
    const gate = new ReplyGate<string>();
    expect(gate.due(op('inbound', 1, 0), 'a')).toBe(true);
    expect(gate.due(op('inbound', 1, 1), 'b')).toBe(true);
    expect(gate.held).toBe(0);
  });

  it('lets a reply go at once when its conversation has nothing unanswered', () => {
    const gate = new ReplyGate<string>();
    expect(gate.due(op('send', 1, 0), 'reply')).toBe(true);
    const user = op('inbound', 1, 1);
    gate.due(user, 'user');
    gate.answered(user);
    expect(gate.due(op('send', 1, 2), 'reply')).toBe(true);
  });

  it('holds a reply until the last earlier user message is answered, then releases in order', () => {
    const gate = new ReplyGate<string>();
    const first = op('inbound', 7, 0);
    const second = op('inbound', 7, 1);
    gate.due(first, 'u0');
    gate.due(second, 'u1');
    expect(gate.due(op('read', 7, 2), 'read')).toBe(false);
    expect(gate.due(op('typing', 7, 3), 'typing')).toBe(false);
    expect(gate.due(op('send', 7, 4), 'reply')).toBe(false);
    expect(gate.held).toBe(3);
    expect(gate.answered(first)).toEqual([]);
    expect(gate.answered(second)).toEqual(['read', 'typing', 'reply']);
    expect(gate.held).toBe(0);
  });

  it('keeps conversations apart', () => {
    const gate = new ReplyGate<string>();
    const a = op('inbound', 1, 0);
    gate.due(a, 'a');
    expect(gate.due(op('send', 2, 0), 'other conversation')).toBe(true);
    expect(gate.due(op('send', 1, 1), 'held')).toBe(false);
    expect(gate.answered(op('inbound', 2, 1))).toEqual([]);
    expect(gate.answered(a)).toEqual(['held']);
  });

  it('ignores answers to anything but user messages', () => {
    const gate = new ReplyGate<string>();
    gate.due(op('inbound', 3, 0), 'u');
    gate.due(op('send', 3, 1), 'reply');
    expect(gate.answered(op('send', 3, 1))).toEqual([]);
    expect(gate.held).toBe(1);
  });

  it('drains what is still held when a run stops, and forgets the conversations', () => {
    const gate = new ReplyGate<string>();
    gate.due(op('inbound', 1, 0), 'u1');
    gate.due(op('inbound', 2, 0), 'u2');
    gate.due(op('send', 1, 1), 'r1');
    gate.due(op('media', 2, 1), 'm2');
    expect(gate.drain().sort()).toEqual(['m2', 'r1']);
    expect(gate.held).toBe(0);
    expect(gate.due(op('send', 1, 2), 'after')).toBe(true);
  });
});
