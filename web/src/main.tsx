// Entry point of the Keyward console.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { EmailVerifyPage, emailVerifyToken } from './login/email-verify-page.js';
import { ConfirmProvider } from './ui/confirm.js';
import { ToastProvider } from './ui/toast.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
// The FIDO confirmation link opens a public page of its own, whatever the session state.
const verifyToken = emailVerifyToken(window.location);

createRoot(container).render(
  <StrictMode>
    <ToastProvider>
      <ConfirmProvider>
        {verifyToken === null ? <App /> : <EmailVerifyPage token={verifyToken} />}
      </ConfirmProvider>
    </ToastProvider>
  </StrictMode>,
);
