"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { createPodscopeClient } from "@/lib/client";
import { captureTokenFromUrl } from "@/lib/token";
import { TRPCProvider } from "@/lib/trpc";

// Stored at module load, before any query or subscription starts (effects of children run first).
if (typeof window !== "undefined") captureTokenFromUrl();

/** Takes the token out of the address bar, through the router so Next does not put it back. */
function StripToken() {
  const router = useRouter();
  useEffect(() => {
    const clean = captureTokenFromUrl();
    if (clean !== null) router.replace(clean, { scroll: false });
  }, [router]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } } }),
  );
  const [trpcClient] = useState(createPodscopeClient);
  return (
    <QueryClientProvider client={client}>
      <TRPCProvider trpcClient={trpcClient} queryClient={client}>
        <StripToken />
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
