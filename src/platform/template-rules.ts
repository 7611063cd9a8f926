import type { TemplateSend, TemplateSendParameter } from './message-schema.js';
import type { ExpectedParameters, RegisteredTemplate, TemplateRegistry } from './template-registry.js';

/**
 * A template send checked against the registry (research §1.1, §3.2; DFB/support/error-codes):
 * the name must exist in the language and be approved (132001; paused 132015, disabled
 * 132016), each component must carry as many parameters as its text holds (132000, in Meta's
 * "number of localizable_params" wording), of the format the template was created with
 * (132012), and every button that takes a parameter must get one (131008).
 */
export type TemplateVerdict =
  | { readonly ok: true; readonly template: RegisteredTemplate }
  | { readonly ok: false; readonly code: number; readonly details: string };

interface Refusal {
  readonly ok: false;
  readonly code: number;
  readonly details: string;
}

const TEXT_KINDS: ReadonlySet<string> = new Set(['text', 'currency', 'date_time']);

type SendComponent = NonNullable<TemplateSend['components']>[number];

export function checkTemplateSend(registry: TemplateRegistry, send: TemplateSend): TemplateVerdict {
  const language = send.language.code;
  const template = registry.find(send.name, language);
  if (template === undefined)
    return refusal(132001, `template name (${send.name}) does not exist in ${language}`);
  const status = template.definition.status ?? 'APPROVED';
  if (status === 'PAUSED') return refusal(132015, `template ${send.name} is paused (low quality).`);
  if (status === 'DISABLED') return refusal(132016, `template ${send.name} is disabled (low quality).`);
  if (status !== 'APPROVED')
    return refusal(132001, `template name (${send.name}) is not approved in ${language} (${status})`);
  const components = send.components ?? [];
  const problem =
    headerProblem(template.expected, componentOf(components, 'header')) ??
    textProblem('body', template.expected.body, template.expected.named, componentOf(components, 'body')) ??
    buttonsProblem(template.expected, components);
  return problem ?? { ok: true, template };
}

function componentOf(components: readonly SendComponent[], type: string): SendComponent | undefined {
  return components.find((c) => c.type.toLowerCase() === type);
}

function headerProblem(expected: ExpectedParameters, header: SendComponent | undefined): Refusal | undefined {
  const given = header?.parameters ?? [];
  if (expected.headerMedia === undefined)
    return textProblem('header', expected.headerText, expected.named, header);
  const format = expected.headerMedia;
  const first = given[0];
  if (first === undefined || first.type.toUpperCase() !== format)
    return formatMismatch('header', format, first);
  if (given.length !== 1) return countMismatch('header', given.length, 1);
  return undefined;
}

function textProblem(
  where: string,
  names: readonly string[],
  named: boolean,
  component: SendComponent | undefined,
): Refusal | undefined {
  const given = component?.parameters ?? [];
  if (given.length !== names.length) return countMismatch(where, given.length, names.length);
  for (const parameter of given) {
    if (!TEXT_KINDS.has(parameter.type)) return formatMismatch(where, 'TEXT', parameter);
    if (parameter.type === 'text' && parameter.text === undefined)
      return refusal(131008, `${where}: Parameter text is required for a text parameter.`);
    if (named && (parameter.parameter_name === undefined || !names.includes(parameter.parameter_name)))
      return refusal(
        132000,
        `${where}: parameter_name ${parameter.parameter_name ?? '(none)'} is not one of the template's (${names.join(', ')})`,
      );
  }
  return undefined;
}

function buttonsProblem(
  expected: ExpectedParameters,
  components: readonly SendComponent[],
): Refusal | undefined {
  const buttons = components.filter((c) => c.type.toLowerCase() === 'button');
  for (const { index, subType } of expected.buttons) {
    const button = buttons.find((b) => Number(b.index) === index);
    if (button === undefined || (button.parameters ?? []).length === 0)
      return refusal(
        131008,
        `buttons: Button at index ${index} of type ${capitalised(subType)} requires a parameter`,
      );
    if ((button.parameters ?? []).length !== 1)
      return countMismatch(`button at index ${index}`, button.parameters?.length ?? 0, 1);
  }
  for (const button of buttons) {
    const index = Number(button.index);
    const wanted = expected.buttons.find((b) => b.index === index);
    // Quick-reply buttons may carry a payload though their template text holds no parameter.
    if (wanted === undefined && button.sub_type !== 'quick_reply')
      return countMismatch(`button at index ${button.index ?? '?'}`, button.parameters?.length ?? 0, 0);
  }
  return undefined;
}

function refusal(code: number, details: string): Refusal {
  return { ok: false, code, details };
}

function countMismatch(where: string, given: number, expected: number): Refusal {
  return refusal(
    132000,
    `${where}: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
  );
}

function formatMismatch(where: string, expected: string, given: TemplateSendParameter | undefined): Refusal {
  return refusal(
    132012,
    `${where}: Format mismatch, expected ${expected}, received ${given?.type.toUpperCase() ?? 'UNKNOWN'}`,
  );
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
