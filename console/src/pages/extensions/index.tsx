import { Navigate, Route, Routes } from 'react-router';
import { ClaimsMappingPage } from './ClaimsMapping';
import { ExtensionPage } from './ExtensionPage';
import { ExtensionsList } from './ExtensionsList';
import { NewExtension } from './NewExtension';

/**
 * /t/:tenantId/extensions: custom authentication extensions (list, wizard, each with its
 * applications) and the claims mapping policies that let their claims into tokens.
 */
export function Component() {
  return (
    <Routes>
      <Route index element={<Navigate to="custom" replace />} />
      <Route path="custom" element={<ExtensionsList />} />
      <Route path="custom/new" element={<NewExtension />} />
      <Route path="custom/:extensionId/*" element={<ExtensionPage />} />
      <Route path="claims-mapping" element={<ClaimsMappingPage />} />
    </Routes>
  );
}
