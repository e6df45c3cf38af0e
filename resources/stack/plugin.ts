/**
 * A local framework plugin, listed last in serverless.yml so that its hook runs after
 * serverless-iam-roles-per-function's. It tidies what the two leave behind:
 *
 * - Once every function has its own role, the framework's shared role `IamRoleLambdaExecution`
 *   is attached to nothing, yet it still holds the broad statements osls adds for `msk`/`kafka`
 *   events (EC2 network actions on *, kafka:DescribeCluster). An unused role with permissions is a
 *   liability, so it is removed from the template.
 * - The per-function-role plugin makes each function DependsOn its role although `Role: GetAtt`
 *   already orders them (cfn-lint W3005); the redundant entry is dropped.
 */
import type { Cfn } from './types';

const SHARED_ROLE = 'IamRoleLambdaExecution';

interface Template {
  Resources: Record<string, Cfn>;
  Outputs?: Record<string, Cfn>;
}

export function removeUnusedSharedRole(template: Template): void {
  if (!template.Resources[SHARED_ROLE]) return;
  const { [SHARED_ROLE]: _, ...others } = template.Resources;
  const stillUsed = JSON.stringify({ others, outputs: template.Outputs }).includes(`"${SHARED_ROLE}"`);
  if (stillUsed) {
    throw new Error(
      `${SHARED_ROLE} is still referenced; give every function iamRoleStatements so it gets its own role`,
    );
  }
  delete template.Resources[SHARED_ROLE];
}

export function dropDependsOnImpliedByRole(template: Template): void {
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !Array.isArray(resource.DependsOn)) continue;
    const role = resource.Properties?.Role?.['Fn::GetAtt']?.[0];
    if (role) resource.DependsOn = resource.DependsOn.filter((id: string) => id !== role);
  }
}

export class StackPlugin {
  readonly hooks: Record<string, () => void>;

  constructor(serverless: { service: { provider: { compiledCloudFormationTemplate: Template } } }) {
    this.hooks = {
      'before:package:finalize': () => {
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        removeUnusedSharedRole(template);
        dropDependsOnImpliedByRole(template);
      },
    };
  }
}
