import type { Projection, SourcedValue } from './projection.js';
import { layoutTable, renderTableRow, type TextColumn } from './text-table.js';
import { figureText } from './user-day-render.js';

/** `chatload project` as text: the assumptions with their sources, then the three tables. */

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns: TextColumn[] = header.map((h, i) => ({ header: h, align: i === 0 || h.startsWith('source') ? 'left' : 'right', priority: 0 }));
  const layout = layoutTable(columns, rows);
  return `${[header, layout.widths.map((w) => '-'.repeat(w)), ...rows].map((cells) => renderTableRow(columns, layout, cells)).join('\n')}\n`;
}

const count = (n: number): string => (n >= 1e9 ? `${figureText(n / 1e9)} B` : n >= 1e6 ? `${figureText(n / 1e6)} M` : figureText(n));
const percent = (share: number): string => `${figureText(share * 100)} %`;
const bytes = (n: number): string => (n >= 1e12 ? `${figureText(n / 1e12)} TB` : n >= 1e9 ? `${figureText(n / 1e9)} GB` : `${figureText(n / 1e6)} MB`);
const assumption = (label: string, value: string, input: SourcedValue): string => `  ${label}: ${value} — ${input.source}\n`;

export function renderProjection(projection: Projection, scenarioName: string): string {
  const { inputs } = projection;
  let text = `chatload project: general-chatbot users on the WhatsApp Business Platform (traffic model of ${scenarioName}; analytic)\n\nAssumptions\n`;
  text += assumption('WhatsApp monthly users', count(inputs.whatsappMonthlyUsers.value), inputs.whatsappMonthlyUsers);
  text += assumption('WhatsApp messages a day', count(inputs.whatsappMessagesPerDay.value), inputs.whatsappMessagesPerDay);
  text += `  load per enrolled user-day: chatload's traffic model (${scenarioName}, as chatload profile prints it); an enrolled user has used the assistant at least once, and the shape's activity share says how many of them write on a given day\n`;
  text += `  peak: the chatbot curve's ${projection.chatbotPeakHour}:00, ×${figureText(projection.chatbotPeakMultiplier)} the daily mean — estimate: one time zone; a worldwide population is flatter, so its true peak lies between the average and this\n`;
  text += inputs.capacityPerSlot
    ? assumption('capacity per slot at the SLO', `${figureText(inputs.capacityPerSlot.value)} platform ops/s`, inputs.capacityPerSlot)
    : '  capacity per slot at the SLO: not given (--capacity-per-slot, platform ops/s one slot carries at the SLO, from chatload sim results), so no slot counts\n';

  text += '\nAdoption: a share of WhatsApp’s monthly users enrolled with a general chatbot on the Business API\n';
  const slots = (n: number | undefined) => (n === undefined ? '—' : figureText(n));
  text += table(
    ['adoption', 'enrolled', 'replies', 'messages/day', 'of WhatsApp’s', 'avg msg/s', 'peak msg/s', 'peak webhooks/s', 'platform bytes/day', 'media/day', 'slots', 'source of the share'],
    projection.adoption.map((row) => [
      percent(row.adoption.value),
      count(row.load.enrolledUsers),
      row.replyStyle,
      count(row.load.messagesPerDay),
      percent(row.shareOfWhatsAppMessages),
      figureText(row.load.averageMessagesPerSecond),
      figureText(row.load.peakMessagesPerSecond),
      figureText(row.load.peakWebhooksPerSecond),
      bytes(row.load.platformBytesPerDay),
      bytes(row.load.mediaBytesPerDay),
      slots(row.load.slotsAtSlo),
      row.adoption.source,
    ]),
  );
  if (projection.asCustomerService.length > 0) {
    text += '\nThe same users as customer-service contacts, for scale\n';
    text += table(
      ['adoption', 'enrolled', 'messages/day', 'peak msg/s', 'peak webhooks/s', 'platform bytes/day', 'slots'],
      projection.asCustomerService.map(({ adoption, load }) => [
        percent(adoption.value),
        count(load.enrolledUsers),
        count(load.messagesPerDay),
        figureText(load.peakMessagesPerSecond),
        figureText(load.peakWebhooksPerSecond),
        bytes(load.platformBytesPerDay),
        slots(load.slotsAtSlo),
      ]),
    );
  }
  const tiers = inputs.throughputTiers.map((t) => t.value);
  text += '\nOne assistant, Meta’s argument as one number: business numbers it needs at its peak (⌈peak msg/s ÷ tier⌉, in + out)\n';
  text += table(
    ['assistant', 'enrolled', 'active a day', 'peak msg/s', ...tiers.map((t) => `numbers at ${figureText(t)}/s`)],
    projection.assistants.map((row) => [
      row.assistant.name,
      count(row.assistant.users.value),
      percent(row.activeShare.value),
      figureText(row.load.peakMessagesPerSecond),
      ...row.numbersNeeded.map((n) => figureText(n.numbers)),
    ]),
  );
  for (const assistant of inputs.assistants) text += `  ${assistant.name}: ${assistant.users.source}
`;
  const shares = [...new Map(projection.assistants.map((row) => [row.activeShare.value, row.activeShare])).values()];
  text += `  active a day: ${shares.map((share) => `${percent(share.value)} ${share.source}`).join('; ')}
`;
  text += `  tiers: ${inputs.throughputTiers.map((t) => `${figureText(t.value)}/s — ${t.source}`).join('; ')}\n`;
  return text;
}
