import { inject } from 'vitest';
import { type Cfn, type Resource, readTemplate, type Template } from './package';
import type { VariantName } from './variants';

const cache = new Map<VariantName, Template>();

/** The packaged template of a variant (packaged once by the global setup). */
export function template(name: VariantName): Template {
  let cached = cache.get(name);
  if (!cached) {
    cached = readTemplate(inject('stackDirs')[name]);
    cache.set(name, cached);
  }
  return cached;
}

/** The resource with this logical id; fails the test when missing. */
export function resource(t: Template, id: string): Resource {
  const found = t.Resources[id];
  if (!found) throw new Error(`No resource ${id}; the template has ${Object.keys(t.Resources).join(', ')}`);
  return found;
}

export function resourcesOfType(t: Template, type: string): [string, Resource][] {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

/** The sink's event source mapping (there is exactly one). */
export function mapping(t: Template): [string, Resource] {
  const mappings = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping');
  if (mappings.length !== 1) throw new Error(`Expected one event source mapping, found ${mappings.length}`);
  return mappings[0]!;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: Cfn;
  readonly Condition?: Cfn;
}

/** The statements of a role's inline policies. */
export function roleStatements(t: Template, roleId: string): Statement[] {
  const role = resource(t, roleId);
  return (role.Properties.Policies ?? []).flatMap((p: Cfn) => p.PolicyDocument.Statement as Statement[]);
}

/** Every statement of every role and managed/inline policy resource in the template. */
export function allRoleStatements(t: Template): { owner: string; statement: Statement }[] {
  const out: { owner: string; statement: Statement }[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type === 'AWS::IAM::Role') {
      for (const statement of roleStatements(t, id)) out.push({ owner: id, statement });
    }
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      for (const statement of r.Properties.PolicyDocument.Statement as Statement[])
        out.push({ owner: id, statement });
    }
  }
  return out;
}

export const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resources = (s: Statement): Cfn[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The actions a role allows, sorted, with the resources of each statement. */
export function allowedActions(t: Template, roleId: string): string[] {
  return roleStatements(t, roleId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap(actions)
    .sort();
}

/** The statement with this Sid in a role; fails the test when missing. */
export function statement(t: Template, roleId: string, sid: string): Statement {
  const found = roleStatements(t, roleId).find((s) => s.Sid === sid);
  if (!found) throw new Error(`${roleId} has no statement ${sid}`);
  return found;
}

/** `Fn::GetAtt` target of a value, e.g. { 'Fn::GetAtt': ['TicksBucket', 'Arn'] } -> 'TicksBucket.Arn'. */
export function getAtt(value: Cfn): string | undefined {
  const att = value?.['Fn::GetAtt'];
  return Array.isArray(att) ? att.join('.') : undefined;
}

/** Renders `Fn::Join` of strings and refs/getatts as text, e.g. '${TicksBucket.Arn}/ticks/*'. */
export function render(value: Cfn): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `\${${value.Ref}}`;
  if (value?.['Fn::GetAtt']) return `\${${getAtt(value)}}`;
  if (value?.['Fn::Join']) return (value['Fn::Join'][1] as Cfn[]).map(render).join(value['Fn::Join'][0]);
  if (value?.['Fn::Sub']) return Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'][0] : value['Fn::Sub'];
  return JSON.stringify(value);
}
