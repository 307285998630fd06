import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

import { KeyDialog } from './components/key-dialog';
import { onAuthNeeded } from './lib/api';
import { useLocation } from './lib/router';
import { NAVIGATION, routeFor } from './routes';

export function App() {
  const location = useLocation();
  const [authReason, setAuthReason] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => onAuthNeeded((reason) => setAuthReason(reason)), []);
  useEffect(() => setMenuOpen(false), [location.path]);
  const route = routeFor(location.path);
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/live">
          Squall
        </a>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
      </header>
      <nav id="nav" class={menuOpen ? 'nav open' : 'nav'} aria-label="Pages">
        <ul>
          {NAVIGATION.map((item) => (
            <NavItem key={item.path} path={item.path} current={route.section === item.path} soon={item.soon}>
              {item.label}
            </NavItem>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} key={generation}>
        {route.render(location)}
      </main>
      {authReason !== null ? (
        <KeyDialog
          reason={authReason}
          onDone={() => {
            setAuthReason(null);
            setGeneration((n) => n + 1);
          }}
        />
      ) : null}
    </div>
  );
}

function NavItem(props: { path: string; current: boolean; soon?: string; children: ComponentChildren }) {
  if (props.soon) {
    return (
      <li>
        <span class="nav-soon" title={props.soon}>
          {props.children}
        </span>
      </li>
    );
  }
  return (
    <li>
      <a href={props.path} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}
