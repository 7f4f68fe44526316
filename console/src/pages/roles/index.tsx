import { Route, Routes } from 'react-router';
import { RolePage } from './RolePage';
import { RolesList } from './RolesList';

/** Roles and administrators: the built-in roles, and each role's page (its assignments). */
export function Component() {
  return (
    <Routes>
      <Route index element={<RolesList />} />
      <Route path=":roleId" element={<RolePage />} />
    </Routes>
  );
}
