import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { Prefetched } from '@/lib/queries/prefetched';
import { prefetchJson, serverQueries } from '@/lib/server-data/prefetch';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Everynode', template: '%s · Everynode' },
  description: 'Is every node running its DaemonSet agents, and if not, why?',
  icons: { icon: '/icon.svg', apple: '/icon-192.png' },
  manifest: '/manifest.webmanifest',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection(); // rendered per request, never at build time: the data is the cluster's now
  // The context list, above the header: it decides which cluster the header and every page show.
  const clusters = await prefetchJson([serverQueries.clusters()]);
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-sm text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers>
          <Prefetched json={clusters}>
            <AppHeader />
            <main className="mx-auto w-full max-w-[1920px] px-5 py-5">{children}</main>
          </Prefetched>
        </Providers>
      </body>
    </html>
  );
}
