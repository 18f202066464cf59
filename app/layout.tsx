import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Everynode', template: '%s · Everynode' },
  description: 'Is every node running its DaemonSet agents, and if not, why?',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-sm text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>
          <AppHeader />
          <main className="mx-auto w-full max-w-[1920px] px-5 py-5">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
