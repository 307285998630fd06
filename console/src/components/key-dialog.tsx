import { useState } from 'preact/hooks';

import { setApiKey } from '../lib/api';

/** Asks once for the API key; it stays in sessionStorage until the browser session ends. */
export function KeyDialog({ reason, onDone }: { reason: string; onDone(): void }) {
  const [key, setKey] = useState('');
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="key-title">
      <form
        class="card dialog"
        onSubmit={(event) => {
          event.preventDefault();
          setApiKey(key.trim());
          onDone();
        }}
      >
        <h2 id="key-title">API key</h2>
        <p>{reason}</p>
        <p class="muted">It is kept for this browser session only and sent as the St2-Api-Key header.</p>
        <label>
          Key
          <input
            type="password"
            name="api-key"
            autoComplete="current-password"
            value={key}
            autoFocus
            required
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </label>
        <div class="row">
          <button type="submit" class="primary">
            Use this key
          </button>
        </div>
      </form>
    </div>
  );
}
