import type { BusinessProfile, BusinessProfileUpdate } from '../scenario/business-profile-schema.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import type { TemplateDefinition } from '../scenario/template-schema.js';
import { type FieldSelection, selectFields } from './graph-fields.js';
import type { RegisteredTemplate, TemplateRegistry } from './template-registry.js';

/**
 * The WhatsApp Business Account's Graph nodes, in Meta's shapes: the WABA, its phone numbers
 * (`GET /{phone-number-id}`, `GET /{waba-id}/phone_numbers`), each number's business profile,
 * and the message templates (`GET/POST/DELETE /{waba-id}/message_templates`, `GET /{template-id}`).
 * Plain data in, plain data out; the HTTP face serialises. Sources: DFB/reference/whatsapp-
 * business-phone-number, …/business-profile-api, DFB/templates/overview; research §4.1.
 */
export type GraphResult = FieldSelection;

export interface TemplateQuery {
  readonly name?: string;
  readonly name_or_content?: string;
  readonly status?: string;
  readonly category?: string;
  readonly language?: string;
  readonly limit?: string;
  readonly after?: string;
  readonly before?: string;
}

const PHONE_NODE = 'WhatsAppBusinessPhoneNumber';
const PHONE_DEFAULT_FIELDS = [
  'verified_name',
  'code_verification_status',
  'display_phone_number',
  'quality_rating',
  'platform_type',
  'throughput',
  'webhook_configuration',
] as const;
const PROFILE_DEFAULT_FIELDS = [
  'about',
  'address',
  'description',
  'email',
  'profile_picture_url',
  'websites',
  'vertical',
];
const DEFAULT_PAGE = 25;

export class BusinessAccount {
  readonly #settings: MockSettings;
  readonly #templates: TemplateRegistry;
  readonly #profiles = new Map<string, BusinessProfile>();

  constructor(settings: MockSettings, templates: TemplateRegistry) {
    this.#settings = settings;
    this.#templates = templates;
    this.reset();
  }

  get wabaId(): string {
    return this.#settings.wabaId;
  }

  get phoneNumberIds(): readonly string[] {
    return [...this.#profiles.keys()];
  }

  wabaNode(fields: string | undefined): GraphResult {
    const node = {
      id: this.#settings.wabaId,
      name: this.#settings.verifiedName,
      timezone_id: '1',
      message_template_namespace: `chatload_${this.#settings.wabaId.slice(-8)}`,
      currency: 'USD',
    };
    return selectFields(node, 'WhatsAppBusinessAccount', fields);
  }

  phoneNumberNode(phoneNumberId: string, fields: string | undefined): GraphResult {
    return selectFields(this.#phoneNode(phoneNumberId), PHONE_NODE, fields, PHONE_DEFAULT_FIELDS);
  }

  phoneNumbers(fields: string | undefined): GraphResult {
    const data: Record<string, unknown>[] = [];
    for (const id of this.phoneNumberIds) {
      const selected = this.phoneNumberNode(id, fields);
      if (!selected.ok) return selected;
      data.push(selected.node);
    }
    return { ok: true, node: { data, paging: cursorsOf(0, data.length) } };
  }

  businessProfile(phoneNumberId: string, fields: string | undefined): GraphResult {
    const profile = this.#profiles.get(phoneNumberId) ?? this.#settings.businessProfile;
    const selected = selectFields({ ...profile }, 'WhatsAppBusinessProfile', fields, PROFILE_DEFAULT_FIELDS);
    return selected.ok
      ? { ok: true, node: { data: [{ ...selected.node, messaging_product: 'whatsapp' }] } }
      : selected;
  }

  updateBusinessProfile(phoneNumberId: string, update: BusinessProfileUpdate): void {
    const { messaging_product: _product, profile_picture_handle: handle, ...fields } = update;
    const profile = this.#profiles.get(phoneNumberId) ?? this.#settings.businessProfile;
    const picture =
      handle === undefined ? {} : { profile_picture_url: `https://pps.whatsapp.net/v/${handle}` };
    this.#profiles.set(phoneNumberId, { ...profile, ...fields, ...picture });
  }

  /** One page of templates, filtered as Graph filters them, with cursor paging. */
  templatePage(query: TemplateQuery): { data: Record<string, unknown>[]; paging: object } {
    const text = (query.name ?? query.name_or_content)?.toLowerCase();
    const matching = this.#templates.all().filter(({ definition: d }) => {
      if (text !== undefined && !d.name.includes(text)) return false;
      if (query.status !== undefined && (d.status ?? 'APPROVED') !== query.status.toUpperCase()) return false;
      if (query.category !== undefined && d.category.toUpperCase() !== query.category.toUpperCase())
        return false;
      return query.language === undefined || d.language === query.language;
    });
    const limit = Math.max(1, Math.min(1000, Number(query.limit ?? DEFAULT_PAGE) || DEFAULT_PAGE));
    const end = query.before === undefined ? undefined : decodeCursor(query.before);
    const start =
      end === undefined
        ? query.after === undefined
          ? 0
          : (decodeCursor(query.after) ?? -1) + 1
        : Math.max(0, end - limit);
    const page = matching.slice(start, end ?? start + limit);
    return { data: page.map(templateNode), paging: cursorsOf(start, page.length) };
  }

