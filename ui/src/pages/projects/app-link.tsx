// Links to other areas' pages: a run's page (a declared route), and the lineage explorer with a start node,
// whose search this area's types do not know: a real <a href>, followed in place by the router.
import type { MouseEvent, ReactNode } from 'react';
import { Link, useRouter } from '@tanstack/react-router';

export function RunLink({ runId, children }: { runId: string; children: ReactNode }) {
  return (
    <Link to="/runs/$runId" params={{ runId }}>
      {children}
    </Link>
  );
}

export function AppLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  const router = useRouter();
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.history.push(href);
  }
  return (
    <a href={href} onClick={follow} {...(className ? { className } : {})}>
      {children}
    </a>
  );
}

export const lineageHref = (start: string) => `/lineage?start=${encodeURIComponent(start)}`;
