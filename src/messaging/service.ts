import { createTransport } from 'nodemailer';
import { type Clock, type Logger, newId } from '../platform/index.js';
import { type Db, decodeCursor, type Page } from '../storage/index.js';
import {
  type EmailMessage,
  emailMessageSchema,
  type MessagingSettings,
  messagingErrors,
  type OutboxMessage,
  type SendResult,
  type UpdateMessagingSettingsInput,
  updateMessagingSettingsSchema,
} from './model.js';
import { messagingStore } from './store.js';

export interface MailerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** `smtp://user:pass@host:port` or `smtps://…`; without it, messages go to the dev outbox. */
  smtpUrl?: string;
  /** The from-address of tenants that have not set their own. */
  defaultFrom: string;
}

export type Mailer = ReturnType<typeof createMailer>;

/**
 * Email delivery. Through SMTP when a server is configured; otherwise into the dev outbox,
 * a table the admin API shows, so a newcomer can sign up with no mail server. Bodies carry
 * codes and links: they are never logged.
 */
export function createMailer({ db, clock, logger, smtpUrl, defaultFrom }: MailerDeps) {
  const transport = smtpUrl ? createTransport(smtpUrl) : undefined;
  const log = logger.child({ component: 'mailer' });

  async function fromOf(tenantId: string, override: string | undefined): Promise<string> {
    return override ?? (await messagingStore.fromAddress(db, tenantId)) ?? defaultFrom;
  }

  return {
    /** Where messages go: `smtp` with a mail server configured, `outbox` without. */
    delivery: (transport ? 'smtp' : 'outbox') as SendResult['delivery'],

    /** Sends one email from the tenant's from-address (or `message.from`). */
    async send(tenantId: string, message: EmailMessage): Promise<SendResult> {
      const { to, subject, text, html, from: override } = emailMessageSchema.parse(message);
      const from = await fromOf(tenantId, override);
      const id = newId();
      if (transport) {
        try {
          await transport.sendMail({
            from,
            to,
            subject,
            text,
            ...(html !== undefined && { html }),
            messageId: `<${id}@gatehouse>`,
          });
        } catch (error) {
          // The error of a mail server can quote the envelope, never the body.
          log.warn(
            { tenantId, messageId: id, to, subject, err: { message: (error as Error).message } },
            'email delivery failed',
          );
          throw messagingErrors.deliveryFailed();
        }
        log.info({ tenantId, messageId: id, to, subject }, 'email sent');
        return { id, delivery: 'smtp' };
      }
      await messagingStore.insertOutbox(db, {
        id,
        tenant_id: tenantId,
        created_at: clock.now().toISOString(),
        from,
        to,
        subject,
        text,
        html: html ?? null,
        status: 'stored',
      });
      log.info(
        { tenantId, messageId: id, to, subject },
        `email stored in the dev outbox, not sent (no GATEHOUSE_SMTP_URL); its body is at GET /api/v1/tenants/${tenantId}/outbox`,
      );
      return { id, delivery: 'outbox' };
    },

    /** The dev outbox of a tenant, newest first. */
    listOutbox(tenantId: string, page: { top: number; skipToken?: string }): Promise<Page<OutboxMessage>> {
      return messagingStore.listOutbox(
        db,
        tenantId,
        page.top,
        page.skipToken ? decodeCursor(page.skipToken) : undefined,
      );
    },

    async getSettings(tenantId: string): Promise<MessagingSettings> {
      return { fromAddress: await messagingStore.fromAddress(db, tenantId) };
    },

    async updateSettings(tenantId: string, input: UpdateMessagingSettingsInput): Promise<MessagingSettings> {
      const { fromAddress } = updateMessagingSettingsSchema.parse(input);
      await messagingStore.setFromAddress(db, tenantId, fromAddress, clock.now().toISOString());
      return { fromAddress };
    },

    /** Closes the SMTP connections. */
    async close(): Promise<void> {
      transport?.close();
    },
  };
}