  templateById(id: string): Record<string, unknown> | undefined {
    const template = this.#templates.byId(id);
    return template === undefined ? undefined : templateNode(template);
  }

  /** A new template, approved at once (estimate: Meta reviews within minutes to a day). */
  createTemplate(
    definition: TemplateDefinition,
  ): { id: string; status: string; category: string } | undefined {
    const created = this.#templates.add({ ...definition, status: definition.status ?? 'APPROVED' });
    if (created === undefined) return undefined;
    return {
      id: created.id,
      status: created.definition.status ?? 'APPROVED',
      category: definition.category.toUpperCase(),
    };
  }

  deleteTemplates(name: string, language?: string): number {
    return this.#templates.delete(name, language);
  }

  reset(): void {
    this.#profiles.clear();
    for (const id of [this.#settings.phoneNumberId, ...this.#settings.extraPhoneNumberIds])
      this.#profiles.set(id, this.#settings.businessProfile);
  }

  #phoneNode(phoneNumberId: string): Record<string, unknown> {
    const settings = this.#settings;
    const url = settings.webhooks.url;
    return {
      verified_name: settings.verifiedName,
      code_verification_status: 'VERIFIED',
      display_phone_number: formatPhoneNumber(settings.displayPhoneNumber),
      quality_rating: 'GREEN',
      platform_type: 'CLOUD_API',
      // Meta's levels: STANDARD (80 msg/s) and HIGH (1,000 msg/s after the upgrade), research §4.1.
      throughput: { level: settings.throughputPerSecond >= 1000 ? 'HIGH' : 'STANDARD' },
      ...(url === undefined || url === '' ? {} : { webhook_configuration: { application: url } }),
      name_status: 'APPROVED',
      messaging_limit_tier: 'TIER_UNLIMITED',
      is_official_business_account: false,
      id: phoneNumberId,
    };
  }
}

function templateNode({ id, definition }: RegisteredTemplate): Record<string, unknown> {
  return {
    name: definition.name,
    parameter_format: (definition.parameter_format ?? 'POSITIONAL').toUpperCase(),
    components: definition.components.map((c) => ({
      ...c,
      type: c.type.toUpperCase(),
      ...(c.format === undefined ? {} : { format: c.format.toUpperCase() }),
    })),
    language: definition.language,
    status: definition.status ?? 'APPROVED',
    category: definition.category.toUpperCase(),
    id,
  };
}

/** "+1 555-078-3881" for a North American number, "+<digits>" otherwise (as Meta shows them). */
export function formatPhoneNumber(digits: string): string {
  const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : `+${digits}`;
}

function cursorsOf(start: number, count: number): object {
  return {
    cursors: { before: encodeCursor(start), after: encodeCursor(start + Math.max(0, count - 1)) },
  };
}

const encodeCursor = (index: number): string => Buffer.from(String(index)).toString('base64url');
function decodeCursor(cursor: string): number | undefined {
  const index = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}
