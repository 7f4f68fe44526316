import type { Selectable } from 'kysely';
import type { BrandingImagesTable, BrandingTable, Db } from '../storage/index.js';

export type BrandingRow = Selectable<BrandingTable>;
export type ImageRow = Selectable<BrandingImagesTable>;
export type ImageMeta = Omit<ImageRow, 'data'>;

const META_COLUMNS = [
  'tenant_id',
  'locale',
  'name',
  'content_type',
  'sha256',
  'size',
  'width',
  'height',
  'updated_at',
] as const;

export const brandingStore = {
  async rows(db: Db, tenantId: string, locales: string[]): Promise<BrandingRow[]> {
    if (!locales.length) return [];
    return db
      .selectFrom('branding')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('locale', 'in', locales)
      .execute();
  },

  async row(db: Db, tenantId: string, locale: string): Promise<BrandingRow | undefined> {
    return db
      .selectFrom('branding')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('locale', '=', locale)
      .executeTakeFirst();
  },

  /** The localizations of a tenant (not the default row), by tag. */
  async localizations(db: Db, tenantId: string): Promise<BrandingRow[]> {
    return db
      .selectFrom('branding')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('locale', '<>', '0')
      .orderBy('locale')
      .execute();
  },

  async upsert(db: Db, row: BrandingRow): Promise<void> {
    const { tenant_id: _t, locale: _l, ...changes } = row;
    await db
      .insertInto('branding')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'locale']).doUpdateSet(changes))
      .execute();
  },

  async delete(db: Db, tenantId: string, locale: string): Promise<boolean> {
    const result = await db
      .deleteFrom('branding')
      .where('tenant_id', '=', tenantId)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** A new revision for a row whose images changed. */
  async touch(db: Db, tenantId: string, locale: string, revision: string, now: string): Promise<void> {
    await db
      .updateTable('branding')
      .set({ revision, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('locale', '=', locale)
      .execute();
  },

  /** The images of some rows, without their bytes. */
  async imageMeta(db: Db, tenantId: string, locales: string[]): Promise<ImageMeta[]> {
    if (!locales.length) return [];
    return db
      .selectFrom('branding_images')
      .select(META_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('locale', 'in', locales)
      .execute();
  },

  /** One image of the first locale (in the order given) that has it. */
  async image(db: Db, tenantId: string, locales: string[], name: string): Promise<ImageRow | undefined> {
    if (!locales.length) return undefined;
    const rows = await db
      .selectFrom('branding_images')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('locale', 'in', locales)
      .where('name', '=', name)
      .execute();
    for (const locale of locales) {
      const row = rows.find((r) => r.locale === locale);
      if (row) return { ...row, data: Buffer.from(row.data) };
    }
    return undefined;
  },

  async putImage(db: Db, row: ImageRow): Promise<void> {
    const { tenant_id: _t, locale: _l, name: _n, ...changes } = row;
    await db
      .insertInto('branding_images')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'locale', 'name']).doUpdateSet(changes))
      .execute();
  },

  async deleteImage(db: Db, tenantId: string, locale: string, name: string): Promise<boolean> {
    const result = await db
      .deleteFrom('branding_images')
      .where('tenant_id', '=', tenantId)
      .where('locale', '=', locale)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
