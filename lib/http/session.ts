/**
 * Auth.js v5 for the browser: email + password (Credentials provider), JWT sessions.
 * The session token carries the user id and token version, so a password change or
 * "sign out everywhere" ends browser sessions as well as API tokens.
 */
import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/domain/users/service";
import { loginSchema } from "@/lib/domain/validators/auth";
import { guardLogin } from "@/lib/http/rate-limit";
import { env } from "@/lib/platform/env";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
  interface User {
    tokenVersion?: number;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error: Error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin")
        return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        const parsed = loginSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          await guardLogin(request, parsed.data.email);
          const user = await authenticate(await getDb(), parsed.data.email, parsed.data.password);
          return { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion };
        } catch {
          return null;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.tv = user.tokenVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      (session as unknown as { tv?: number }).tv = typeof token.tv === "number" ? token.tv : 0;
      return session;
    },
  },
}));
