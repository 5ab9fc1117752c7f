// Links between areas. RunLink and LineageLink are typed routes; AppLink takes a computed href (a page chosen
// from data, e.g. a lineage node's) and is still a real <a> (middle-click, copy link) followed in place.
import type { MouseEvent, ReactNode } from 'react';
import { Link, useRouter } from '@tanstack/react-router';

export function RunLink({ runId, children, className }: { runId: string; children: ReactNode; className?: string }) {
  return (
    <Link to="/runs/$runId" params={{ runId }} {...(className ? { className } : {})}>
      {children}
    </Link>
  );
}

export function LineageLink({ start, children, className }: { start: string; children: ReactNode; className?: string }) {
  return (
    <Link to="/lineage" search={{ start }} {...(className ? { className } : {})}>
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
