import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createDirectorySettingSchema,
  type DirectorySetting,
  type DirectorySettings,
  tenantIdSchema,
  updateDirectorySettingSchema,
} from '../../tenants/index.js';
import { type AdminAudit, modifiedProperties } from './admin-audit.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const settingParams = z.strictObject({ tenantId: tenantIdSchema, id: z.string().min(1).max(64) });

const READ = 'microsoft.directory/passwordPolicies/allProperties/read';
const UPDATE = 'microsoft.directory/passwordPolicies/allProperties/update';

/** A setting's values by name, for modifiedProperties (one property per value). */
const valuesOf = (setting: DirectorySetting | undefined) =>
  setting && Object.fromEntries(setting.values.map((v) => [v.name, v.value]));

/**
 * Directory settings, as Microsoft Graph's `/settings` and `/directorySettingTemplates` (under
 * the tenant): Password Rule Settings sets the tenant's smart lockout. Every change is audited.
 */
export function directorySettingRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { directorySettings: DirectorySettings; audit: AdminAudit },
) {
  const { directorySettings: settings, audit } = deps;
  const base = '/tenants/:tenantId/settings';
  const tag = 'directorySettings';

  const audited = (
    request: Parameters<AdminAudit>[0],
    tenantId: string,
    activity: string,
    operationType: 'Add' | 'Update' | 'Delete',
    before: DirectorySetting | undefined,
    after: DirectorySetting | undefined,
  ) => {
    const setting = (after ?? before) as DirectorySetting;
    return audit(request, tenantId, {
      category: 'DirectoryManagement',
      activityDisplayName: activity,
      operationType,
      targetResources: [
        {
          id: setting.id,
          type: 'DirectorySetting',
          displayName: setting.displayName,
          modifiedProperties: modifiedProperties(
            valuesOf(before),
            valuesOf(after),
            setting.values.map((v) => v.name),
          ),
        },
      ],
    });
  };

  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/directorySettingTemplates',
      summary: 'List directory setting templates',
      tag,
      params: tenantParams,
      status: 200,
      description: 'The directorySettingTemplate objects a setting can be made from (Password Rule Settings)',
      action: READ,
    },
    async () => ({ value: settings.templates() }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/directorySettingTemplates/:id',
      summary: 'Get a directory setting template',
      tag,
      params: settingParams,
      status: 200,
      description: 'The directorySettingTemplate, with each value: name, type, defaultValue, description',
      action: READ,
    },
    async ({ params }) => settings.template(params.id),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: base,
      summary: "List the tenant's directory settings",
      tag,
      params: tenantParams,
      status: 200,
      description:
        'The directorySetting objects of the tenant (a template the tenant has none of uses its defaults)',
      action: READ,
    },
    async ({ params }) => ({ value: await settings.list(params.tenantId) }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/:id`,
      summary: 'Get a directory setting',
      tag,
      params: settingParams,
      status: 200,
      description: 'The directorySetting',
      action: READ,
    },
    async ({ params }) => settings.get(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: base,
      summary: 'Create a directory setting',
      tag,
      params: tenantParams,
      body: createDirectorySettingSchema,
      status: 201,
      description:
        'From a template: {templateId, values: [{name, value}]}; values left out take the template defaults. One setting per template (409 if the tenant has it).',
      action: UPDATE,
    },
    async ({ params, body, request }) => {
      const created = await settings.create(params.tenantId, body);
      await audited(request, params.tenantId, 'Add directory setting', 'Add', undefined, created);
      return created;
    },
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/:id`,
      summary: 'Update a directory setting',
      tag,
      params: settingParams,
      body: updateDirectorySettingSchema,
      status: 204,
      description: '{values: [{name, value}]}: the values given change, the others stay',
      action: UPDATE,
    },
    async ({ params, body, request }) => {
      const before = await settings.get(params.tenantId, params.id);
      const after = await settings.update(params.tenantId, params.id, body);
      await audited(request, params.tenantId, 'Update directory setting', 'Update', before, after);
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/:id`,
      summary: 'Delete a directory setting',
      tag,
      params: settingParams,
      status: 204,
      description: "The tenant goes back to the template's defaults",
      action: UPDATE,
    },
    async ({ params, request }) => {
      const deleted = await settings.delete(params.tenantId, params.id);
      await audited(request, params.tenantId, 'Delete directory setting', 'Delete', deleted, undefined);
    },
  );
}
