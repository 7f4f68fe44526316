import { Route, Routes } from 'react-router';
import { UserPage } from './UserPage';
import { UsersList } from './UsersList';

/** The users area: the list (search, paging, create) and each user's page. */
export function Component() {
  return (
    <Routes>
      <Route index element={<UsersList />} />
      <Route path=":userId" element={<UserPage />} />
    </Routes>
  );
}
