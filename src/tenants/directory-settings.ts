import { z } from 'zod';
import { AppError, type Clock, newId } from '../platform/index.js';
import type { Db } from '../storage/index.js';

/**
 * A tenant's directory settings, as Microsoft Graph's `directorySetting`: the values of a
 * system `directorySettingTemplate`, at most one setting per template. Gatehouse has one
 * template, Password Rule Settings (Entra's id), with the values it enforces: smart lockout's
 * threshold and duration. A tenant without the setting gets the operator's defaults.
 */

export const PASSWORD_RULE_SETTINGS = '5cf42378-d67d-4f36-ba46-e8b86229381d';

export interface SettingValue {
  name: string;
  value: string;
}

/** Graph `settingTemplateValue`. */
export interface SettingTemplateValue {
  name: string;
  type: 'System.Int32';
  defaultValue: string;
  description: string;
}

export interface DirectorySettingTemplate {
  id: string;
  displayName: string;
  description: string;
  values: SettingTemplateValue[];
}

export interface DirectorySetting {
  id: string;
  displayName: string;
  templateId: string;
  values: SettingValue[];
}

/** The operator's lockout (GATEHOUSE_LOCKOUT_THRESHOLD / _DURATION): the templates' defaults. */
export interface LockoutDefaults {
  lockoutThreshold: number;
  lockoutDurationSeconds: number;
}

export interface TenantLockout {
  threshold: number;
  durationMs: number;
}

/** The bounds of each value (the same as the operator's settings). */
const RANGES: Record<string, { min: number; max: number }> = {
  LockoutThreshold: { min: 1, max: 1000 },
  LockoutDurationInSeconds: { min: 1, max: 3600 },
};

const valuesSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(128),
      value: z.string().max(64, 'must be at most 64 characters'),
    }),
  )
  .max(32);

export const createDirectorySettingSchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  /** Read-only in Graph; accepted (and ignored) so a setting read from Graph can be posted back. */
  displayName: z.string().max(256).optional(),
  values: valuesSchema.default([]),
});
export const updateDirectorySettingSchema = z.strictObject({ values: valuesSchema });

export type CreateDirectorySettingInput = z.input<typeof createDirectorySettingSchema>;
export type UpdateDirectorySettingInput = z.input<typeof updateDirectorySettingSchema>;

export const directorySettingErrors = {
  notFound: (id: string) =>
    new AppError(
      'directory_setting_not_found',
      'notFound',
      `Directory setting '${id}' does not exist.`,
      'id',
    ),
  templateNotFound: (id: string) =>
    new AppError(
      'directory_setting_template_not_found',
      'notFound',
      `Directory setting template '${id}' does not exist.`,
      'templateId',
    ),
  exists: (templateId: string) =>
    new AppError(
      'directory_setting_exists',
      'conflict',
      `The tenant already has a setting of template '${templateId}': update it instead.`,
      'templateId',
    ),
  invalidValue: (index: number, message: string) =>
    new AppError('invalid_request', 'invalid', message, `values.${index}`),
};

export type DirectorySettings = ReturnType<typeof createDirectorySettings>;

