import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, type Me, type Role, api, setCsrfToken, setUnauthorizedHandler } from "../api.ts";
import { type Locale, applyLocale } from "../i18n.ts";

export const ME_KEY = ["me"] as const;

interface SessionValue {
  /** null when signed out. */
  me: Me | null;
  loading: boolean;
  loadError: unknown;
  /** A message to show on the login page (session expired). */
  notice: string | null;
  hasRole(role: Role): boolean;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

async function fetchMe(): Promise<{ me: Me | null; notice: string | null }> {
  try {
    return { me: await api<Me>("GET", "/me"), notice: null };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return { me: null, notice: err.code === "session_expired" ? err.message : null };
    throw err;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: false });
  const [notice, setNotice] = useState<string | null>(null);
  const me = meQuery.data?.me ?? null;

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
  }, [me?.csrfToken]);

  // A signed-in user's saved language wins; it is also what the server uses for its messages.
  useEffect(() => {
    if (me?.user.locale) void applyLocale(me.user.locale);
  }, [me?.user.locale]);

  const expired = meQuery.data?.notice ?? null;
  useEffect(() => {
    if (expired) setNotice(expired);
  }, [expired]);

  const dropSession = useCallback(
    (message: string | null) => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, { me: null, notice: null });
      setNotice(message);
    },
    [qc],
  );

  useEffect(() => {
    setUnauthorizedHandler((error) => dropSession(error.message));
    return () => setUnauthorizedHandler(null);
  }, [dropSession]);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading: meQuery.isPending,
      loadError: meQuery.error,
      notice,
      hasRole: (role) => !!me?.user.roles.some((g) => g.role === role),
      signedIn: (next) => {
        setCsrfToken(next.csrfToken);
        setNotice(null);
        qc.setQueryData(ME_KEY, { me: next, notice: null });
      },
      signOut: async () => {
        try {
          await api("POST", "/auth/logout");
        } finally {
          // Counter PCs are shared: an unsent incident draft must not stay on the device after signing out.
          for (const key of Object.keys(window.localStorage)) {
            if (key.startsWith("mamoru.incident-draft.")) window.localStorage.removeItem(key);
          }
          dropSession(null);
        }
      },
      setLocale: async (locale) => {
        await applyLocale(locale);
        if (me) {
          await api("PATCH", "/me", { locale });
          qc.setQueryData(ME_KEY, { me: { ...me, user: { ...me.user, locale } }, notice: null });
        }
      },
      refresh: async () => {
        await qc.invalidateQueries({ queryKey: ME_KEY });
      },
    }),
    [me, meQuery.isPending, meQuery.error, notice, qc, dropSession],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe while signed out");
  return me;
}
