// Shows a dialog outside the console's React tree and resolves with what it reports. Lets the login extension
// points (plain functions called by the login page) ask for input without changes to the page itself.
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export function mountModal<T>(render: (done: (value: T) => void) => ReactNode): Promise<T> {
  return new Promise<T>((resolve) => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    const done = (value: T) => {
      root.unmount();
      host.remove();
      resolve(value);
    };
    root.render(<StrictMode>{render(done)}</StrictMode>);
  });
}
