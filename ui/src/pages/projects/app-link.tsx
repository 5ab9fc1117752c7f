// A link to a UI path this area's routes do not declare (a run page, the lineage explorer with a start):
// a real <a href>, followed in place by the router so the page does not reload.
import type { MouseEvent, ReactNode } from 'react';
import { useRouter } from '@tanstack/react-router';

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

/** Navigates to a UI path the router's types do not know yet. */
export function useGoTo(): (href: string) => void {
  const router = useRouter();
  return (href) => router.history.push(href);
}

export const runHref = (runId: string) => `/runs/${encodeURIComponent(runId)}`;
export const lineageHref = (start: string) => `/lineage?start=${encodeURIComponent(start)}`;
