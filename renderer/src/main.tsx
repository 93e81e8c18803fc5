import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthGate } from './auth/AuthGate';
import './styles/index.css';
import { ConnectionBanner } from './network/ConnectionBanner';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConnectionBanner />
    <AuthGate>
      <App />
    </AuthGate>
  </StrictMode>,
);
