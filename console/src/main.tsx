import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createUserManager } from './auth/auth';
import { loadConfig } from './config';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig()
  .then((config) => {
    root.render(
      <StrictMode>
        <App config={config} manager={createUserManager(config)} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">The console could not start: {String(error)}</p>);
  });
