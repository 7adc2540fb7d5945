"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { captureTokenFromUrl } from "@/lib/token";

// Runs before the first query: the token must be in localStorage before any call is made.
if (typeof window !== "undefined") captureTokenFromUrl();

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
