// A link to another area of the UI whose route this area does not import: a real <a> (middle-click, copy
// link) that navigates inside the app on a plain click.
import type { MouseEvent, ReactNode } from 'react';
import { useRouter } from '@tanstack/react-router';

export function AppLink({ href, children }: { href: string; children: ReactNode }) {
  const router = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.history.push(href);
  };
  return (
    <a href={href} onClick={onClick}>
      {children}
    </a>
  );
}