export function createDirectorySettings({
  db,
  clock,
  defaults,
}: {
  db: Db;
  clock: Clock;
  defaults: LockoutDefaults;
}) {
  const passwordRules: DirectorySettingTemplate = {
    id: PASSWORD_RULE_SETTINGS,
    displayName: 'Password Rule Settings',
    description: 'Smart lockout: how many wrong passwords lock a sign-in name, and for how long at first.',
    values: [
      {
        name: 'LockoutThreshold',
        type: 'System.Int32',
        defaultValue: String(defaults.lockoutThreshold),
        description: 'The number of failed sign-ins (distinct wrong passwords) before the first lockout.',
      },
      {
        name: 'LockoutDurationInSeconds',
        type: 'System.Int32',
        defaultValue: String(defaults.lockoutDurationSeconds),
        description:
          'The length of the first lockout in seconds; each repeat lockout doubles it (up to an hour).',
      },
    ],
  };
  const templates = [passwordRules];

  const templateOf = (id: string) => {
    const template = templates.find((t) => t.id === id.toLowerCase());
    if (!template) throw directorySettingErrors.templateNotFound(id);
    return template;
  };

  /** The given values over `current`, each checked against the template. */
  function merge(template: DirectorySettingTemplate, current: SettingValue[], given: SettingValue[]) {
    const values = new Map(current.map((v) => [v.name, v.value]));
    const seen = new Set<string>();
    given.forEach(({ name, value }, index) => {
      const known = template.values.find((v) => v.name.toLowerCase() === name.toLowerCase());
      if (!known)
        throw directorySettingErrors.invalidValue(
          index,
          `'${name}' is not a value of ${template.displayName} (${template.values.map((v) => v.name).join(', ')}).`,
        );
      if (seen.has(known.name))
        throw directorySettingErrors.invalidValue(index, `'${known.name}' is given twice.`);
      seen.add(known.name);
      const range = RANGES[known.name];
      const number = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
      if (range && !(number >= range.min && number <= range.max))
        throw directorySettingErrors.invalidValue(
          index,
          `${known.name} must be a whole number from ${range.min} to ${range.max}.`,
        );
      values.set(known.name, String(number));
    });
    return template.values.map((v) => ({ name: v.name, value: values.get(v.name) ?? v.defaultValue }));
  }

  const toSetting = (row: { id: string; template_id: string; setting_values: string }): DirectorySetting => {
    const template = templateOf(row.template_id);
    return {
      id: row.id,
      displayName: template.displayName,
      templateId: template.id,
      values: merge(template, JSON.parse(row.setting_values) as SettingValue[], []),
    };
  };

  const rowOf = (tenantId: string, id: string) =>
    db
      .selectFrom('directory_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();

  async function settingOf(tenantId: string, id: string): Promise<DirectorySetting> {
    const row = await rowOf(tenantId, id);
    if (!row) throw directorySettingErrors.notFound(id);
    return toSetting(row);
  }

  return {
    templates: (): DirectorySettingTemplate[] => templates,
    template: templateOf,

    async list(tenantId: string): Promise<DirectorySetting[]> {
      const rows = await db
        .selectFrom('directory_settings')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('id')
        .execute();
      return rows.map(toSetting);
    },

    get: settingOf,

    async create(tenantId: string, input: CreateDirectorySettingInput): Promise<DirectorySetting> {
      const { templateId, values } = createDirectorySettingSchema.parse(input);
      const template = templateOf(templateId);
      const row = {
        id: newId(),
        tenant_id: tenantId,
        template_id: template.id,
        setting_values: JSON.stringify(merge(template, [], values)),
        updated_at: clock.now().toISOString(),
      };
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('directory_settings')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('template_id', '=', template.id)
          .executeTakeFirst();
        if (existing) throw directorySettingErrors.exists(template.id);
        await trx.insertInto('directory_settings').values(row).execute();
        return toSetting(row);
      });
    },

    async update(
      tenantId: string,
      id: string,
      input: UpdateDirectorySettingInput,
    ): Promise<DirectorySetting> {
      const { values } = updateDirectorySettingSchema.parse(input);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('directory_settings')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) throw directorySettingErrors.notFound(id);
        const merged = merge(templateOf(row.template_id), JSON.parse(row.setting_values), values);
        const setting_values = JSON.stringify(merged);
        await trx
          .updateTable('directory_settings')
          .set({ setting_values, updated_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        return toSetting({ ...row, setting_values });
      });
    },

    async delete(tenantId: string, id: string): Promise<DirectorySetting> {
      const setting = await settingOf(tenantId, id);
      await db
        .deleteFrom('directory_settings')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
      return setting;
    },

    /** The tenant's smart lockout: its Password Rule Settings, else the operator's defaults. */
    async lockoutOf(tenantId: string): Promise<TenantLockout> {
      const row = await db
        .selectFrom('directory_settings')
        .select('setting_values')
        .where('tenant_id', '=', tenantId)
        .where('template_id', '=', PASSWORD_RULE_SETTINGS)
        .executeTakeFirst();
      const values = new Map(
        (row ? (JSON.parse(row.setting_values) as SettingValue[]) : []).map((v) => [v.name, v.value]),
      );
      return {
        threshold: Number(values.get('LockoutThreshold') ?? defaults.lockoutThreshold),
        durationMs: Number(values.get('LockoutDurationInSeconds') ?? defaults.lockoutDurationSeconds) * 1000,
      };
    },
  };
}
