import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthGate } from './auth/AuthGate';
import { ConnectionBanner } from './network/ConnectionBanner';
import './styles.css';
import './photos.css';
import './messages.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConnectionBanner />
    <AuthGate>
      <App />
    </AuthGate>
  </StrictMode>,
);
