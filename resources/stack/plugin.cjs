'use strict';

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
const SHARED_ROLE = 'IamRoleLambdaExecution';

class StackPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:finalize': () => {
        const template = this.serverless.service.provider.compiledCloudFormationTemplate;
        removeUnusedSharedRole(template);
        dropDependsOnImpliedByRole(template);
      },
    };
  }
}

function removeUnusedSharedRole(template) {
  if (!template.Resources[SHARED_ROLE]) return;
  const others = { ...template.Resources };
  delete others[SHARED_ROLE];
  const stillUsed = JSON.stringify({ others, outputs: template.Outputs }).includes(`"${SHARED_ROLE}"`);
  if (stillUsed) {
    throw new Error(
      `${SHARED_ROLE} is still referenced; give every function iamRoleStatements so it gets its own role`,
    );
  }
  delete template.Resources[SHARED_ROLE];
}

function dropDependsOnImpliedByRole(template) {
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !Array.isArray(resource.DependsOn)) continue;
    const role = resource.Properties?.Role?.['Fn::GetAtt']?.[0];
    if (role) resource.DependsOn = resource.DependsOn.filter((id) => id !== role);
  }
}

module.exports = StackPlugin;
module.exports.removeUnusedSharedRole = removeUnusedSharedRole;
module.exports.dropDependsOnImpliedByRole = dropDependsOnImpliedByRole;
