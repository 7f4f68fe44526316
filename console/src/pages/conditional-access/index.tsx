import { Navigate, Route, Routes } from 'react-router';
import { NamedLocationsPage } from './NamedLocations';
import { PoliciesList } from './PoliciesList';
import { PolicyEditorPage } from './PolicyEditor';
import { WhatIfPage } from './WhatIf';

/** /t/:tenantId/conditional-access: policies (list, editor, impact), named locations, What If. */
export function Component() {
  return (
    <Routes>
      <Route index element={<Navigate to="policies" replace />} />
      <Route path="policies" element={<PoliciesList />} />
      <Route path="policies/new" element={<PolicyEditorPage />} />
      <Route path="policies/:policyId" element={<PolicyEditorPage />} />
      <Route path="named-locations" element={<NamedLocationsPage />} />
      <Route path="what-if" element={<WhatIfPage />} />
    </Routes>
  );
}
