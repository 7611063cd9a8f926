import type { TemplateDefinition } from '../scenario/template-schema.js';
import type { TemplateCategory } from './pricing.js';

/**
 * The WABA's message templates: the config's list, plus those created at run time through
 * POST /{waba-id}/message_templates. Each is kept with its Graph id and what a send must fill:
 * the parameters its header and body texts hold (`{{1}}` or `{{name}}`), a media header's
 * format, and the buttons that take a parameter (a URL with a placeholder, a coupon code, an
 * OTP code). Keys are name + language, as Meta's are.
 */
export type MediaFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';

export interface ExpectedParameters {
  /** Placeholder names of the header text (positional ones are "1", "2"…); empty without. */
  readonly headerText: readonly string[];
  readonly headerMedia?: MediaFormat;
  readonly body: readonly string[];
  /** Index and kind of each button that takes one parameter. */
  readonly buttons: readonly { readonly index: number; readonly subType: string }[];
  readonly named: boolean;
}

export interface RegisteredTemplate {
  readonly id: string;
  readonly definition: TemplateDefinition;
  readonly category: TemplateCategory;
  readonly expected: ExpectedParameters;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const HAS_PLACEHOLDER = /\{\{\s*[A-Za-z0-9_]+\s*\}\}/;
const MEDIA_FORMATS: readonly MediaFormat[] = ['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];
const FIRST_TEMPLATE_ID = 594_425_479_261_000;

export class TemplateRegistry {
  readonly #configured: readonly TemplateDefinition[];
  readonly #byKey = new Map<string, RegisteredTemplate>();
  /** Each name's templates, in every language (for lookups by name alone). */
  readonly #byName = new Map<string, RegisteredTemplate[]>();
  #nextId = FIRST_TEMPLATE_ID;

  constructor(configured: readonly TemplateDefinition[]) {
    this.#configured = configured;
    this.reset();
  }

  /** The template of this name in this language, or undefined. */
  find(name: string, language: string): RegisteredTemplate | undefined {
    return this.#byKey.get(keyOf(name, language));
  }

  /** A template of this name in any language (the first registered), or undefined. */
  anyNamed(name: string): RegisteredTemplate | undefined {
    return this.#byName.get(name)?.[0];
  }

  byId(id: string): RegisteredTemplate | undefined {
    for (const template of this.#byKey.values()) if (template.id === id) return template;
    return undefined;
  }

  all(): RegisteredTemplate[] {
    return [...this.#byKey.values()];
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Adds a template; undefined when its name already exists in its language. */
  add(definition: TemplateDefinition): RegisteredTemplate | undefined {
    const key = keyOf(definition.name, definition.language);
    if (this.#byKey.has(key)) return undefined;
    this.#nextId += 1;
    const template: RegisteredTemplate = {
      id: String(this.#nextId),
      definition,
      category: categoryOf(definition.category),
      expected: expectedParameters(definition),
    };
    this.#byKey.set(key, template);
    const named = this.#byName.get(definition.name);
    if (named === undefined) this.#byName.set(definition.name, [template]);
    else named.push(template);
    return template;
  }

  /** Deletes a name in one language, or in all; returns how many were deleted. */
  delete(name: string, language?: string): number {
    const named = this.#byName.get(name) ?? [];
    const doomed = named.filter((t) => language === undefined || t.definition.language === language);
    for (const template of doomed) this.#byKey.delete(keyOf(name, template.definition.language));
    const kept = named.filter((t) => !doomed.includes(t));
    if (kept.length === 0) this.#byName.delete(name);
    else this.#byName.set(name, kept);
    return doomed.length;
  }

  /** Back to the configured list (`/_sim/reset`). */
  reset(): void {
    this.#byKey.clear();
    this.#byName.clear();
    this.#nextId = FIRST_TEMPLATE_ID;
    for (const definition of this.#configured) this.add(definition);
  }
}

function categoryOf(category: string): TemplateCategory {
  const lower = category.toLowerCase();
  return lower === 'marketing' || lower === 'authentication' ? lower : 'utility';
}

function keyOf(name: string, language: string): string {
  return `${name}\u0000${language}`;
}

/** What a send of this template must fill, read from its components. */
export function expectedParameters(definition: TemplateDefinition): ExpectedParameters {
  let headerText: string[] = [];
  let headerMedia: MediaFormat | undefined;
  let body: string[] = [];
  const buttons: { index: number; subType: string }[] = [];
  const authentication = definition.category.toUpperCase() === 'AUTHENTICATION';
  for (const component of definition.components) {
    const type = component.type.toUpperCase();
    if (type === 'HEADER') {
      const format = (component.format ?? 'TEXT').toUpperCase();
      if (format === 'TEXT') headerText = placeholders(component.text);
      else headerMedia = MEDIA_FORMATS.find((f) => f === format);
    } else if (type === 'BODY') {
      // An authentication body is Meta's preset text with the code as its one parameter.
      body = authentication ? ['1'] : placeholders(component.text);
    } else if (type === 'BUTTONS') {
      (component.buttons ?? []).forEach((button, index) => {
        const subType = buttonParameterKind(button.type.toUpperCase(), button.url);
        if (subType !== undefined) buttons.push({ index, subType });
      });
    }
  }
  return {
    headerText,
    ...(headerMedia === undefined ? {} : { headerMedia }),
    body,
    buttons,
    named: (definition.parameter_format ?? 'POSITIONAL').toUpperCase() === 'NAMED',
  };
}

/** The `sub_type` a send uses for a button that takes a parameter, or undefined. */
function buttonParameterKind(type: string, url: string | undefined): string | undefined {
  if (type === 'URL') return url !== undefined && HAS_PLACEHOLDER.test(url) ? 'url' : undefined;
  if (type === 'OTP') return 'url';
  if (type === 'COPY_CODE') return 'copy_code';
  return undefined;
}

/** Distinct placeholder names in order of first appearance. */
function placeholders(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
