import { Route, Routes } from 'react-router';
import { WebhookPage } from './WebhookPage';
import { WebhooksList } from './WebhooksList';

/** /t/:tenantId/webhooks: event webhooks (beyond Entra), each with its delivery log. */
export function Component() {
  return (
    <Routes>
      <Route index element={<WebhooksList />} />
      <Route path=":webhookId" element={<WebhookPage />} />
    </Routes>
  );
}
