import { AppError } from '../platform/index.js';

/** Built-in directory roles, with Entra's role template ids so tokens read the same (`wids`). */
export const DIRECTORY_ROLES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
} as const;

export interface DirectoryUser {
  id: string;
  tenantId: string;
  displayName: string;
  mail: string | null;
  accountEnabled: boolean;
  createdDateTime: string;
}

/** Emails compare case-insensitively after Unicode normalisation. */
export const mailKey = (mail: string): string => mail.normalize('NFKC').trim().toLowerCase();

export const directoryErrors = {
  mailTaken: () =>
    new AppError('mail_taken', 'conflict', 'Another user already has this email address.', 'mail'),
};
