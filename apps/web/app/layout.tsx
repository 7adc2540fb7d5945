import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { Providers } from "@/components/Providers";
import { Shell } from "@/components/Shell";
import { bootScript } from "@/lib/boot-script";
import "./globals.css";

export const metadata: Metadata = { title: "podscope", description: "Run and inspect Kubernetes pods" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: bootScript }} />
      </head>
      <body className="font-sans antialiased">
        <Providers>
          {/* Everything below reads the URL (source, filters, tabs): render it in the browser. */}
          <Suspense fallback={<div className="p-6 text-slate-500">Loading…</div>}>
            <Shell>{children}</Shell>
          </Suspense>
        </Providers>
      </body>
    </html>
  );
}
