import { Route, Routes } from 'react-router';
import { GroupPage } from './GroupPage';
import { GroupsList } from './GroupsList';

/** The groups area: the list (create) and each group's page (members). */
export function Component() {
  return (
    <Routes>
      <Route index element={<GroupsList />} />
      <Route path=":groupId" element={<GroupPage />} />
    </Routes>
  );
}
