import { useEffect, useState } from 'preact/hooks';

/** History-API routing: the server answers index.html for every non-/api path, so links are plain paths. */
type Listener = () => void;
const listeners = new Set<Listener>();

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  for (const listener of listeners) listener();
});

export interface Location {
  path: string;
  params: URLSearchParams;
}

export function useLocation(): Location {
  const read = (): Location => ({ path: location.pathname, params: new URLSearchParams(location.search) });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const listener = (): void => setCurrent(read());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return current;
}

/** Sets one query parameter of the current page without a history entry (filters, paging). */
export function setQuery(values: Record<string, string | number | undefined>): void {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, String(value));
  }
  const text = params.toString();
  navigate(`${location.pathname}${text === '' ? '' : `?${text}`}`, true);
}

/** Same-page navigation for a plain left click on an internal link. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    const anchor = (event.target as Element | null)?.closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || !href.startsWith('/') || anchor.target !== '' || href.startsWith('/api/')) return;
    event.preventDefault();
    navigate(href);
  });
}
